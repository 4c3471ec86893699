"""What the removal and appeal operations share: the policy pack and the working calendar
(state holidays plus the agency's closure days) their deadlines count in."""

from flask import abort
from flask_login import current_user

from app.extensions import db
from app.models import ClosureDay
from app.templating import format_date
from workflows.policy import load_policy


def policy_for(application):
    """The policy pack the application is judged under (its cycle's)."""
    return load_policy(application.cycle.policy_code)


def working_calendar(policy):
    """The pack's working calendar with the agency's recorded closure days for its state."""
    rows = db.session.execute(
        db.select(ClosureDay.closed_on, ClosureDay.reason).where(ClosureDay.state == policy.state)
    ).all()
    return policy.calendar_with({closed_on: reason for closed_on, reason in rows})


def due_date(application, rule, start):
    """`rule`'s due date for `application` when its clock starts on `start` (None: not started).

    Counted in the pack's working days with the agency's closures (DESIGN.md section 3).
    """
    if start is None:
        return None
    policy = policy_for(application)
    return policy.due_date(rule, start, calendar=working_calendar(policy))


def long_date(value):
    """'July 17, 2009': the dates in refusals read like the letters."""
    return format_date(value)




def load_or_403(model, record_id, predicate):
    """The record, or 404; 403 unless `predicate(current_user, record)` allows it."""
    record = db.get_or_404(model, record_id)
    if not predicate(current_user, record):
        abort(403)
    return record
