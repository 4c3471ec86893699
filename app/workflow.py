"""Moving an application through the transition table: the one operation every state change of
an application goes through, so each move is checked by the engine and audited in the same
transaction."""

from app.audit import record_change
from workflows.engine import next_state


def apply_event(application, event, *, actor, role, guards=None, reason=None):
    """Take `event` on `application` as `actor` acting in `role` ("system" for the sweep).

    `guards` maps each guard the table names for this move to whether it holds (a guard left out
    counts as failed). Raises `workflows.engine.InvalidTransition` with a readable reason when the
    move is refused; otherwise sets the new state, writes the audit entry, flushes, and returns
    the new state's value.
    """
    before = application.state
    after = next_state(before, event, role, guards or {}).value
    application.state = after
    record_change(application, event, actor=actor, from_state=before, to_state=after,
                  reason=reason)
    return after
