"""Moving any record through its lifecycle: the one code path that writes a `state` or
`status` (shared/DESIGN.md section 4), so every move is checked by the engine against its
machine's table (`workflows.lifecycles.MACHINES`) and audited in the same transaction."""

from __future__ import annotations

from functools import cache

from app.audit import record_change
from app.refusals import Refused
from workflows.engine import InvalidTransition, next_state
from workflows.engine import allowed_events as table_events
from workflows.machine import Machine


@cache
def _lifecycles():
    """Model class -> (its machine, the column holding its state)."""
    from app import models as m
    from workflows import lifecycles as lc

    return {
        m.Application: (lc.APPLICATION, "state"),
        m.Violation: (lc.VIOLATION, "status"),
        m.Complaint: (lc.COMPLAINT, "status"),
        m.MonitoringVisit: (lc.VISIT, "status"),
        m.CorrectiveAction: (lc.CORRECTIVE_ACTION, "status"),
        m.ScoreSheet: (lc.SCORE_SHEET, "status"),
        m.Condition: (lc.CONDITION, "status"),
        m.RemovalCase: (lc.REMOVAL_CASE, "status"),
        m.Appeal: (lc.APPEAL, "status"),
        m.OutcomeUploadJob: (lc.UPLOAD_JOB, "status"),
    }


def machine_of(entity) -> tuple[Machine, str]:
    """The machine `entity` (a model instance or class) moves through, and its state column."""
    cls = entity if isinstance(entity, type) else type(entity)
    try:
        return _lifecycles()[cls]
    except KeyError:
        raise TypeError(f"{cls.__name__} has no lifecycle") from None


def state_of(entity):
    """`entity`'s current state, as its machine's enum member."""
    machine, column = machine_of(entity)
    return machine.state(getattr(entity, column))


def allowed_events(entity, role: str) -> list[str]:
    """The events `role` may take on `entity` now (guards not evaluated): what a page offers."""
    machine, column = machine_of(entity)
    return table_events(getattr(entity, column), role, machine=machine)


def apply_event(entity, event, *, actor, role, guards=None, reason=None):
    """Take `event` on `entity` as `actor` acting in `role` ("system" for the sweep).

    `guards` maps each guard the table names for this move to whether it holds (a guard left out
    counts as failed). Raises `workflows.engine.InvalidTransition` with a readable reason when the
    move is refused; otherwise sets the new state, writes the audit entry, flushes, and returns
    the new state's value. A move that keeps the state (a note, a member appointed) is checked and
    audited the same way.
    """
    machine, column = machine_of(entity)
    before = getattr(entity, column)
    after = next_state(before, event, role, guards or {}, machine=machine).value
    setattr(entity, column, after)
    record_change(entity, event, actor=actor, from_state=before, to_state=after, reason=reason)
    return after


def refusal_of(entity, event, *, role, guards=None):
    """Why the table refuses `event` on `entity` for `role` now (an InvalidTransition), or None.

    Nothing changes: an operation asks before it touches the record, so a refusal can name what
    the record already holds (when it was decided) rather than what the move would have set.
    """
    machine, column = machine_of(entity)
    try:
        next_state(getattr(entity, column), event, role, guards or {}, machine=machine)
    except InvalidTransition as error:
        return error
    return None


def require_event(entity, event, *, role, guards=None, explain=None, when_decided=None):
    """Refuse (`Refused`, a conflict) unless the table allows `event` on `entity` for `role`.

    `explain(error)` may word the refusal for the page: it returns a `Refused`, a message, or
    None to keep the engine's sentence. `when_decided()` words it for a record already in one of
    its machine's decided states (naming the decision and its date).
    """
    error = refusal_of(entity, event, role=role, guards=guards)
    if error is None:
        return
    worded = explain(error) if explain is not None else None
    if (
        worded is None
        and when_decided is not None
        and state_of(entity) in machine_of(entity)[0].decided
    ):
        worded = when_decided()
    if isinstance(worded, Refused):
        raise worded
    raise Refused(worded or error.reason, conflict=True)
