"""What the removal and appeal operations share: their deadlines, counted in the pack's working
calendar (state holidays plus the agency's closure days)."""

from app.core.calendar import working_calendar
from app.core.policy import policy_of


def due_date(application, rule, start):
    """`rule`'s due date for `application` when its clock starts on `start` (None: not started).

    Counted in the pack's working days with the agency's closures (DESIGN.md section 3).
    """
    if start is None:
        return None
    policy = policy_of(application)
    return policy.due_date(rule, start, calendar=working_calendar(policy))
