"""Violations: cite, notify, investigate, confirm or dismiss (002 "Policy for Removal", 004
"SES Code of Ethics", "Requirements of Approved Providers").

A violation is cited against an approved provider with a kind from its policy pack's catalog; the
notice of violation goes out at once (it is then notified). The coordinator records the
investigation, then confirms or dismisses. On confirmation the rules engine
(`workflows.violations.violation_outcome`) decides: a first standard violation is noted and the
provider told; a second confirmed violation within the pack's window, or any immediate kind, opens
a removal case through `app.appeals.operations.removal.open_removal_case`.

Every operation takes `actor` and `today`, writes its audit entries, issues its letters and
flushes; the request commits once. A refused action raises `Refused` with the reason.
"""

import hashlib

from app.appeals.operations.removal import open_removal_case
from app.applications.operations.documents import check_file, safe_name
from app.audit import record_change
from app.core.dates import long_date
from app.core.lifecycle import apply_event, require_event
from app.core.policy import policy_of
from app.extensions import db
from app.letters.operations.service import issue_letter
from app.locking import lock
from app.models import Application, Document, Violation
from app.models.monitoring import VIOLATION_SOURCES
from app.refusals import Refused
from workflows.states import ApplicationState, ViolationState
from workflows.violations import violation_outcome, window_start

# An application in one of these states holds no approval left to remove.
NO_APPROVAL = (
    ApplicationState.REMOVED,
    ApplicationState.EXPIRED,
    ApplicationState.WITHDRAWN,
    ApplicationState.DENIED,
)
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def approved_applications():
    """Every approved application (the providers on the list), by organization name."""
    from app.models import Organization

    return db.session.scalars(
        db.select(Application)
        .join(Organization, Application.organization_id == Organization.id)
        .where(Application.state == ApplicationState.APPROVED)
        .order_by(Organization.name, Application.id)
    ).all()


def approved_application_of(organization, application=None):
    """`application` if it is `organization`'s and approved, else the organization's latest
    approved application; refuses with a message when the provider is not approved."""
    if application is not None:
        if application.organization_id != organization.id:
            raise Refused(f"That application is not {organization.name}'s.", field="application_id")
        if application.state != ApplicationState.APPROVED:
            raise Refused(
                f"{organization.name} is not an approved provider under that application (its "
                f"state is {application.state.replace('_', ' ')}); a violation is cited only "
                "against an approved provider.",
                field="application_id",
            )
        return application
    found = db.session.scalar(
        db.select(Application)
        .where(
            Application.organization_id == organization.id,
            Application.state == ApplicationState.APPROVED,
        )
        .order_by(Application.approved_on.desc(), Application.id.desc())
        .limit(1)
    )
    if found is None:
        raise Refused(
            f"{organization.name} is not an approved provider; a violation is "
            "cited only against an approved provider.",
            field="application_id",
        )
    return found


def _check_citation(policy, kind, source, cited_on, description, today):
    """Refuse a citation whose kind, source, date or description is not acceptable."""
    if kind not in policy.violation_kinds:
        known = ", ".join(k.label for k in policy.violation_kinds.values())
        raise Refused(
            f"{kind!r} is not a violation kind of the {policy.name} catalog ({known}).",
            field="kind",
        )
    if source not in VIOLATION_SOURCES:
        raise Refused(f"{source!r} is not a known source of a citation.", field="source")
    if cited_on is None or cited_on > today:
        raise Refused("The citation date cannot be after today.", field="cited_on")
    if not (description or "").strip():
        raise Refused("Describe what happened.", field="description")


def cite_violation(
    organization,
    *,
    kind,
    source,
    cited_on,
    description,
    actor,
    today,
    application=None,
    program_year=None,
    complaint=None,
    visit=None,
):
    """Cite a violation of `kind` against approved provider `organization` and notify it.

    The kind is checked against the catalog of the application's pack (the default pack's when
    no application); `immediate` is recorded from the catalog. Issues the notice of violation
    (letter `violation_notice`), so the violation is returned notified. `actor` None means the
    sweep cited it (e.g. a missing final report). Raises Refused.
    """
    application = approved_application_of(organization, application)
    policy = policy_of(application)
    _check_citation(policy, kind, source, cited_on, description, today)
    if visit is not None and visit.application.organization_id != organization.id:
        raise Refused("That monitoring visit was not to this provider.")
    if complaint is not None and complaint.organization_id != organization.id:
        raise Refused("That complaint is not about this provider.")
    entry = policy.violation_kinds[kind]
    violation = Violation(
        organization=organization,
        application=application,
        kind=kind,
        immediate=entry.immediate,
        source=source,
        cited_on=cited_on,
        description=description.strip(),
        cited_by_id=actor.id if actor is not None else None,
        program_year=program_year,
        complaint_id=complaint.id if complaint is not None else None,
        visit_id=visit.id if visit is not None else None,
    )
    db.session.add(violation)
    db.session.flush()
    record_change(
        violation,
        "cite_violation",
        actor=actor,
        to_state=violation.status,
        reason=f"{entry.label}: {violation.description}",
    )
    issue_letter(
        "violation_notice",
        subject=f"Notice of violation: {entry.label}",
        today=today,
        organization=organization,
        application=application,
        context={"violation": violation, "kind": entry, "policy": policy},
        violation_id=violation.id,
    )
    apply_event(
        violation,
        "notify_provider",
        actor=actor,
        role="coordinator" if actor is not None else "system",
        reason="notice of violation issued",
    )
    return violation


def add_evidence(violation, files, *, actor):
    """Attach evidence files to `violation`: `files` is a list of (filename, content_type,
    bytes). Each is checked as an application attachment is (type by extension and first
    bytes, size, name without directories); one bad file refuses the whole set."""
    checked = []
    for name, _type, content in files:
        try:
            content_type = check_file(name, content, MAX_EVIDENCE_BYTES)
        except Refused as refusal:
            raise Refused(refusal.message, field="evidence") from None
        checked.append((safe_name(name or "evidence"), content_type, content))
    documents = []
    for filename, content_type, content in checked:
        document = Document(
            kind="violation_evidence",
            filename=filename,
            content_type=content_type,
            size_bytes=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            uploaded_by_id=actor.id,
            organization_id=violation.organization_id,
            application_id=violation.application_id,
            violation_id=violation.id,
        )
        db.session.add(document)
        documents.append(document)
    db.session.flush()
    if documents:
        record_change(
            violation,
            "add_evidence",
            actor=actor,
            from_state=violation.status,
            to_state=violation.status,
            reason=", ".join(d.filename for d in documents),
        )
    return documents


def required_notes(notes):
    """The investigation notes stripped; refused when empty."""
    notes = (notes or "").strip()
    if not notes:
        raise Refused("Write the investigation notes.", field="notes")
    return notes


def append_dated_note(existing, notes, *, actor, today):
    """`existing` investigation notes with "YYYY-MM-DD (name): notes" appended."""
    entry = f"{today.isoformat()} ({actor.name}): {notes}"
    return f"{existing}\n\n{entry}" if existing else entry


def _require(violation, event):
    """Refuse unless the coordinator may take `event` on `violation` now (the table's word; a
    decided violation's refusal names its decision and date)."""
    require_event(
        violation,
        event,
        role="coordinator",
        when_decided=lambda: (
            f"This violation was already {violation.status} on {long_date(violation.decided_on)}; "
            "a decision cannot be taken twice."
        ),
    )


def record_investigation(violation, notes, *, actor, today):
    """Add the coordinator's investigation notes (dated) and mark the violation investigating."""
    lock(violation)
    _require(violation, "record_investigation")
    notes = required_notes(notes)
    violation.investigation = append_dated_note(
        violation.investigation, notes, actor=actor, today=today
    )
    apply_event(violation, "record_investigation", actor=actor, role="coordinator", reason=notes)
    return violation


def _decide(violation, event, reason, *, actor, today, outcome=None):
    violation.outcome = outcome
    violation.decided_on = today
    violation.decided_by_id = actor.id
    violation.decision_reason = reason or None
    apply_event(violation, event, actor=actor, role="coordinator", reason=reason)


def dismiss_violation(violation, reason, *, actor, today):
    """Dismiss `violation` with a reason and tell the provider (letter `violation_outcome`)."""
    lock(violation)
    _require(violation, "dismiss_violation")
    reason = (reason or "").strip()
    if not reason:
        raise Refused("A dismissal needs a reason.", field="reason")
    _decide(violation, "dismiss_violation", reason, actor=actor, today=today)
    _outcome_letter(violation, today=today, case=None)
    db.session.flush()
    return violation


def confirm_violation(violation, reason, *, actor, today):
    """Confirm `violation`; the rules engine decides "noted" or "removal" (002 "Resulting
    Action") from the organization's earlier confirmed violations. Returns the removal case
    opened or extended, or None when the violation is noted."""
    lock(violation)
    _require(violation, "confirm_violation")
    application = violation.application or approved_application_of(violation.organization)
    policy = policy_of(application)
    earlier = db.session.scalars(
        db.select(Violation).where(
            Violation.organization_id == violation.organization_id,
            Violation.status == ViolationState.CONFIRMED,
            Violation.id != violation.id,
        )
    ).all()
    outcome = violation_outcome(
        [v.cited_on for v in earlier],
        violation.cited_on,
        immediate=violation.immediate,
        policy=policy,
    )
    _decide(
        violation,
        "confirm_violation",
        (reason or "").strip(),
        actor=actor,
        today=today,
        outcome=outcome,
    )
    case = None
    if outcome == "removal" and application.state not in NO_APPROVAL:
        case = _open_case(violation, application, earlier, policy, actor=actor, today=today)
    _outcome_letter(violation, today=today, case=case)
    db.session.flush()
    return case


def _open_case(violation, application, earlier, policy, *, actor, today):
    """Open (or add to) the removal case this confirmed violation calls for."""
    if violation.immediate:
        grounds, related = "immediate_violation", []
        summary = (
            f"Immediate violation confirmed: "
            f"{policy.violation_kinds[violation.kind].label} (cited "
            f"{long_date(violation.cited_on)})."
        )
    else:
        opens = window_start(violation.cited_on, policy.violation_window_years)
        related = sorted(
            (v for v in earlier if opens <= v.cited_on <= violation.cited_on),
            key=lambda v: (v.cited_on, v.id),
        )
        grounds = "violations"
        # In words: the summary is printed in the notice of removal.
        dates = "; ".join(long_date(v.cited_on) for v in related + [violation])
        summary = (
            f"Second confirmed violation within {policy.violation_window_years} years "
            f"(cited {dates})."
        )
    case, _opened = open_removal_case(
        application,
        grounds=grounds,
        summary=summary,
        actor=actor,
        today=today,
        violations=related + [violation],
    )
    return case


def _outcome_letter(violation, *, today, case):
    """The letter telling the provider what became of the violation."""
    policy = policy_of(violation.application)
    label = policy.violation_kinds[violation.kind].label
    if violation.status == ViolationState.DISMISSED:
        subject = f"Violation dismissed: {label}"
    elif case is not None:
        subject = f"Violation confirmed; removal review opened: {label}"
    else:
        subject = f"Violation confirmed and noted: {label}"
    links = {"violation_id": violation.id}
    if case is not None:
        links["removal_case_id"] = case.id
    return issue_letter(
        "violation_outcome",
        subject=subject,
        today=today,
        organization=violation.organization,
        application=violation.application,
        context={"violation": violation, "label": label, "case": case, "policy": policy},
        **links,
    )
