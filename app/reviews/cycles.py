"""Cycles (one round of applications under one policy pack) and agency closure days."""

from app.audit import record_change
from app.extensions import db
from app.models import Application, ClosureDay, Cycle
from app.reviews.operations import ReviewRefused


def save_cycle(cycle, form, *, actor):
    """Create (cycle None) or update a cycle from a validated CycleForm; audited.

    The policy pack of a cycle that already has applications cannot change: they were written
    and are judged under it.
    """
    creating = cycle is None
    cycle = cycle or Cycle()
    if not creating and cycle.policy_code != form.policy_code.data:
        count = db.session.scalar(db.select(db.func.count()).select_from(Application)
                                  .where(Application.cycle_id == cycle.id))
        if count:
            raise ReviewRefused(f"This cycle has {count} application(s) written under "
                                f"{cycle.policy_code}; its policy pack cannot change.",
                                "policy_code")
    cycle.name = form.name.data.strip()
    cycle.policy_code = form.policy_code.data
    cycle.opens_on = form.opens_on.data
    cycle.due_at = form.due_utc
    cycle.review_starts_on = form.review_starts_on.data
    cycle.review_ends_on = form.review_ends_on.data
    cycle.review_due_on = form.review_due_on.data
    cycle.revision_due_at = form.revision_utc
    cycle.announcement_on = form.announcement_on.data
    db.session.add(cycle)
    db.session.flush()
    record_change(cycle, "create_cycle" if creating else "update_cycle", actor=actor,
                  reason=f"{cycle.name} ({cycle.policy_code}) due {cycle.due_at.isoformat()}")
    return cycle


def add_closure(state, closed_on, reason, *, actor):
    """Record an agency closure day for `state`; refused when that day is already recorded."""
    clash = db.session.scalar(db.select(ClosureDay).where(ClosureDay.state == state,
                                                          ClosureDay.closed_on == closed_on))
    if clash is not None:
        raise ReviewRefused(f"{closed_on.isoformat()} is already a closure day in {state} "
                            f"({clash.reason}).", "closed_on")
    closure = ClosureDay(state=state, closed_on=closed_on, reason=reason.strip())
    db.session.add(closure)
    db.session.flush()
    record_change(closure, "add_closure_day", actor=actor, reason=f"{state} {closed_on}: "
                  f"{closure.reason}")
    return closure


def remove_closure(closure, *, actor):
    """Remove a closure day entered by mistake. Due dates already computed and stored (e.g. a
    condition's due date) keep their value; deadlines computed from now on no longer skip it."""
    record_change(closure, "remove_closure_day", actor=actor,
                  reason=f"{closure.state} {closure.closed_on}: {closure.reason}")
    db.session.delete(closure)
    db.session.flush()
