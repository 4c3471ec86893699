"""Large web and API uploads as background jobs (issue 9; DESIGN.md section 12): the file is
stored under the instance folder, imported by `import_outcomes_job` exactly like the CLI, the
job page shows the result (rows imported, or every error by line and column), the stored file
is deleted afterwards, and only the district's users and coordinators see a job."""

from pathlib import Path

import pytest

from app.audit import history
from app.extensions import db
from app.models import OutcomeRecord, OutcomeUpload, OutcomeUploadJob
from app.outcomes.operations.jobs import import_outcomes_job

from .conftest import csv_bytes, row, year_rows
from .test_api_outcomes import post_csv
from .test_uploads_web import post_file, reported


@pytest.fixture
def small_threshold(app):
    """Every upload above 100 bytes goes to a background job."""
    app.config["OUTCOME_BACKGROUND_BYTES"] = 100


def _job():
    return db.session.scalar(db.select(OutcomeUploadJob))


def _stored_files(app):
    folder = Path(app.instance_path) / "outcome_uploads"
    return sorted(folder.glob("*.csv")) if folder.exists() else []


def test_a_large_web_upload_is_imported_by_a_job_and_its_page_shows_the_result(
    app, world, users, auth, client, small_threshold
):
    auth.login("district@example.gov")
    response = post_file(auth, csv_bytes(*year_rows("ACME", 2009, completed=8, improved=5)))
    job = _job()
    assert response.status_code == 302 and response.location.endswith(f"/outcomes/jobs/{job.id}")
    assert (job.status, job.rows_read, job.source, job.district_id) == (
        "done",
        8,
        "web",
        world["sioux"].id,
    )
    assert job.upload.row_count == 8 and job.size_bytes > 100
    page = client.get(f"/outcomes/jobs/{job.id}").get_data(as_text=True)
    assert "8 rows imported" in page and 'id="job-status">done' in page
    assert _stored_files(app) == []  # the raw file (student ids) is gone
    assert "Large uploads" in client.get("/outcomes/uploads").get_data(as_text=True)


def test_a_failed_job_lists_every_error_and_imports_nothing(
    app, world, users, auth, client, small_threshold
):
    auth.login("district@example.gov")
    post_file(
        auth,
        csv_bytes(
            row(student="A"),
            row(student="B", provider="NOPE"),
            row(student="C", subject="art"),
            row(student="A"),
        ),
    )
    job = _job()
    assert (job.status, job.error_count, job.upload_id) == ("failed", 3, None)
    errors = reported(client.get(f"/outcomes/jobs/{job.id}"))
    assert [(line, column) for line, column, _ in errors] == [
        (3, "provider"),
        (4, "subject"),
        (5, "student_id"),
    ]
    assert db.session.scalar(db.select(db.func.count()).select_from(OutcomeRecord)) == 0
    assert db.session.scalar(db.select(OutcomeUpload)) is None
    assert _stored_files(app) == []


def test_a_job_runs_once(world, users, auth, small_threshold):
    auth.login("district@example.gov")
    post_file(auth, csv_bytes(*year_rows("ACME", 2009, completed=3, improved=3)))
    job = _job()
    import_outcomes_job(job.id)  # delivered twice by a queue: nothing happens
    assert db.session.scalar(db.select(db.func.count()).select_from(OutcomeRecord)) == 3
    import_outcomes_job(job.id + 1000)  # a job that does not exist


def _moves(job):
    return [(e.event, e.from_state, e.to_state) for e in history(job)]


def test_each_move_of_a_job_is_audited_by_the_engine(world, users, auth, small_threshold):
    auth.login("district@example.gov")
    post_file(auth, csv_bytes(*year_rows("ACME", 2009, completed=3, improved=3)))
    done = _job()
    assert _moves(done) == [
        ("start_import", "queued", "running"),
        ("finish_import", "running", "done"),
    ]
    import_outcomes_job(done.id)  # a second delivery is refused by the table: no more moves
    assert len(_moves(done)) == 2
    post_file(auth, csv_bytes(row(student="A"), row(student="B", provider="NOPE")))
    failed = db.session.scalars(
        db.select(OutcomeUploadJob).order_by(OutcomeUploadJob.id.desc())
    ).first()
    assert _moves(failed) == [
        ("start_import", "queued", "running"),
        ("fail_import", "running", "failed"),
    ]


@pytest.mark.parametrize(
    "who, status",
    [
        ("rapid@example.gov", 403),
        ("provider@example.gov", 403),
        ("coordinator@example.gov", 200),
        ("district@example.gov", 200),
    ],
)
def test_who_sees_a_job(world, users, auth, client, small_threshold, who, status):
    auth.login("district@example.gov")
    post_file(auth, csv_bytes(row()))
    auth.logout()
    auth.login(who)
    assert client.get(f"/outcomes/jobs/{_job().id}").status_code == status


def test_signed_out_user_is_sent_to_sign_in(world, users, auth, client, small_threshold):
    auth.login("district@example.gov")
    post_file(auth, csv_bytes(row()))
    auth.logout()
    assert client.get(f"/outcomes/jobs/{_job().id}").status_code == 302


def test_a_large_api_upload_answers_202_and_its_job_reports_the_result(
    world, token, client, small_threshold
):
    response = post_csv(client, csv_bytes(*year_rows("ACME", 2009, completed=6, improved=2)), token)
    assert response.status_code == 202
    body = response.get_json()
    # The answer is built before the request commits, so the job is still queued in it; the
    # queue takes it only after the commit (here at once) and its address reports the result.
    assert response.headers["Location"] == body["url"] and body["status"] == "queued"
    status = client.get(body["url"], headers={"Authorization": f"Bearer {token}"})
    assert status.status_code == 200 and status.get_json()["rows"] == 6
    assert client.get(body["url"]).status_code == 401
    response = post_csv(client, csv_bytes(row(provider="NOPE")), token)
    failed = client.get(
        response.get_json()["url"], headers={"Authorization": f"Bearer {token}"}
    ).get_json()
    assert (failed["status"], failed["error_count"], failed["errors"][0]["column"]) == (
        "failed",
        1,
        "provider",
    )


def test_api_job_of_another_district_is_404(world, token, client, small_threshold, make_district):
    post_csv(client, csv_bytes(row()), token)
    other = OutcomeUploadJob(
        district_id=world["rapid"].id,
        program_year=2009,
        source="api",
        filename="x",
        status="queued",
        errors=[],
    )
    db.session.add(other)
    db.session.commit()
    response = client.get(
        f"/api/outcomes/jobs/{other.id}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 404


def test_the_upload_size_limit_is_a_setting(app, world, users, auth, token, client):
    app.config["OUTCOME_UPLOAD_MAX_BYTES"] = 300
    data = csv_bytes(*year_rows("ACME", 2009, completed=8, improved=5))
    assert len(data) > 300
    assert post_csv(client, data, token).status_code == 413
    auth.login("district@example.gov")
    assert post_file(auth, data).status_code == 413
    app.config["OUTCOME_UPLOAD_MAX_BYTES"] = 10_000
    assert post_file(auth, data).status_code == 302
    app.config["MAX_CONTENT_LENGTH"] = 300  # JSON is parsed whole: it keeps the general limit
    rows = [{"student_id": f"S{n}", "school": "Lincoln"} for n in range(20)]
    response = client.post(
        "/api/outcomes/2009", json=rows, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 413
