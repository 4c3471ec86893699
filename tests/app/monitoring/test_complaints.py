"""District complaints through HTTP: a district files about a provider serving it and sees only
its own district's; the coordinator dismisses (reason, letter to the district) or turns the
complaint into a violation (004 "Service Discrepancies and Dissatisfaction")."""

from datetime import date

from app.extensions import db
from app.models import Complaint, Violation
from tests.app.monitoring.helpers import latest_violation, letters_of


def _file(
    auth,
    organization,
    *,
    kind="complaint",
    parent=False,
    description="Tutor missed three sessions in a row.",
):
    data = {"organization_id": str(organization.id), "kind": kind, "description": description}
    if parent:
        data["on_behalf_of_parent"] = "y"
    return auth.post("/monitoring/complaints/new", data)


def _latest_complaint():
    db.session.expire_all()
    return db.session.scalar(db.select(Complaint).order_by(Complaint.id.desc()).limit(1))


def test_district_files_and_sees_only_its_own(mon, auth, client):
    auth.login("district@example.gov")
    form = client.get("/monitoring/complaints/new").get_data(as_text=True)
    assert "Bright Tutors" in form
    assert "Other Learning" not in form and "Denied Academy" not in form
    response = _file(auth, mon.org, parent=True)
    assert response.status_code == 302
    complaint = _latest_complaint()
    assert (complaint.district_id, complaint.organization_id) == (mon.sioux.id, mon.org.id)
    assert complaint.on_behalf_of_parent and complaint.status == "open"
    assert complaint.filed_on == date(2009, 8, 3)
    assert "Tutor missed three sessions" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    auth.logout()

    auth.login("rapid@example.gov")
    assert _file(auth, mon.other, description="Rapid City complaint").status_code == 302
    listing = client.get("/monitoring/complaints").get_data(as_text=True)
    assert "Rapid City complaint" not in listing  # the list shows providers, not text
    assert "Other Learning" in listing and "Bright Tutors" not in listing
    assert client.get(f"/monitoring/complaints/{complaint.id}").status_code == 403
    auth.logout()

    auth.login("coordinator@example.gov")
    listing = client.get("/monitoring/complaints").get_data(as_text=True)
    assert "Other Learning" in listing and "Bright Tutors" in listing


def test_only_providers_serving_the_district(mon, auth):
    auth.login("district@example.gov")
    for organization in (mon.other, mon.denied_org):
        response = _file(auth, organization)
        assert response.status_code == 422  # refused beside the field
        assert "is not approved to serve Sioux Falls 49-5" in response.get_data(as_text=True)
    for junk in (
        {"organization_id": "abc", "kind": "complaint", "description": "x"},
        {"organization_id": "999999999999999999", "kind": "complaint", "description": "x"},
        {"organization_id": str(mon.org.id), "kind": "gossip", "description": "x"},
        {"organization_id": str(mon.org.id), "kind": "complaint", "description": ""},
        {},
    ):
        response = auth.post("/monitoring/complaints/new", junk)
        assert response.status_code == 200 and "error-summary" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Complaint.id)) is None


def test_coordinator_turns_a_parent_complaint_into_a_violation(mon, auth, client):
    auth.login("district@example.gov")
    _file(auth, mon.org, parent=True)
    complaint = _latest_complaint()
    auth.logout()
    auth.login("coordinator@example.gov")
    page = client.get(f"/monitoring/complaints/{complaint.id}").get_data(as_text=True)
    assert "Turn into a violation" in page
    assert (
        auth.post(
            f"/monitoring/complaints/{complaint.id}/investigation",
            {"notes": "Spoke to the parent."},
        ).status_code
        == 302
    )
    response = auth.post(
        f"/monitoring/complaints/{complaint.id}/violation",
        {"kind": "substantiated_complaint", "description": ""},
    )
    assert response.status_code == 302
    violation = latest_violation()
    assert violation.source == "parent_complaint" and violation.complaint_id == complaint.id
    assert violation.kind == "substantiated_complaint" and violation.status == "notified"
    assert violation.description == "Tutor missed three sessions in a row."
    complaint = _latest_complaint()
    assert complaint.status == "violation" and complaint.resolved_by_id == mon.users.coordinator.id
    assert "Spoke to the parent." in complaint.investigation
    [notice] = letters_of("violation_notice")
    assert notice.organization_id == mon.org.id
    [outcome] = letters_of("complaint_outcome")
    assert outcome.district_id == mon.sioux.id and outcome.violation_id == violation.id
    assert "cited" in outcome.body_html
    again = auth.post(f"/monitoring/complaints/{complaint.id}/dismiss", {"reason": "x"})
    assert again.status_code == 409 and "already resolved" in again.get_data(as_text=True)


def test_district_report_of_a_withdrawal_cites_with_district_source(mon, auth):
    auth.login("district@example.gov")
    _file(auth, mon.org, kind="withdrawal", description="Provider left after contracting.")
    complaint = _latest_complaint()
    auth.logout()
    auth.login("coordinator@example.gov")
    auth.post(
        f"/monitoring/complaints/{complaint.id}/violation",
        {"kind": "district_withdrawal", "description": "Withdrew in October."},
    )
    violation = latest_violation()
    assert (violation.source, violation.kind) == ("district_report", "district_withdrawal")
    assert violation.description == "Withdrew in October."


def test_coordinator_dismisses_with_a_letter_to_the_district(mon, auth, client):
    auth.login("district@example.gov")
    _file(auth, mon.org)
    complaint = _latest_complaint()
    auth.logout()
    auth.login("coordinator@example.gov")
    missing = auth.post(f"/monitoring/complaints/{complaint.id}/dismiss", {"reason": ""})
    assert missing.status_code == 422
    assert "A dismissal needs a reason." in missing.get_data(as_text=True)
    assert letters_of("complaint_outcome") == []
    assert (
        auth.post(
            f"/monitoring/complaints/{complaint.id}/dismiss",
            {"reason": "Sessions were rescheduled with the parent's consent."},
        ).status_code
        == 302
    )
    complaint = _latest_complaint()
    assert complaint.status == "dismissed" and complaint.resolved_on == date(2009, 8, 3)
    [letter] = letters_of("complaint_outcome")
    assert letter.district_id == mon.sioux.id and letter.organization_id is None
    assert "rescheduled with the parent" in letter.body_html
    assert db.session.scalar(db.select(Violation.id)) is None
    auth.logout()
    auth.login("district@example.gov")
    page = client.get(f"/monitoring/complaints/{complaint.id}").get_data(as_text=True)
    assert letter.subject in page and "Dismiss and tell the district" not in page


def test_who_may_act_on_complaints(mon, auth, client):
    auth.login("district@example.gov")
    _file(auth, mon.org)
    complaint = _latest_complaint()
    assert (
        auth.post(f"/monitoring/complaints/{complaint.id}/dismiss", {"reason": "x"}).status_code
        == 403
    )
    assert (
        auth.post(
            f"/monitoring/complaints/{complaint.id}/violation", {"kind": "substantiated_complaint"}
        ).status_code
        == 403
    )
    auth.logout()
    auth.login("provider@example.gov")
    assert client.get("/monitoring/complaints").status_code == 403
    assert client.get(f"/monitoring/complaints/{complaint.id}").status_code == 403
    assert _file(auth, mon.org).status_code == 403
    auth.logout()
    auth.login("coordinator@example.gov")
    assert client.get("/monitoring/complaints/new").status_code == 403
    assert client.get("/monitoring/complaints/99999999999999999999").status_code == 404
    bad = auth.post(f"/monitoring/complaints/{complaint.id}/violation", {"kind": "jaywalking"})
    assert bad.status_code == 422 and "Not a valid choice" in bad.get_data(as_text=True)
