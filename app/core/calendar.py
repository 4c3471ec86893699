"""Working-day calendars that count the agency's closure days stored in the database.

`policy.calendar` knows the state holidays only; a governor's proclamation closing the offices is
entered by the coordinator as a ClosureDay (DESIGN.md section 3) and must move every deadline
computed after it. Every deadline computation in the app goes through `working_calendar`.
"""

from app.extensions import db
from app.models import ClosureDay


def closures_for(state):
    """{date: reason} of the agency closure days entered for `state` (e.g. "SD")."""
    rows = db.session.execute(
        db.select(ClosureDay.closed_on, ClosureDay.reason).where(ClosureDay.state == state)
    ).all()
    return {closed_on: reason for closed_on, reason in rows}


def working_calendar(policy):
    """`policy`'s working calendar plus the closure days stored for its state."""
    return policy.calendar_with(closures_for(policy.state))
