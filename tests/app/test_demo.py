"""`flask ses seed-demo`: the SD 2009 demo loads once, and every demo user can sign in."""

import pytest

from app.demo import DEMO_USERS
from app.demo_districts import SD_2009_SCHOOLS
from app.extensions import db
from app.models import Application, Cycle, District, School, SchoolYearStatus, User


def test_seed_demo_is_idempotent(runner):
    first = runner.invoke(args=["ses", "seed-demo"])
    assert first.exit_code == 0, first.output
    counts = [
        db.session.scalar(db.select(db.func.count()).select_from(m))
        for m in (District, School, User, Application, Cycle)
    ]
    second = runner.invoke(args=["ses", "seed-demo"])
    assert second.exit_code == 0
    assert "0 district/school rows, 0 cycle(s), 0 provider organizations added" in second.output
    assert [
        db.session.scalar(db.select(db.func.count()).select_from(m))
        for m in (District, School, User, Application, Cycle)
    ] == counts


def test_seed_demo_loads_the_004_lists_and_timeline(runner):
    runner.invoke(args=["ses", "seed-demo"])
    assert db.session.scalar(db.select(db.func.count()).select_from(School)) == len(SD_2009_SCHOOLS)
    districts = db.session.scalars(db.select(District).where(District.state == "SD")).all()
    assert (
        len(districts) == len({code for _, code, _ in SD_2009_SCHOOLS}) == 18
    )  # 004 lists 46 schools in 18 districts
    # 004 lists the 2008-09 School Improvement schools, not districts in improvement.
    assert not any(d.in_improvement for d in districts)
    listed = db.session.scalars(db.select(SchoolYearStatus)).all()
    assert len(listed) == 46 and {(s.program_year, s.status) for s in listed} == {
        (2008, "improvement")
    }
    cycle = db.session.scalar(db.select(Cycle).where(Cycle.policy_code == "sd-2009"))
    assert cycle.policy_code == "sd-2009"
    assert cycle.due_at.isoformat() == "2009-04-09T22:00:00+00:00"  # 5:00 PM CDT
    states = {a.state for a in db.session.scalars(db.select(Application))}
    assert {"draft", "submitted", "under_review", "revisions_needed", "approved"} <= states


@pytest.mark.parametrize("email, role, password", [(u[0], u[2][0], u[3]) for u in DEMO_USERS])
def test_each_demo_user_signs_in_to_a_home_fit_for_its_role(
    runner, auth, client, email, role, password
):
    runner.invoke(args=["ses", "seed-demo"])
    assert auth.login(email, password).status_code == 302
    body = client.get("/home").get_data(as_text=True)
    marker = {
        "coordinator": "SES coordinator",
        "reviewer": "Black Hills Tutors LLC",
        "committee": "Appeals committee",
        "provider": "Prairie Learning Center",
        "district": "Sioux Falls 49-5",
    }[role]
    assert marker in body


def test_seed_demo_if_empty_skips_a_database_with_accounts(runner, make_user):
    make_user("coordinator")
    result = runner.invoke(args=["ses", "seed-demo", "--if-empty"])
    assert "already has accounts" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Cycle)) == 0


def test_coordinator_home_shows_the_next_deadlines(app, runner, auth, client):
    """The demo's revision request falls due May 15, 2009 (004 "Timeline"): on May 20 the
    coordinator's home lists it as overdue, with a link to the dashboard."""
    runner.invoke(args=["ses", "seed-demo"])
    app.config["FIXED_TODAY"] = "2009-05-20"
    auth.login("coordinator@demo.sd.gov", "demo-coordinator-2009")
    body = client.get("/home").get_data(as_text=True)
    assert "Next deadlines" in body and "(1 overdue)" in body
    assert "River Reading Partners" in body and "May 15, 2009 (overdue)" in body
    assert "/appeals/deadlines" in body
