"""Template filters and globals: dates in the documents' style, role names, the active pack."""

from zoneinfo import ZoneInfo

from flask import current_app, has_request_context
from flask_login import current_user

from app.clock import pinned_today
from app.core.dates import long_date
from app.core.policy import default_policy
from app.models.users import ROLE_LABELS
from workflows.policy import available_policies, load_policy
from workflows.states import ApplicationState


def timezone_of(where=None):
    """The time zone name to show an instant in: `where` is a zone name, or a record judged
    under a policy pack (a cycle, an application, a letter or version of one, an organization:
    its latest application's pack, else its district's state's). Anything else, or nothing,
    shows in DISPLAY_TIMEZONE if configured, else the default pack's zone (issue 11: NC and MA
    deadlines are Eastern, never shown in Central time)."""
    if isinstance(where, str):
        return where
    code = getattr(where, "policy_code", None)
    if code:
        return load_policy(code).timezone
    for attribute in ("cycle", "application", "organization"):
        inner = getattr(where, attribute, None)
        if inner is not None:
            return timezone_of(inner)
    applications = getattr(where, "applications", None)
    if applications:
        return timezone_of(max(applications, key=lambda a: a.id))
    state = getattr(getattr(where, "district", None), "state", None)
    pack = next((c for c in available_policies() if load_policy(c).state == state), None)
    if pack:
        return load_policy(pack).timezone
    return current_app.config.get("DISPLAY_TIMEZONE") or default_policy().timezone


def format_instant(value, where=None):
    """An instant in the pack's time zone: 'April 9, 2009, 5:00 PM CDT'. `where` is a zone
    name or a record whose pack decides (see `timezone_of`)."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(timezone_of(where)))
    hour = local.strftime("%I").lstrip("0")
    return f"{long_date(local.date())}, {hour}:{local:%M %p %Z}"


def register(app):
    """Install filters and context processors on `app`."""
    from app.core.lifecycle import allowed_events
    from workflows import states

    app.jinja_env.filters["date"] = long_date
    # Pages offer a record's actions only for the events its table allows the viewer's role,
    # and name a state by its enum member (`lifecycle_states.AppealState.RESCINDED`).
    app.jinja_env.globals["allowed_events"] = allowed_events
    app.jinja_env.globals["lifecycle_states"] = states
    app.jinja_env.filters["instant"] = format_instant
    app.jinja_env.globals["ROLE_LABELS"] = ROLE_LABELS
    # Templates compare states with the enum, never a literal (issue 12).
    app.jinja_env.globals["ApplicationState"] = ApplicationState

    @app.context_processor
    def inject():
        from app.navigation import nav_groups, nav_items

        if not has_request_context():  # a letter rendered by `flask ses sweep`: no user
            return {"current_roles": [], "nav_items": [], "nav_groups": [], "pinned_today": None}
        roles = sorted(current_user.roles) if current_user.is_authenticated else []
        items = nav_items(current_user)
        return {
            "current_roles": roles,
            "nav_items": items,
            "nav_groups": nav_groups(items),
            "pinned_today": pinned_today(),
        }
