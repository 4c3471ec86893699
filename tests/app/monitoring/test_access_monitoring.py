"""Who reaches which monitoring page: every GET page x every role, plus signed out, against
records of the provider's own organization and the district user's own district."""

import pytest

from app.extensions import db
from app.models import Complaint, Document, MonitoringVisit, Violation

ROLES = ("anonymous", "provider", "reviewer", "coordinator", "committee", "district")
LOGIN = 302


def _only(*roles):
    """200 for `roles`, 403 for the other signed-in roles, sign-in for the anonymous."""
    return {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, **dict.fromkeys(roles, 200)}


MATRIX = {
    "monitoring.violations": ("/monitoring/violations", _only("coordinator", "provider")),
    "monitoring.new_violation": ("/monitoring/violations/new", _only("coordinator")),
    "monitoring.violation": (
        "/monitoring/violations/{violation_id}",
        _only("coordinator", "provider"),
    ),
    "monitoring.violation_evidence": (
        "/monitoring/violations/{violation_id}/evidence/{document_id}",
        _only("coordinator"),
    ),
    "monitoring.complaints": ("/monitoring/complaints", _only("coordinator", "district")),
    "monitoring.new_complaint": ("/monitoring/complaints/new", _only("district")),
    "monitoring.complaint": (
        "/monitoring/complaints/{complaint_id}",
        _only("coordinator", "district"),
    ),
    "monitoring.visits": ("/monitoring/visits", _only("coordinator", "provider")),
    "monitoring.new_visit": ("/monitoring/visits/new", _only("coordinator")),
    "monitoring.visit": ("/monitoring/visits/{visit_id}", _only("coordinator", "provider")),
    "monitoring.record_visit_view": ("/monitoring/visits/{visit_id}/record", _only("coordinator")),
}


@pytest.fixture
def records(mon):
    """A violation with evidence, a complaint and a visit, all of the provider's own
    organization and the district user's own district."""
    from datetime import date

    from app.monitoring.operations import add_evidence, cite_violation
    from app.monitoring.operations.complaints import file_complaint
    from app.monitoring.operations.visits import schedule_visit

    coordinator, today = mon.users.coordinator, date(2009, 8, 3)
    violation = cite_violation(
        mon.org,
        kind="not_ready_to_serve",
        source="district_report",
        cited_on=today,
        description="Late start.",
        actor=coordinator,
        today=today,
    )
    [document] = add_evidence(violation, [("note.txt", "text/plain", b"late")], actor=coordinator)
    complaint = file_complaint(
        mon.sioux,
        organization=mon.org,
        kind="complaint",
        on_behalf_of_parent=False,
        description="Late start.",
        actor=mon.users.district,
        today=today,
    )
    visit = schedule_visit(mon.application, visit_on=today, actor=coordinator, today=today)
    db.session.commit()
    return {
        "violation_id": violation.id,
        "document_id": document.id,
        "complaint_id": complaint.id,
        "visit_id": visit.id,
    }


@pytest.mark.parametrize("role", ROLES)
def test_monitoring_page_matrix(records, auth, client, role):
    if role != "anonymous":
        assert auth.login(f"{role}@example.gov").status_code == 302
    failures = auth.matrix_failures(MATRIX, role, records)
    assert not failures, f"{role}: " + "; ".join(failures)


def test_other_provider_and_other_district_are_refused(records, auth, client):
    """A provider reaches only its own organization's records, a district user its own
    district's (the matrix above uses the own ones)."""
    auth.login("other@example.gov")
    assert client.get(f"/monitoring/violations/{records['violation_id']}").status_code == 403
    assert client.get(f"/monitoring/visits/{records['visit_id']}").status_code == 403
    assert "Bright Tutors" not in client.get("/monitoring/violations").get_data(as_text=True)
    assert "Bright Tutors" not in client.get("/monitoring/visits").get_data(as_text=True)
    auth.logout()
    auth.login("rapid@example.gov")
    assert client.get(f"/monitoring/complaints/{records['complaint_id']}").status_code == 403
    assert "Bright Tutors" not in client.get("/monitoring/complaints").get_data(as_text=True)


def test_records_exist(records):
    """The matrix runs against real rows (guards against a fixture that silently made none)."""
    assert db.session.get(Violation, records["violation_id"]) is not None
    assert db.session.get(Document, records["document_id"]).violation_id == records["violation_id"]
    assert db.session.get(Complaint, records["complaint_id"]).district_id is not None
    assert db.session.get(MonitoringVisit, records["visit_id"]).status == "scheduled"
