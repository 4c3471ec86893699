"""Final reports (004 "Reporting"): providers by June 15, districts by June 30; a late report is
accepted and marked late; the sweep cites a provider's missing report once; and the web flow
from district uploads to a removal case."""

import io

from app.extensions import db
from app.models import Document, FinalReport, RemovalCase, Violation

from .conftest import csv_bytes, year_rows


def file_report(auth, year="2009", name="report.pdf", content=b"%PDF-1.4 final report", **fields):
    return auth.post(
        "/outcomes/final-reports",
        {"program_year": year, **fields, "file": (io.BytesIO(content), name)},
        token_from="/outcomes/final-reports",
        content_type="multipart/form-data",
    )


def test_provider_files_on_time_and_a_second_filing_is_refused(world, users, auth, app, client):
    app.config["FIXED_TODAY"] = "2010-06-15"
    auth.login("provider@example.gov")
    assert file_report(auth).status_code == 302
    report = db.session.scalar(db.select(FinalReport))
    assert (report.organization_id, report.filer, report.district_id, report.program_year) == (
        world["acme"].id,
        "provider",
        None,
        2009,
    )
    assert (str(report.due_on), str(report.received_on), report.late) == (
        "2010-06-15",
        "2010-06-15",
        False,
    )
    assert db.session.get(Document, report.document_id).kind == "final_report"
    response = file_report(auth)
    assert "already received on June 15, 2010" in response.get_data(as_text=True)
    download = client.get(f"/outcomes/final-reports/{report.id}/document")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")


def test_late_report_is_accepted_and_marked_late(world, users, auth, app, client):
    app.config["FIXED_TODAY"] = "2010-06-16"
    auth.login("provider@example.gov")
    assert file_report(auth).status_code == 302
    page = client.get("/outcomes/final-reports").get_data(as_text=True)
    assert "Final report received (late)." in page and "late</span>" in page
    assert db.session.scalar(db.select(FinalReport)).late is True


def test_bad_files_are_refused_with_the_reason(world, users, auth):
    auth.login("provider@example.gov")
    assert "only PDF" in file_report(auth, name="report.exe").get_data(as_text=True)
    assert "is not a real .pdf file" in file_report(auth, content=b"MZ...").get_data(as_text=True)
    assert "is empty" in file_report(auth, content=b"").get_data(
        as_text=True
    ) or "Choose the report file." in file_report(auth, content=b"").get_data(as_text=True)
    assert db.session.scalar(db.select(FinalReport)) is None


def test_district_files_its_report_for_a_provider(world, users, auth, app):
    app.config["FIXED_TODAY"] = "2010-06-30"
    auth.login("district@example.gov")
    assert file_report(auth, organization_id=str(world["beta"].id)).status_code == 302
    report = db.session.scalar(db.select(FinalReport))
    assert (
        report.filer,
        report.district_id,
        report.organization_id,
        str(report.due_on),
        report.late,
    ) == ("district", world["sioux"].id, world["beta"].id, "2010-06-30", False)
    auth.logout()
    auth.login("rapid@example.gov")  # BETA never served Rapid City: not a choice
    response = file_report(auth, organization_id=str(world["beta"].id))
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)


def test_filed_report_prevents_the_citation(world, users, auth, app, runner):
    from .test_sweep_outcomes import sweep, upload

    upload(world["sioux"], 2009, *year_rows("ACME", 2009, completed=2, improved=1))
    app.config["FIXED_TODAY"] = "2010-07-01"
    auth.login("provider@example.gov")
    file_report(auth)
    sweep(runner, "2010-07-02")
    assert db.session.scalar(db.select(Violation)) is None


def test_two_failing_years_uploaded_through_the_web_open_a_removal_case(
    world, renewal, users, auth, app, runner
):
    """Done when (issue 5): two consecutive failing years from uploaded outcome data."""
    from .test_sweep_outcomes import sweep

    app.config["FIXED_TODAY"] = "2011-07-05"
    auth.login("district@example.gov")
    for year in (2009, 2010):
        data = csv_bytes(*year_rows("ACME", year, completed=11, improved=5))
        response = auth.post(
            "/outcomes/uploads",
            {"program_year": str(year), "file": (io.BytesIO(data), f"{year}.csv")},
            token_from="/outcomes/uploads",
            content_type="multipart/form-data",
        )
        assert response.status_code == 302
    output = sweep(runner, "2011-07-06")
    case = db.session.scalar(db.select(RemovalCase))
    assert case is not None and case.application_id == renewal.id and case.subject == "math"
    assert "Removal case" in output
    assert sweep(runner, "2011-07-06").strip() == "0 change(s)."
    auth.logout()
    auth.login("coordinator@example.gov")
    page = auth.client.get(f"/outcomes/effectiveness/{world['acme'].id}").get_data(as_text=True)
    assert "not contributed" in page and f"/appeals/cases/{case.id}" in page
    assert "45.5%" in page and "Sioux Falls" in page
