"""Reference data (issue 10; 004 "Eligible Service Providers", "List of Districts and Schools"):
the coordinator's page and import of districts, contacts, schools and yearly statuses, checked
whole and stored all or nothing."""

import io

import pytest
from openpyxl import Workbook

from app.audit import history
from app.extensions import db
from app.models import District, DistrictYearStatus, School, SchoolYearStatus

HEADER = (
    "district_code,district_name,school,program_year,status,"
    "contact_name,contact_email,contact_phone\n"
)
GOOD = HEADER + (
    "49-5,Sioux Falls,,2008-09,none,Ann Lee,ses@sf.k12.sd.us,605-555-0101\n"
    "49-5,Sioux Falls,Cleveland Elem,2008-09,improvement,,,\n"
    "49-5,Sioux Falls,Cleveland Elem,2009-10,none,,,\n"
    "66-1,Todd County,,2008-09,identified for improvement,,,\n"
    "66-1,Todd County,He Dog Elem,2008,Corrective Action,,,\n"
    "32-2,Pierre,,,,,,\n"
)
BAD = HEADER + (
    ",Sioux Falls,,2008-09,none,,,\n"  # 2: code missing
    "49-5,Sioux Falls,,2008-10,none,,,\n"  # 3: years do not follow
    "49-5,Sioux Fall,,,,,,\n"  # 4: another name for 49-5
    "66-1,Todd County,,2008-09,probation,,,\n"  # 5: unknown status
    "66-1,Todd County,,2009-10,,,,\n"  # 6: year without status
    "66-1,Todd County,He Dog Elem,,,Bob,,\n"  # 7: contact on a school line
    "32-2,Pierre,,,,,not-an-email,\n"  # 8: e-mail
    "32-2,Pierre,Pierre Elem,2008-09,none,,,\n"
    "32-2,Pierre,Pierre Elem,2008,restructuring,,,\n"  # 10: same school and year again
)


@pytest.fixture
def coordinator(auth, make_user):
    make_user("coordinator", email="c@example.gov")
    auth.login("c@example.gov")


def _post(auth, content, filename="reference.csv", state="SD"):
    return auth.post(
        "/reference/import",
        {"state": state, "file": (io.BytesIO(content), filename)},
        token_from="/reference/",
        content_type="multipart/form-data",
    )


def _counts():
    return tuple(
        db.session.scalar(db.select(db.func.count()).select_from(m))
        for m in (District, School, DistrictYearStatus, SchoolYearStatus)
    )


def test_good_file_is_stored_with_statuses_contacts_and_audit(app, auth, coordinator):
    response = _post(auth, GOOD.encode())
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _counts() == (3, 2, 2, 3)
    sioux = db.session.scalar(db.select(District).where(District.code == "49-5"))
    assert (sioux.state, sioux.contact_name, sioux.contact_email, sioux.contact_phone) == (
        "SD",
        "Ann Lee",
        "ses@sf.k12.sd.us",
        "605-555-0101",
    )
    cleveland = sioux.schools[0]
    assert cleveland.improvement_status == "none"  # the latest year (2009-10) sets the flag
    todd = db.session.scalar(db.select(District).where(District.code == "66-1"))
    assert todd.in_improvement and todd.schools[0].improvement_status == "corrective_action"
    assert history(sioux)[-1].event == "import_reference"
    page = auth.client.get("/reference/?state=SD").get_data(as_text=True)
    assert "Sioux Falls 49-5" in page and "2008-09: none" in page and "Ann Lee" in page


def test_importing_again_updates_instead_of_duplicating(app, auth, coordinator):
    assert _post(auth, GOOD.encode()).status_code == 302
    again = HEADER + "49-5,Sioux Falls,Cleveland Elem,2009-10,restructuring,,,\n"
    assert _post(auth, again.encode()).status_code == 302
    assert _counts() == (3, 2, 2, 3)
    status = db.session.scalar(
        db.select(SchoolYearStatus.status).where(SchoolYearStatus.program_year == 2009)
    )
    assert status == "restructuring"
    assert (
        db.session.scalar(db.select(District.contact_name).where(District.code == "49-5"))
        == "Ann Lee"
    )  # blank contact cells keep the stored contact


def test_bad_file_reports_every_problem_and_stores_nothing(app, auth, coordinator):
    response = _post(auth, BAD.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported: 8 problems in the file" in page
    for line, column in [
        (2, "district_code"),
        (3, "program_year"),
        (4, "district_name"),
        (5, "status"),
        (6, "status"),
        (7, "contact_name"),
        (8, "contact_email"),
        (10, "program_year"),
    ]:
        assert f"<td>{line}</td><td>{column}</td>" in page, (line, column)
    assert _counts() == (0, 0, 0, 0)


def test_xlsx_is_read_like_csv(app, auth, coordinator):
    book = Workbook()
    sheet = book.active
    for line in GOOD.strip().split("\n"):
        sheet.append(line.split(","))
    sheet.append(["51-4", "Rapid City", None, 2008, "improvement", None, None, None])
    data = io.BytesIO()
    book.save(data)
    assert _post(auth, data.getvalue(), "reference.xlsx").status_code == 302
    assert _counts() == (4, 2, 3, 3)


@pytest.mark.parametrize(
    "content, filename, message",
    [
        (b"", "r.csv", "The file is empty"),
        (b"\xff\xfe\x00", "r.csv", "not UTF-8"),
        (b"not a workbook", "r.xlsx", "not a readable Excel workbook"),
        (b"district,name\n1,2\n", "r.csv", "Unknown column"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(
    app, auth, coordinator, content, filename, message
):
    response = _post(auth, content, filename)
    assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_only_the_coordinator_keeps_reference_data(app, client, auth, make_user):
    assert client.get("/reference/").status_code == 302  # to sign-in
    for role in ("provider", "reviewer", "district", "committee"):
        make_user(role, email=f"{role}@example.gov")
        auth.logout()
        auth.login(f"{role}@example.gov")
        assert client.get("/reference/").status_code == 403, role
        assert client.post("/reference/import", data={}).status_code in (400, 403), role


def test_cli_import(app, runner, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD)
    bad.write_text(BAD)
    result = runner.invoke(args=["ses", "import-reference", str(bad), "--state", "SD"])
    assert result.exit_code == 1 and "8 problem(s)" in result.output
    assert "line 10, program_year" in result.output
    assert _counts() == (0, 0, 0, 0)
    result = runner.invoke(args=["ses", "import-reference", str(good), "--state", "sd"])
    assert result.exit_code == 0, result.output
    assert "3 district(s) added" in result.output
    assert (
        runner.invoke(args=["ses", "import-reference", str(good), "--state", "XX"]).exit_code == 2
    )


def test_coordinator_records_a_status_and_a_contact_by_hand(app, auth, coordinator, make_district):
    todd = make_district("Todd County", "66-1")
    response = auth.post(
        "/reference/record?state=SD",
        {
            "district_id": str(todd.id),
            "school": "He Dog Elem",
            "program_year": "2009-10",
            "status": "restructuring",
            "contact_name": "",
            "contact_email": "",
            "contact_phone": "",
        },
        token_from="/reference/?state=SD",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    school = db.session.scalar(db.select(School).where(School.name == "He Dog Elem"))
    assert school.improvement_status == "restructuring"
    assert history(todd)[-1].event == "import_reference"
    response = auth.post(
        "/reference/record?state=SD",
        {
            "district_id": str(todd.id),
            "school": "",
            "program_year": "2009-10",
            "status": "",
            "contact_email": "nope",
        },
        token_from="/reference/?state=SD",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "A program year and a status go together" in page and "is not an e-mail address" in page
    assert (
        db.session.scalar(db.select(District.contact_email).where(District.id == todd.id)) is None
    )
