"""District complaints and provider-withdrawal reports (004 "Service Discrepancies and
Dissatisfaction", "Provider Minimums and Maximums"; DESIGN.md section 6).

A district user files a complaint (the district's own, or a parent's through the district) or
reports that a provider withdrew, about a provider approved to serve the district. The
coordinator investigates, then dismisses it with a reason (the district gets a
`complaint_outcome` letter) or turns it into a violation (`cite_violation`, source
"district_report" or "parent_complaint", linked to the complaint).
"""

from app.audit import record_change
from app.core.dates import long_date
from app.core.lifecycle import apply_event, require_event
from app.core.policy import policy_of
from app.extensions import db
from app.letters.operations.service import issue_letter
from app.locking import lock
from app.models import Application, ApplicationDistrict, Complaint, Organization
from app.models.monitoring import COMPLAINT_KINDS
from app.monitoring.operations import append_dated_note, cite_violation, required_notes
from app.refusals import Refused
from workflows.states import ApplicationState

KIND_LABELS = {
    "complaint": "Complaint about services",
    "withdrawal": "Report that the provider withdrew",
}


def providers_serving(district):
    """Organizations with an approved application whose service area includes `district`."""
    return db.session.scalars(
        db.select(Organization)
        .join(Application, Application.organization_id == Organization.id)
        .join(ApplicationDistrict, ApplicationDistrict.application_id == Application.id)
        .where(
            Application.state == ApplicationState.APPROVED,
            ApplicationDistrict.district_id == district.id,
        )
        .distinct()
        .order_by(Organization.name)
    ).all()


def serving_application(organization, district):
    """The approved application through which `organization` serves `district`, or None."""
    return db.session.scalar(
        db.select(Application)
        .join(ApplicationDistrict, ApplicationDistrict.application_id == Application.id)
        .where(
            Application.organization_id == organization.id,
            Application.state == ApplicationState.APPROVED,
            ApplicationDistrict.district_id == district.id,
        )
        .order_by(Application.id.desc())
        .limit(1)
    )


def file_complaint(district, *, organization, kind, on_behalf_of_parent, description, actor, today):
    """File a complaint or withdrawal report by `district` about `organization`."""
    if organization is None or serving_application(organization, district) is None:
        raise Refused(
            f"That provider is not approved to serve {district.label}.", field="organization_id"
        )
    if kind not in COMPLAINT_KINDS:
        raise Refused("Choose a complaint or a withdrawal report.", field="kind")
    if not (description or "").strip():
        raise Refused("Describe the complaint.", field="description")
    complaint = Complaint(
        district=district,
        organization=organization,
        kind=kind,
        on_behalf_of_parent=bool(on_behalf_of_parent),
        description=description.strip(),
        filed_on=today,
        filed_by_id=actor.id,
    )
    db.session.add(complaint)
    db.session.flush()
    record_change(
        complaint,
        "file_complaint",
        actor=actor,
        to_state=complaint.status,
        reason=f"{KIND_LABELS[kind]} about {organization.name}",
    )
    return complaint


def _require(complaint, event):
    """Refuse unless the coordinator may take `event` on `complaint` now; a resolved
    complaint's refusal names how and when it was resolved."""
    require_event(
        complaint,
        event,
        role="coordinator",
        when_decided=lambda: (
            f"This complaint was already resolved ({complaint.status}) on "
            f"{long_date(complaint.resolved_on)}."
        ),
    )


def record_complaint_investigation(complaint, notes, *, actor, today):
    """Add the coordinator's dated investigation notes to an open complaint."""
    lock(complaint)
    _require(complaint, "record_investigation")
    notes = required_notes(notes)
    complaint.investigation = append_dated_note(
        complaint.investigation, notes, actor=actor, today=today
    )
    apply_event(complaint, "record_investigation", actor=actor, role="coordinator", reason=notes)
    return complaint


def _resolve(complaint, event, resolution, *, actor, today):
    complaint.resolved_on = today
    complaint.resolved_by_id = actor.id
    complaint.resolution = resolution
    apply_event(complaint, event, actor=actor, role="coordinator", reason=resolution)


def _letter(complaint, *, today, violation=None):
    what = "complaint" if complaint.kind == "complaint" else "withdrawal report"
    outcome = "dismissed" if violation is None else "violation cited"
    return issue_letter(
        "complaint_outcome",
        subject=f"Your {what} about {complaint.organization.name}: {outcome}",
        today=today,
        district=complaint.district,
        context={
            "complaint": complaint,
            "violation": violation,
            "what": what,
            "label": (
                policy_of(violation.application).violation_kinds[violation.kind].label
                if violation is not None
                else None
            ),
        },
        violation_id=violation.id if violation is not None else None,
    )


def dismiss_complaint(complaint, reason, *, actor, today):
    """Dismiss an open complaint with a reason; the district receives `complaint_outcome`."""
    lock(complaint)
    _require(complaint, "dismiss_complaint")
    reason = (reason or "").strip()
    if not reason:
        raise Refused("A dismissal needs a reason.", field="reason")
    _resolve(complaint, "dismiss_complaint", reason, actor=actor, today=today)
    _letter(complaint, today=today)
    db.session.flush()
    return complaint


def cite_from_complaint(complaint, *, kind, description, actor, today):
    """Turn an open complaint into a violation of `kind` against its provider (source: a parent
    complaint through the district, or the district's own report) and tell the district."""
    lock(complaint)
    _require(complaint, "cite_from_complaint")
    district = complaint.district
    application = serving_application(complaint.organization, district)
    source = "parent_complaint" if complaint.on_behalf_of_parent else "district_report"
    text = (description or "").strip() or complaint.description
    violation = cite_violation(
        complaint.organization,
        kind=kind,
        source=source,
        cited_on=today,
        description=text,
        actor=actor,
        today=today,
        application=application,
        complaint=complaint,
    )
    _resolve(
        complaint,
        "cite_from_complaint",
        f"Violation #{violation.id} cited: {text}",
        actor=actor,
        today=today,
    )
    _letter(complaint, today=today, violation=violation)
    db.session.flush()
    return violation
