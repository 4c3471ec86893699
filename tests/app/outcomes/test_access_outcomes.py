"""Who reaches which outcomes page: every GET page x every role (DESIGN.md section 9: a district
user sees only its district's uploads; student-level data stays with state and district roles)."""

from datetime import date

import pytest

from app.extensions import db
from app.models import ApiToken, FinalReport, OutcomeUpload, OutcomeUploadJob
from app.outcomes.operations.final_reports import file_final_report
from workflows.policy import load_policy

ROLES = ("anonymous", "provider", "reviewer", "coordinator", "committee", "district")
LOGIN = 302


def _only(*roles):
    return {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, **dict.fromkeys(roles, 200)}


MATRIX = {
    "outcomes.uploads": ("/outcomes/uploads", _only("coordinator", "district")),
    "outcomes.upload": ("/outcomes/uploads/{upload_id}", _only("coordinator", "district")),
    "outcomes.upload_job": ("/outcomes/jobs/{job_id}", _only("coordinator", "district")),
    "outcomes.tokens": ("/outcomes/tokens", _only("coordinator", "district")),
    "outcomes.effectiveness": ("/outcomes/effectiveness", _only("coordinator")),
    "outcomes.provider_effectiveness": ("/outcomes/effectiveness/{org_id}", _only("coordinator")),
    "outcomes.final_reports": (
        "/outcomes/final-reports",
        _only("coordinator", "provider", "district"),
    ),
    "outcomes.final_report_document": (
        "/outcomes/final-reports/{report_id}/document",
        _only("coordinator", "provider"),
    ),
}


@pytest.fixture
def records(world, users):
    """An upload and a background upload job of Sioux Falls (the district user's) and ACME's
    own final report."""
    upload = OutcomeUpload(
        district_id=world["sioux"].id,
        program_year=2009,
        filename="a.csv",
        row_count=0,
        source="web",
    )
    job = OutcomeUploadJob(
        district_id=world["sioux"].id,
        program_year=2009,
        source="web",
        filename="big.csv",
        status="queued",
        errors=[],
    )
    db.session.add_all([upload, job])
    report = file_final_report(
        world["acme"],
        2009,
        "report.txt",
        b"progress of each student",
        filer="provider",
        actor=users["provider"],
        today=date(2010, 6, 1),
        policy=load_policy("sd-2009"),
    )
    db.session.commit()
    return {
        "upload_id": upload.id,
        "org_id": world["acme"].id,
        "report_id": report.id,
        "job_id": job.id,
    }


@pytest.mark.parametrize("role", ROLES)
def test_outcomes_page_matrix(records, auth, client, role):
    if role != "anonymous":
        assert auth.login(f"{role}@example.gov").status_code == 302
    failures = auth.matrix_failures(MATRIX, role, records)
    assert not failures, f"{role}: " + "; ".join(failures)


def test_other_district_and_other_provider_are_refused(world, records, auth, client):
    auth.login("rapid@example.gov")
    assert client.get(f"/outcomes/uploads/{records['upload_id']}").status_code == 403
    assert b"a.csv" not in client.get("/outcomes/uploads").data
    assert client.get(f"/outcomes/final-reports/{records['report_id']}/document").status_code == 403
    auth.logout()
    auth.login("beta@example.gov")
    assert client.get(f"/outcomes/final-reports/{records['report_id']}/document").status_code == 403
    assert b"Acme" not in client.get("/outcomes/final-reports").data


def test_unknown_ids_are_404(world, records, auth, client):
    auth.login("coordinator@example.gov")
    for path in (
        "/outcomes/uploads/99999",
        "/outcomes/effectiveness/99999",
        "/outcomes/jobs/9999",
        "/outcomes/final-reports/99999/document",
        "/outcomes/uploads/abc",
    ):
        assert client.get(path).status_code == 404, path
    assert (
        auth.post("/outcomes/tokens/99999/revoke", token_from="/outcomes/tokens").status_code == 404
    )


def test_district_user_tokens_are_their_own(world, users, auth, client):
    row, _ = ApiToken.issue(world["rapid"], users["other_district"], "Rapid SIS")
    db.session.add(row)
    db.session.commit()
    auth.login("district@example.gov")
    assert b"Rapid SIS" not in client.get("/outcomes/tokens").data
    assert (
        auth.post(f"/outcomes/tokens/{row.id}/revoke", token_from="/outcomes/tokens").status_code
        == 403
    )
    assert db.session.get(ApiToken, row.id).revoked_at is None
    assert db.session.scalar(db.select(FinalReport.id)) is None
