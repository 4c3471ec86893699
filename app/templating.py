"""Template filters and globals: dates in the documents' style, role names, the active pack."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context
from flask_login import current_user

from app.clock import pinned_today
from app.models.users import ROLE_LABELS


def format_date(value):
    """'July 17, 2009' (the style of the state's letters); '' for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return f"{value:%B} {value.day}, {value.year}"


def format_instant(value, tz_name=None):
    """An instant in the pack's time zone: 'April 9, 2009, 5:00 PM CDT'."""
    if value is None:
        return ""
    tz = ZoneInfo(tz_name or current_app.config.get("DISPLAY_TIMEZONE", "America/Chicago"))
    local = value.astimezone(tz)
    hour = local.strftime("%I").lstrip("0")
    return f"{format_date(local.date())}, {hour}:{local:%M %p %Z}"


def register(app):
    """Install filters and context processors on `app`."""
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["instant"] = format_instant
    app.jinja_env.globals["ROLE_LABELS"] = ROLE_LABELS

    @app.context_processor
    def inject():
        from app.navigation import nav_items

        if not has_request_context():  # a letter rendered by `flask ses sweep`: no user
            return {"current_roles": [], "nav_items": [], "pinned_today": None}
        roles = sorted(current_user.roles) if current_user.is_authenticated else []
        return {"current_roles": roles, "nav_items": nav_items(current_user),
                "pinned_today": pinned_today()}
