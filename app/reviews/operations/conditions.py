"""Conditions of a conditional approval: the provider's evidence, the coordinator's entry, and
the move to approved once every condition is met (DESIGN.md section 4, `conditional`; 001
"Receive final approval": the MA vendor code; 003 "Proof of Insurance").
"""

import hashlib
from pathlib import PurePath

from app.audit import record_change
from app.core.lifecycle import allowed_events, apply_event
from app.core.policy import policy_of
from app.extensions import db
from app.letters.operations.service import issue_letter
from app.locking import lock
from app.models import Condition, Document
from app.refusals import Refused
from app.renewals.operations import supersede_renewed
from app.reviews.operations.decisions import approve_now
from workflows.states import ApplicationState, ConditionState

EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
ENTRY_REQUIRED = {"vendor_code": "the vendor code issued by the Operational Services Division"}


def conditions_of(application):
    """The application's conditions, oldest first."""
    return db.session.scalars(
        db.select(Condition)
        .where(Condition.application_id == application.id)
        .order_by(Condition.id)
    ).all()


def _check_conditional(application, field):
    if application.state != ApplicationState.CONDITIONAL:
        raise Refused(
            f"The application is {application.state.replace('_', ' ')}, not "
            "conditionally approved; its conditions are closed.",
            field=field,
            conflict=True,
        )


def upload_evidence(condition, filename, content, *, actor):
    """Store one evidence file for `condition` (kind condition_evidence). Refused for a
    condition that is no longer open, an unknown file type, an empty or too large file."""
    lock(condition)
    if "condition_evidence" not in allowed_events(condition, "provider"):
        raise Refused(
            f"This condition is {condition.status}; no more evidence is taken.",
            field="evidence",
            conflict=True,
        )
    _check_conditional(condition.application, "evidence")
    name = PurePath((filename or "").replace("\\", "/")).name.strip()
    if not name:
        raise Refused("Choose a file to upload.", field="evidence")
    suffix = PurePath(name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        allowed = ", ".join(sorted(EVIDENCE_TYPES))
        raise Refused(
            f"{name or 'The file'} is not an accepted type ({allowed}).", field="evidence"
        )
    if not content:
        raise Refused(f"{name} is empty.", field="evidence")
    if len(content) > EVIDENCE_MAX_BYTES:
        raise Refused(f"{name} is larger than 10 MB.", field="evidence")
    application = condition.application
    document = Document(
        kind="condition_evidence",
        filename=name[:255],
        content_type=EVIDENCE_TYPES[suffix],
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by=actor,
        organization_id=application.organization_id,
        application_id=application.id,
        condition_id=condition.id,
    )
    db.session.add(document)
    db.session.flush()
    record_change(condition, "condition_evidence", actor=actor, reason=f"uploaded {name}")
    return document


def meet_condition(condition, *, entry, met_on, actor, today):
    """Mark `condition` met (with the coordinator's entry, e.g. the MA vendor code, which meets
    it). When every condition of the application is met, it becomes approved."""
    lock(condition)
    if "condition_met" not in allowed_events(condition, "coordinator"):
        raise Refused(f"This condition is already {condition.status}.", conflict=True)
    _check_conditional(condition.application, "entry")
    entry = (entry or "").strip()
    if condition.kind in ENTRY_REQUIRED and not entry:
        raise Refused(f"Enter {ENTRY_REQUIRED[condition.kind]}.", field="entry")
    if met_on > today:
        raise Refused("A condition cannot be met on a future date.", field="met_on")
    condition.met_on, condition.met_by = met_on, actor  # with the move: a CHECK wants them
    condition.entry = entry or None
    apply_event(condition, "condition_met", actor=actor, role="coordinator", reason=entry or None)
    application = condition.application
    every_met = all(c.status == ConditionState.MET for c in conditions_of(application))
    if every_met and "conditions_met" in allowed_events(application, "coordinator"):
        _approve_when_met(application, actor=actor, today=today, every_met=every_met)
    return condition


def _approve_when_met(application, *, actor, today, every_met):
    policy = policy_of(application)
    approve_now(application, policy, today)  # before the move: approved needs its term (CHECK)
    apply_event(
        application,
        "conditions_met",
        actor=actor,
        role="coordinator",
        guards={"all_conditions_met": every_met},
        reason="every condition met",
    )
    db.session.flush()
    supersede_renewed(application, actor=actor, today=today)
    issue_letter(
        "decision_approved",
        subject="Final approval as an SES provider",
        today=today,
        organization=application.organization,
        application=application,
        context={
            "decision": None,
            "policy": policy,
            "conditions": conditions_of(application),
            "final_approval": True,
            "comments": [],
            "recommendation": None,
        },
    )
