"""Read-side queries of the monitoring area: registers, filters and the records around a case.

Each list takes the scope the caller is allowed (an organization for a provider user, a district
for a district user, None for the coordinator) so a view cannot forget to narrow it.
"""

from app.extensions import db
from app.models import (
    Application,
    Complaint,
    Letter,
    MonitoringVisit,
    Organization,
    RemovalCase,
    RemovalCaseViolation,
    Violation,
)
from app.models.monitoring import COMPLAINT_STATUSES, VIOLATION_STATUSES, VISIT_STATUSES
from app.monitoring.forms import int_or_none
from workflows.states import ViolationState

# The register's status filter: a violation is alleged only until its notice goes out, at once.
VIOLATION_FILTER_STATES = tuple(s.value for s in ViolationState if s != ViolationState.ALLEGED)


def violation_filters(args):
    """The register's filters read from query arguments; unknown values are ignored."""
    status = args.get("status")
    kind = (args.get("kind") or "").strip()[:60]
    return {
        "organization_id": int_or_none(args.get("provider")),
        "status": status if status in VIOLATION_STATUSES else None,
        "kind": kind or None,
    }


def list_violations(*, organization_id=None, status=None, kind=None):
    """Violations, newest citation first, narrowed by organization, status and kind."""
    query = db.select(Violation).order_by(Violation.cited_on.desc(), Violation.id.desc())
    if organization_id is not None:
        query = query.where(Violation.organization_id == organization_id)
    if status is not None:
        query = query.where(Violation.status == status)
    if kind is not None:
        query = query.where(Violation.kind == kind)
    return db.session.scalars(query).all()


def cited_organizations():
    """Organizations that have at least one violation (the register's provider filter)."""
    return db.session.scalars(
        db.select(Organization)
        .where(Organization.id.in_(db.select(Violation.organization_id)))
        .order_by(Organization.name)
    ).all()


def letters_about(violation):
    """The letters issued about `violation` (notice, outcome), oldest first."""
    return db.session.scalars(
        db.select(Letter)
        .where(
            Letter.violation_id == violation.id, Letter.organization_id == violation.organization_id
        )
        .order_by(Letter.id)
    ).all()


def removal_cases_of(violation):
    """Removal cases resting on `violation`."""
    return db.session.scalars(
        db.select(RemovalCase)
        .join(RemovalCaseViolation, RemovalCaseViolation.removal_case_id == RemovalCase.id)
        .where(RemovalCaseViolation.violation_id == violation.id)
        .order_by(RemovalCase.id)
    ).all()


def list_complaints(*, district_id=None, status=None):
    """Complaints, newest first; `district_id` narrows to one district's."""
    query = db.select(Complaint).order_by(Complaint.filed_on.desc(), Complaint.id.desc())
    if district_id is not None:
        query = query.where(Complaint.district_id == district_id)
    if status in COMPLAINT_STATUSES:
        query = query.where(Complaint.status == status)
    return db.session.scalars(query).all()


def list_visits(*, organization_id=None, status=None):
    """Monitoring visits, latest first; `organization_id` narrows to one provider's."""
    query = (
        db.select(MonitoringVisit)
        .join(Application, MonitoringVisit.application_id == Application.id)
        .order_by(MonitoringVisit.visit_on.desc(), MonitoringVisit.id.desc())
    )
    if organization_id is not None:
        query = query.where(Application.organization_id == organization_id)
    if status in VISIT_STATUSES:
        query = query.where(MonitoringVisit.status == status)
    return db.session.scalars(query).all()


def visit_letters(visit):
    """The monitoring report letter(s) of `visit`: its provider's, issued on the report date."""
    if visit.report_issued_on is None:
        return []
    return db.session.scalars(
        db.select(Letter)
        .where(
            Letter.kind == "monitoring_report",
            Letter.application_id == visit.application_id,
            Letter.sent_on == visit.report_issued_on,
        )
        .order_by(Letter.id)
    ).all()


def complaint_letters(complaint):
    """The outcome letter(s) sent to the district about `complaint`."""
    if complaint.resolved_on is None:
        return []
    query = db.select(Letter).where(
        Letter.kind == "complaint_outcome",
        Letter.district_id == complaint.district_id,
        Letter.sent_on == complaint.resolved_on,
    )
    if complaint.violations:
        query = query.where(Letter.violation_id.in_([v.id for v in complaint.violations]))
    else:
        query = query.where(
            Letter.violation_id.is_(None),
            Letter.subject.contains(complaint.organization.name, autoescape=True),
        )
    return db.session.scalars(query.order_by(Letter.id)).all()
