"""A district reports "no SES students this program year" explicitly (issue 10): on the upload
page and through the API, stored as an upload of zero rows with a flag (a header-only file is
still refused); districts that have not reported after the June 30 report date (004
"Reporting") are listed on the coordinator's home page."""

from app.extensions import db
from app.models import AuditEntry, OutcomeRecord, OutcomeUpload

from .conftest import csv_bytes, year_rows
from .test_uploads_web import post_file


def report_none(auth, year="2009", confirm="y", **fields):
    data = {"none-program_year": year, **fields}
    if confirm:
        data["none-confirm"] = confirm
    return auth.post("/outcomes/no-students", data, token_from="/outcomes/uploads")


def _upload():
    return db.session.scalar(db.select(OutcomeUpload))


def test_district_reports_no_students_on_the_upload_page(world, users, auth, client):
    auth.login("district@example.gov")
    post_file(auth, csv_bytes(*year_rows("ACME", 2009, completed=3, improved=2)))
    response = report_none(auth)
    upload = _upload()
    assert response.status_code == 302 and response.location.endswith(f"/uploads/{upload.id}")
    assert (upload.no_students, upload.row_count, upload.source, upload.district_id) == (
        True,
        0,
        "web",
        world["sioux"].id,
    )
    assert db.session.scalar(db.select(db.func.count()).select_from(OutcomeRecord)) == 0
    assert db.session.scalar(
        db.select(AuditEntry.reason).where(AuditEntry.event == "report_no_students")
    ).startswith("no SES students in program year 2009; replaced the earlier upload of 3 rows")
    assert "No SES students" in client.get("/outcomes/uploads").get_data(as_text=True)
    post_file(auth, csv_bytes(*year_rows("ACME", 2009, completed=2, improved=2)))
    assert (_upload().no_students, _upload().row_count) == (False, 2)  # data replaces it


def test_the_report_needs_the_confirmation_and_a_header_only_file_is_still_refused(
    world, users, auth
):
    auth.login("district@example.gov")
    assert report_none(auth, confirm=None).status_code == 302
    assert _upload() is None
    response = post_file(auth, csv_bytes())
    assert "The file has no student rows" in response.get_data(as_text=True)
    assert _upload() is None


def test_coordinator_reports_for_a_chosen_district_and_a_provider_may_not(world, users, auth):
    auth.login("provider@example.gov")
    assert report_none(auth).status_code == 403
    auth.logout()
    auth.login("coordinator@example.gov")
    report_none(auth, **{"none-district_id": str(world["rapid"].id)})
    assert _upload().district_id == world["rapid"].id


def test_api_reports_no_students(world, token, client):  # noqa: F811
    response = client.post(
        "/api/outcomes/2009/no-students", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 201
    assert response.get_json() == {
        "district": "49-5",
        "program_year": 2009,
        "rows": 0,
        "no_students": True,
        "replaced_rows": None,
    }
    assert (_upload().no_students, _upload().source) == (True, "api")
    assert client.post("/api/outcomes/2009/no-students").status_code == 401
    assert (
        client.post(
            "/api/outcomes/1800/no-students", headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 400
    )


def test_coordinator_home_lists_districts_that_have_not_reported(world, users, auth, client):
    """July 20, 2010: 2009-10's district reports were due June 30, 2010; both districts are
    served by approved providers; Sioux Falls reported "no SES students"."""
    auth.login("district@example.gov")
    report_none(auth)
    auth.logout()
    auth.login("coordinator@example.gov")
    html = client.get("/home").get_data(as_text=True)
    panel = html.split('id="unreported-h"', 1)[1].split("</ul>", 1)[0]
    assert "Rapid City" in panel and "Sioux Falls" not in panel
    assert "2009-10" in panel
