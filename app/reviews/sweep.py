"""The decision moves the calendar makes (DESIGN.md section 4), run by `flask ses sweep`.

* revisions not resubmitted by the cycle's revision date -> denied (`revision_overdue`): the
  due instant is a date and time in the pack's time zone, so the application is denied on the
  first day strictly after that date;
* a conditional approval with an open condition past its due date -> the condition is marked
  overdue and the application denied (`condition_overdue`);
* (an approval whose term ended -> expired: `app.renewals.sweep`, run after the annual
  evaluation so a removal the last year of the term calls for still opens).

Reminders of open conditions go out with every other deadline's (app/reminders).

Each step is idempotent: what it changed no longer matches its query on a second run.
"""

from datetime import datetime, time

from sqlalchemy.orm import joinedload

from app.core.dates import long_date
from app.core.lifecycle import apply_event
from app.core.policy import policy_of
from app.extensions import db
from app.letters.operations.service import issue_letter
from app.models import Application, Condition
from app.templating import format_instant
from workflows.states import ApplicationState, ConditionState


def _in_state(state, *conditions):
    """Applications in `state` (and `conditions`), with the cycle and organization every step
    reads loaded in the same statement (no lazy load per application)."""
    return db.session.scalars(
        db.select(Application)
        .where(Application.state == state, *conditions)
        .options(joinedload(Application.cycle), joinedload(Application.organization))
        .order_by(Application.id)
    ).all()


def _deny(application, event, reason, today):
    """Deny by the sweep (role system, no actor), with the decision_denied letter."""
    policy = policy_of(application)
    apply_event(application, event, actor=None, role="system", reason=reason)
    # The sweep decides "on" today: the instant recorded is the start of that day in the pack's
    # time zone, so re-running a past day gives the same record.
    application.decided_at = datetime.combine(today, time.min, tzinfo=policy.tzinfo)
    db.session.flush()
    issue_letter(
        "decision_denied",
        subject="Non-approval of your SES application",
        today=today,
        organization=application.organization,
        application=application,
        dedupe_key=f"decision_denied:application:{application.id}",
        context={
            "decision": None,
            "policy": policy,
            "sweep_reason": reason,
            "conditions": [],
            "comments": [],
            "recommendation": None,
        },
    )


def deny_overdue_revisions(today):
    """revisions_needed past the revision due date -> denied."""
    lines = []
    for application in _in_state(ApplicationState.REVISIONS_NEEDED):
        policy = policy_of(application)
        due = application.revision_due_at or application.cycle.revision_due_at
        if due is None or today <= due.astimezone(policy.tzinfo).date():
            continue
        reason = f"No revised application was received by {format_instant(due, policy.timezone)}."
        _deny(application, "revision_overdue", reason, today)
        lines.append(
            f"application {application.id} ({application.organization.name}): "
            "denied, revision overdue"
        )
    return lines


def deny_overdue_conditions(today):
    """conditional with an open condition past due -> condition overdue, application denied."""
    lines = []
    applications = _in_state(ApplicationState.CONDITIONAL)
    # Every overdue open condition of these applications in one query, not one per application.
    overdue_by_application: dict[int, list[Condition]] = {}
    for condition in db.session.scalars(
        db.select(Condition)
        .where(
            Condition.application_id.in_([a.id for a in applications]),
            Condition.status == ConditionState.OPEN,
            Condition.due_on < today,
        )
        .order_by(Condition.due_on, Condition.id)
    ):
        overdue_by_application.setdefault(condition.application_id, []).append(condition)
    for application in applications:
        overdue = overdue_by_application.get(application.id)
        if not overdue:
            continue
        for condition in overdue:
            apply_event(
                condition,
                "condition_overdue",
                actor=None,
                role="system",
                reason=f"due {condition.due_on.isoformat()}",
            )
        names = "; ".join(f"{c.description} (due {long_date(c.due_on)})" for c in overdue)
        _deny(application, "condition_overdue", f"A condition was not met in time: {names}.", today)
        lines.append(
            f"application {application.id} ({application.organization.name}): "
            f"denied, {len(overdue)} condition(s) overdue"
        )
    return lines


STEPS = [deny_overdue_revisions, deny_overdue_conditions]
