"""Importing a state's existing approved-provider list (issue 10): checked whole, all or
nothing, approvals audited as imported and listed in the directory."""

import io
from datetime import date

import pytest

from app.audit import history
from app.extensions import db
from app.models import Application, Cycle, Organization

HEADER = (
    "organization_code,organization_name,organization_type,contact_name,contact_email,"
    "phone,website,address,service_area,subjects,approved_on,term_ends_on\n"
)
GOOD = HEADER + (
    "sylvan-sf,Sylvan Learning of Sioux Falls,for-profit company,Jo Smith,jo@sylvan.example,"
    '605-555-0199,,,"49-5; 51-4","reading: K-2, 3-5; math: 6-8",2008-07-01,2010-06-30\n'
    "club-z,Club Z! In-Home Tutoring,,,,,,,51-4,math: 9-12,2009-07-01,2011-06-30\n"
)
BAD = HEADER + (
    ",No Code,,,,,,,49-5,reading: K-2,2008-07-01,2010-06-30\n"  # 2
    "a,Bad Area,,,,,,,49-5; 99-9,reading: K-2,2008-07-01,2010-06-30\n"  # 3
    "b,Statewide,,,,,,,statewide,reading: K-2,2008-07-01,2010-06-30\n"  # 4
    "c,Bad Subject,,,,,,,49-5,art: K-2,2008-07-01,2010-06-30\n"  # 5
    "d,Bad Span,,,,,,,49-5,reading: K-12,2008-07-01,2010-06-30\n"  # 6
    "e,Bad Dates,,,,,,,49-5,reading: K-2,July 1,2010-06-30\n"  # 7
    "f,Ended,,,,,,,49-5,reading: K-2,2006-07-01,2008-06-30\n"  # 8
    "g,Backwards,,,,,,,49-5,reading: K-2,2009-07-01,2009-06-30\n"  # 9
    "h,Bad Type,alien,,x@,,,,49-5,reading: K-2,2008-07-01,2010-06-30\n"  # 10: 2
    "a,Twice,,,,,,,49-5,reading: K-2,2008-07-01,2010-06-30\n"  # 11
)
TODAY = "2009-09-01"


@pytest.fixture
def sd(app, make_district, auth, make_user):
    app.config["FIXED_TODAY"] = TODAY
    make_district("Sioux Falls", "49-5")
    make_district("Rapid City", "51-4")
    make_district("Wake County Schools", "920", state="NC")
    make_user("coordinator", email="c@example.gov")
    auth.login("c@example.gov")


def _post(auth, content, state="SD", cycle_id="", filename="providers.csv"):
    return auth.post(
        "/reference/providers",
        {"state": state, "cycle_id": cycle_id, "file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def _approved():
    return db.session.scalars(
        db.select(Application).where(Application.state == "approved").order_by(Application.id)
    ).all()


def test_good_list_creates_audited_approvals_in_the_directory(sd, auth, client):
    response = _post(auth, GOOD.encode())
    assert response.status_code == 302, response.get_data(as_text=True)
    sylvan, club = _approved()
    assert sylvan.organization.name == "Sylvan Learning of Sioux Falls"
    assert sylvan.organization.org_type == "for_profit" and club.organization.org_type == "other"
    assert [d.code for d in sylvan.service_area] == ["51-4", "49-5"]  # by district name
    assert sylvan.program["subjects_by_grade"] == {"reading": ["K-2", "3-5"], "math": ["6-8"]}
    assert (sylvan.approved_on, sylvan.term_ends_on) == (date(2008, 7, 1), date(2010, 6, 30))
    cycle = sylvan.cycle
    assert cycle is club.cycle and cycle.name == "Imported provider list (SD, sd-2009)"
    assert cycle.policy_code == "sd-2009"
    entry = history(sylvan)[-1]
    assert entry.event == "import" and entry.to_state == "approved"
    assert "imported from providers.csv line 2" in entry.reason
    directory = client.get("/directory/").get_data(as_text=True)
    assert "Sylvan Learning of Sioux Falls" in directory and "Club Z! In-Home Tutoring" in directory


def test_the_imported_cycle_never_takes_applications(sd, auth, client):
    from app.clock import now, today
    from app.renewals.operations import open_cycles

    assert _post(auth, GOOD.encode()).status_code == 302
    assert open_cycles(today=today(), now=now()) == []


def test_bad_list_reports_every_problem_and_stores_nothing(sd, auth):
    response = _post(auth, BAD.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported: 11 problems in the file" in page
    for line, column in [
        (2, "organization_code"),
        (3, "service_area"),
        (4, "service_area"),
        (5, "subjects"),
        (6, "subjects"),
        (7, "approved_on"),
        (8, "term_ends_on"),
        (9, "term_ends_on"),
        (10, "organization_type"),
        (10, "contact_email"),
        (11, "organization_code"),
    ]:
        assert f"<td>{line}</td><td>{column}</td>" in page, (line, column)
    assert "Not a district of this state: “99-9”" in page
    assert "Statewide will not be accepted" in page
    assert _approved() == []
    assert db.session.scalar(db.select(db.func.count()).select_from(Organization)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(Cycle)) == 0


def test_a_provider_already_on_the_list_is_not_approved_twice(sd, auth):
    assert _post(auth, GOOD.encode()).status_code == 302
    again = _post(auth, GOOD.encode())
    assert again.status_code == 422
    assert "sylvan-sf already holds an approval in force" in again.get_data(as_text=True)
    assert len(_approved()) == 2


def test_districts_of_another_state_are_not_in_the_service_area(sd, auth):
    line = "w,Wake Tutors,,,,,,,920,reading: K-2,2008-07-01,2010-06-30\n"
    assert _post(auth, (HEADER + line).encode()).status_code == 422
    assert _post(auth, (HEADER + line).encode(), state="NC").status_code == 302
    assert _approved()[0].cycle.policy_code == "nc-2009"


def test_a_named_cycle_must_be_of_the_state(sd, auth, make_cycle):
    nc = make_cycle("nc-2009", name="NC 2009")
    response = _post(auth, GOOD.encode(), cycle_id=str(nc.id))
    assert response.status_code == 422
    assert "NC 2009 is a cycle of another state than SD." in response.get_data(as_text=True)
    sd_cycle = make_cycle("sd-2009", name="SD 2008")
    assert _post(auth, GOOD.encode(), cycle_id=str(sd_cycle.id)).status_code == 302
    assert {a.cycle_id for a in _approved()} == {sd_cycle.id}


def test_cli_import_providers(sd, runner, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD)
    bad.write_text(BAD)
    result = runner.invoke(args=["ses", "import-providers", str(bad), "--state", "SD"])
    assert result.exit_code == 1 and "11 problem(s)" in result.output
    assert _approved() == []
    result = runner.invoke(args=["ses", "import-providers", str(good), "--state", "SD"])
    assert result.exit_code == 0, result.output
    assert "2 approved provider(s) imported for SD" in result.output
    assert len(_approved()) == 2
    assert (
        runner.invoke(
            args=["ses", "import-providers", str(good), "--state", "SD", "--cycle", "999"]
        ).exit_code
        == 2
    )


def test_only_the_coordinator_imports_providers(app, client, auth, make_user):
    for role in ("provider", "reviewer", "district", "committee"):
        make_user(role, email=f"{role}@example.gov")
        auth.logout()
        auth.login(f"{role}@example.gov")
        assert client.get("/reference/providers").status_code == 403, role


def test_imported_approvals_are_listed_in_the_directory(sd, auth):
    """The derived directory tables follow the import in its own transaction."""
    from app.models import DirectoryListing

    assert _post(auth, GOOD.encode()).status_code == 302
    listed = db.session.scalars(db.select(DirectoryListing.application_id)).all()
    assert sorted(listed) == sorted(a.id for a in _approved())
    assert len(listed) == 2


def test_a_list_without_providers_is_refused(sd, auth):
    response = _post(auth, HEADER.encode())
    assert response.status_code == 422
    assert "The file lists no providers below its header." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Cycle)) == 0
