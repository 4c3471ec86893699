"""Cycles (one round of applications under one policy pack) and agency closure days."""

from app.audit import record_change
from app.core.calendar import working_calendar
from app.extensions import db
from app.models import Application, ClosureDay, Cycle
from app.refusals import Refused
from workflows.cycles import next_year_dates, next_year_name
from workflows.policy import load_policy


def save_cycle(cycle, form, *, actor):
    """Create (cycle None) or update a cycle from a validated CycleForm; audited.

    The policy pack of a cycle that already has applications cannot change: they were written
    and are judged under it.
    """
    creating = cycle is None
    cycle = cycle or Cycle()
    if not creating and cycle.policy_code != form.policy_code.data:
        count = db.session.scalar(
            db.select(db.func.count())
            .select_from(Application)
            .where(Application.cycle_id == cycle.id)
        )
        if count:
            raise Refused(
                f"This cycle has {count} application(s) written under "
                f"{cycle.policy_code}; its policy pack cannot change.",
                field="policy_code",
            )
    cycle.name = form.name.data.strip()
    cycle.policy_code = form.policy_code.data
    cycle.opens_on = form.opens_on.data
    cycle.due_at = form.due_utc
    cycle.review_starts_on = form.review_starts_on.data
    cycle.review_ends_on = form.review_ends_on.data
    cycle.review_due_on = form.review_due_on.data
    cycle.revision_due_at = form.revision_utc
    cycle.announcement_on = form.announcement_on.data
    cycle.kind = form.kind.data
    cycle.per_pupil_allotment = form.per_pupil_allotment.data
    cycle.deliberation_meeting_on = form.deliberation_meeting_on.data
    db.session.add(cycle)
    db.session.flush()
    record_change(
        cycle,
        "create_cycle" if creating else "update_cycle",
        actor=actor,
        reason=f"{cycle.name} ({cycle.policy_code}) due {cycle.due_at.isoformat()}",
    )
    return cycle


def copy_cycle(cycle, *, actor):
    """A copy of `cycle` for next year: every date moved by the pack's rule
    (workflows/cycles.py: one year on, rolled forward to a working day), instants keeping
    their wall-clock time in the pack's time zone; audited. The copy is a new cycle with no
    applications, for the coordinator to review."""
    policy = load_policy(cycle.policy_code)
    tz = policy.tzinfo
    keys = (
        "opens_on",
        "review_starts_on",
        "review_ends_on",
        "announcement_on",
        "deliberation_meeting_on",
    )
    dates = {key: getattr(cycle, key) for key in keys}
    dates.update(
        due_at=cycle.due_at.astimezone(tz),
        revision_due_at=cycle.revision_due_at.astimezone(tz) if cycle.revision_due_at else None,
    )
    moved = next_year_dates(dates, working_calendar(policy), by_dates=("announcement_on",))
    copy = Cycle(
        name=next_year_name(cycle.name),
        policy_code=cycle.policy_code,
        kind=cycle.kind,
        per_pupil_allotment=cycle.per_pupil_allotment,
        **moved,
    )
    db.session.add(copy)
    db.session.flush()
    record_change(
        copy,
        "copy_cycle",
        actor=actor,
        reason=f"copied from {cycle.name} (#{cycle.id}) for next year; due "
        f"{copy.due_at.isoformat()}",
    )
    return copy


def add_closure(state, closed_on, reason, *, actor):
    """Record an agency closure day for `state`; refused when that day is already recorded."""
    clash = db.session.scalar(
        db.select(ClosureDay).where(ClosureDay.state == state, ClosureDay.closed_on == closed_on)
    )
    if clash is not None:
        raise Refused(
            f"{closed_on.isoformat()} is already a closure day in {state} ({clash.reason}).",
            field="closed_on",
        )
    closure = ClosureDay(state=state, closed_on=closed_on, reason=reason.strip())
    db.session.add(closure)
    db.session.flush()
    record_change(
        closure, "add_closure_day", actor=actor, reason=f"{state} {closed_on}: {closure.reason}"
    )
    return closure


def remove_closure(closure, *, actor):
    """Remove a closure day entered by mistake. Due dates already computed and stored (e.g. a
    condition's due date) keep their value; deadlines computed from now on no longer skip it."""
    record_change(
        closure,
        "remove_closure_day",
        actor=actor,
        reason=f"{closure.state} {closure.closed_on}: {closure.reason}",
    )
    db.session.delete(closure)
    db.session.flush()
