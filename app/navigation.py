"""The main navigation: which links each role sees. A link appears only when its page exists
and the user holds one of its roles (the page itself still checks its permission)."""

from flask import current_app, request, url_for

from app.i18n import N_  # the public links are translated on the parent-facing pages

# (endpoint, label, roles); "public" shows the link to everyone, signed in or not, and
# "anonymous" only to visitors who are signed out.
NAV = (
    ("directory.index", N_("Approved providers"), ("public",)),
    ("reports.effectiveness", N_("Effectiveness report"), ("public",)),
    ("applications.register", N_("Register your organization"), ("anonymous",)),
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

# Menu groups for a long menu (the coordinator's 17 links filled half a phone screen, issue
# 11): endpoint -> group label; links not listed stay at the top level.
GROUPS = {
    "reviews.applications": "Applications",
    "reviews.cycles": "Applications",
    "monitoring.violations": "Monitoring",
    "monitoring.visits": "Monitoring",
    "monitoring.complaints": "Monitoring",
    "outcomes.uploads": "Outcomes",
    "outcomes.effectiveness": "Outcomes",
    "outcomes.final_reports": "Outcomes",
    "appeals.cases": "Removal and appeals",
    "appeals.appeals": "Removal and appeals",
    "appeals.deadlines": "Removal and appeals",
    "letters.index": "Records",
    "admin.users": "Records",
    "admin.audit_log": "Records",
}
GROUP_FROM = 8  # a menu of more links than this is grouped


def nav_groups(items):
    """[(group label or None, [item])] in menu order; a short menu stays flat (one group)."""
    if len(items) <= GROUP_FROM:
        return [(None, items)]
    groups: list[tuple[str | None, list]] = []
    for item in items:
        label = GROUPS.get(item["endpoint"])
        if groups and groups[-1][0] == label and label is not None:
            groups[-1][1].append(item)
        else:
            groups.append((label, [item]))
    return groups


def nav_items(user):
    """[{url, label}] for `user` (anonymous users get the public links)."""
    roles = frozenset(user.roles) if user.is_authenticated else frozenset({"anonymous"})
    items = []
    for endpoint, label, url in _links_for(roles):
        if url is None:  # a link to the user's own record: decided per request
            values = _url_values(endpoint, user)
            if values is None:
                continue
            url = url_for(endpoint, **values)
        items.append({"url": url, "label": label, "endpoint": endpoint})
    return items


def _links_for(roles):
    """(endpoint, label, url or None) of the links `roles` may see; None marks a link whose URL
    or presence depends on the user's own records. Kept per application, role set and script
    root: routes never change while the process runs, and what a link shows is no permission
    (each page still checks its own), so a role change shows in the very next request."""
    cache = current_app.extensions.setdefault("ses_navigation", {})
    key = (roles, request.script_root)
    links = cache.get(key)
    if links is None:
        links = cache[key] = tuple(
            (endpoint, label, None if _per_user(endpoint, roles) else url_for(endpoint))
            for endpoint, label, allowed in NAV
            if endpoint in current_app.view_functions
            and ("public" in allowed or roles.intersection(allowed))
        )
    return links


def _per_user(endpoint, roles):
    """Whether the link's URL or presence depends on the user's own records."""
    return endpoint == "applications.organization" or (
        endpoint in PROVIDER_RECORDS and roles == {"provider"}
    )


def _url_values(endpoint, user):
    """Arguments for links that point at the user's own record; None hides the link."""
    if endpoint == "applications.organization":
        return {"org_id": user.organization_id} if user.organization_id else None
    if (
        endpoint in PROVIDER_RECORDS
        and user.is_authenticated
        and not set(user.roles) - {"provider"}
        and not _provider_has(endpoint, user)
    ):
        return None
    return {}


# Pages a provider sees only once its organization has such a record (issue 11: a provider
# that never applied sees no Violations, Monitoring visits, Removal cases or Appeals).
PROVIDER_RECORDS = (
    "monitoring.violations",
    "monitoring.visits",
    "appeals.cases",
    "appeals.appeals",
)


def _provider_has(endpoint, user):
    """Whether the provider's organization has a record the page lists."""
    from app.extensions import db
    from app.models import Appeal, Application, MonitoringVisit, RemovalCase, Violation

    if not user.organization_id:
        return False
    own = db.select(Application.id).where(Application.organization_id == user.organization_id)
    query = {
        "monitoring.violations": db.select(Violation.id).where(
            Violation.organization_id == user.organization_id
        ),
        "monitoring.visits": db.select(MonitoringVisit.id).where(
            MonitoringVisit.application_id.in_(own)
        ),
        "appeals.cases": db.select(RemovalCase.id).where(RemovalCase.application_id.in_(own)),
        "appeals.appeals": db.select(Appeal.id)
        .join(RemovalCase)
        .where(RemovalCase.application_id.in_(own)),
    }[endpoint]
    return db.session.scalar(query.limit(1)) is not None
