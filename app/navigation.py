"""The main navigation: which links each role sees. A link appears only when its page exists
and the user holds one of its roles (the page itself still checks its permission)."""

from flask import current_app, url_for

# (endpoint, label, roles); "public" shows the link to everyone, signed in or not, and
# "anonymous" only to visitors who are signed out.
NAV = (
    ("directory.index", "Approved providers", ("public",)),
    ("reports.effectiveness", "Effectiveness report", ("public",)),
    ("applications.register", "Register your organization", ("anonymous",)),
    ("applications.organization", "Your organization", ("provider",)),
    ("reviews.queue", "Review queue", ("reviewer",)),
    ("reviews.applications", "Applications", ("coordinator",)),
    ("reviews.cycles", "Cycles", ("coordinator",)),
    ("reference.index", "Districts and schools", ("coordinator",)),
    ("monitoring.violations", "Violations", ("coordinator", "provider")),
    ("monitoring.visits", "Monitoring visits", ("coordinator", "provider")),
    ("monitoring.complaints", "Complaints", ("coordinator", "district")),
    ("outcomes.uploads", "Outcome data", ("coordinator", "district")),
    ("outcomes.effectiveness", "Effectiveness", ("coordinator",)),
    ("outcomes.final_reports", "Final reports", ("coordinator", "provider", "district")),
    ("appeals.cases", "Removal cases", ("coordinator", "provider")),
    ("appeals.appeals", "Appeals", ("coordinator", "provider", "committee")),
    ("appeals.deadlines", "Deadlines", ("coordinator",)),
    ("letters.index", "Letters", ("provider", "district", "coordinator")),
    ("admin.users", "Accounts", ("coordinator",)),
    ("admin.audit_log", "Audit log", ("coordinator",)),
)


def nav_items(user):
    """[{url, label}] for `user` (anonymous users get the public links)."""
    roles = set(user.roles) if user.is_authenticated else {"anonymous"}
    items = []
    for endpoint, label, allowed in NAV:
        if endpoint not in current_app.view_functions:
            continue
        if "public" in allowed or roles.intersection(allowed):
            values = _url_values(endpoint, user)
            if values is not None:
                items.append({"url": url_for(endpoint, **values), "label": label,
                              "endpoint": endpoint})
    return items


def _url_values(endpoint, user):
    """Arguments for links that point at the user's own record; None hides the link."""
    if endpoint == "applications.organization":
        return {"org_id": user.organization_id} if user.organization_id else None
    return {}
