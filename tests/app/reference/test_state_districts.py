"""Each state's applicants choose that state's real districts (issue 10), and eligibility reads
the improvement status of the cycle's program year (004 "Eligible Service Providers")."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.applications.operations.admission import cycle_program_year, organization_refusal
from app.extensions import db
from app.models import Application, District, Organization, School, SchoolYearStatus
from tests.app.applications.conftest import Filler, complete_program

EASTERN = ZoneInfo("America/New_York")


@pytest.fixture
def filler(auth, client):
    """The application form's helper (tests/app/applications/conftest.py)."""
    return Filler(auth, client)


@pytest.fixture
def demo(app, runner):
    """The demo's districts (SD's 004 list and the real NC and MA districts)."""
    assert runner.invoke(args=["ses", "seed-demo"]).exit_code == 0


def _district(state, code):
    return db.session.scalar(
        db.select(District).where(District.state == state, District.code == code)
    )


def _provider(make_org, make_user, auth, email):
    org = make_org(f"Tutors for {email}")
    make_user("provider", organization=org, email=email)
    auth.logout()
    auth.login(email)
    return org


@pytest.mark.parametrize(
    "pack, day, cycle_dates, chosen, other_state",
    [
        ("nc-2009", "2009-05-11", None, [("NC", "920"), ("NC", "320")], ("SD", "49-5")),
        (
            "ma-2011",
            "2011-03-15",
            (date(2011, 3, 1), datetime(2011, 4, 1, 17, tzinfo=EASTERN)),
            [("MA", "035"), ("MA", "281")],
            ("NC", "920"),
        ),
    ],
)
def test_applicants_choose_their_states_real_districts(
    demo,
    app,
    auth,
    client,
    make_org,
    make_user,
    make_cycle,
    filler,
    pack,
    day,
    cycle_dates,
    chosen,
    other_state,
):
    app.config["FIXED_TODAY"] = day
    if cycle_dates:  # the demo has an open NC round; MA's is made here
        make_cycle(
            pack,
            name="MA 2011",
            opens_on=cycle_dates[0],
            due_at=cycle_dates[1],
            revision_due_at=None,
        )
    org = _provider(make_org, make_user, auth, f"{pack}@example.org")
    app_id = filler.start(org.id)
    page = client.get(f"/applications/{app_id}/sections/program").get_data(as_text=True)
    state = chosen[0][0]
    for district in db.session.scalars(db.select(District).where(District.state == state)):
        assert district.label in page
    assert _district(*other_state).label not in page
    ids = [_district(*key).id for key in chosen]
    response = filler.save(app_id, "program", complete_program(ids))
    assert response.status_code == 302
    application = db.session.get(Application, app_id)
    assert application.cycle.policy_code == pack
    assert sorted(d.code for d in application.service_area) == sorted(c for _, c in chosen)
    # A district of another state is not a choice: it is refused, the others are kept.
    filler.save(app_id, "program", complete_program(ids + [_district(*other_state).id]))
    assert sorted(d.code for d in db.session.get(Application, app_id).service_area) == sorted(
        c for _, c in chosen
    )


def test_eligibility_reads_the_cycles_program_year(
    app, make_district, make_cycle, auth, make_user, filler
):
    """A school in improvement in 2008-09 that made AYP for 2009-10: refused for the 2009 RFP
    (opens March 2009, program year 2008-09), eligible for a round opening in September 2009."""
    district = make_district("Sioux Falls", "49-5")
    school = School(district=district, name="Cleveland Elem", improvement_status="none")
    db.session.add(school)
    db.session.flush()
    db.session.add_all(
        [
            SchoolYearStatus(school_id=school.id, program_year=2008, status="improvement"),
            SchoolYearStatus(school_id=school.id, program_year=2009, status="none"),
        ]
    )
    org = Organization(
        code="cleveland", name="Cleveland Elementary", org_type="public_school", school=school
    )
    db.session.add(org)
    db.session.commit()
    spring = make_cycle("sd-2009", name="SD 2009")
    autumn = make_cycle(
        "sd-2009",
        name="SD 2009 fall",
        opens_on=date(2009, 9, 1),
        due_at=datetime(2009, 10, 1, 17, tzinfo=ZoneInfo("America/Chicago")),
        revision_due_at=None,
    )
    assert (cycle_program_year(spring), cycle_program_year(autumn)) == (2008, 2009)
    assert "identified for school improvement in 2008-09" in organization_refusal(org, spring)
    assert organization_refusal(org, autumn) is None
    assert organization_refusal(org) is None  # no cycle: the school's current status

    make_user("provider", organization=org, email="cleveland@example.org")
    auth.login("cleveland@example.org")
    app.config["FIXED_TODAY"] = "2009-04-01"
    refused = auth.post(
        f"/organizations/{org.id}/applications",
        token_from=f"/organizations/{org.id}",
        follow_redirects=True,
    )
    assert "identified for school improvement in 2008-09" in refused.get_data(as_text=True)
    app.config["FIXED_TODAY"] = "2009-09-15"
    assert filler.start(org.id)
