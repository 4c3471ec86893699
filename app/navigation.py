"""The main navigation: which links each role sees. A link appears only when its page exists
and the user holds one of its roles (the page itself still checks its permission)."""

from flask import current_app, url_for

# (endpoint, label, roles); "public" shows the link to everyone, signed in or not.
NAV = (
    ("directory.index", "Approved providers", ("public",)),
    ("applications.my_applications", "Our applications", ("provider",)),
    ("reviews.queue", "Review queue", ("reviewer",)),
    ("reviews.applications", "Applications", ("coordinator",)),
    ("reviews.cycles", "Cycles", ("coordinator",)),
    ("monitoring.violations", "Violations", ("coordinator", "provider")),
    ("monitoring.visits", "Monitoring visits", ("coordinator", "provider")),
    ("monitoring.complaints", "Complaints", ("coordinator", "district")),
    ("outcomes.uploads", "Outcome data", ("coordinator", "district")),
    ("outcomes.effectiveness", "Effectiveness", ("coordinator",)),
    ("outcomes.final_reports", "Final reports", ("provider", "district")),
    ("appeals.cases", "Removal cases", ("coordinator",)),
    ("appeals.my_cases", "Removal and appeal", ("provider",)),
    ("appeals.committee_appeals", "Appeals", ("committee",)),
    ("appeals.deadlines", "Deadlines", ("coordinator",)),
    ("letters.index", "Letters", ("provider", "district", "coordinator")),
    ("admin.users", "Accounts", ("coordinator",)),
    ("admin.audit_log", "Audit log", ("coordinator",)),
)


def nav_items(user):
    """[{url, label}] for `user` (anonymous users get the public links)."""
    roles = set(user.roles) if user.is_authenticated else set()
    items = []
    for endpoint, label, allowed in NAV:
        if endpoint not in current_app.view_functions:
            continue
        if "public" in allowed or roles.intersection(allowed):
            items.append({"url": url_for(endpoint), "label": label, "endpoint": endpoint})
    return items
