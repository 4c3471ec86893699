"""Today's date and the current instant, as the application sees them.

Deadlines are counted in the state's days, so "today" is the date in the policy pack's time
zone. Tests and demonstrations pin it with the FIXED_TODAY setting (a date or an ISO date; the
environment's SES_TODAY or FIXED_TODAY sets it, see config.py): the training clock, announced by
a banner on every page. Operations never read the clock themselves: views pass `today` to them.
"""

from datetime import date, datetime, time

from flask import current_app

from app.models.types import utcnow


def pinned_today():
    """The pinned date when the training clock is set, else None."""
    fixed = current_app.config.get("FIXED_TODAY")
    if not fixed:
        return None
    return fixed if isinstance(fixed, date) else date.fromisoformat(fixed)


def today(policy=None):
    """The current date in `policy`'s time zone (the default pack's when None)."""
    fixed = pinned_today()
    if fixed:
        return fixed
    if policy is None:
        from app.core.policy import default_policy

        policy = default_policy()
    return utcnow().astimezone(policy.tzinfo).date()


def now():
    """The current instant (timezone-aware). With FIXED_TODAY set: noon UTC of that day."""
    day = pinned_today()
    if day:
        return datetime.combine(day, time(12, 0), tzinfo=utcnow().tzinfo)
    return utcnow()
