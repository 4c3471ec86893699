"""The second failing year of an SD two-year term ends the day the term ends (004 "valid for
two years"; program year July 1 - June 30). The sweep the day after must still open the
removal case (002 "Policy for Removal", ESEA 1116(e)(4)(D)) before the term's expiry runs, and
the approval stays in force while the case is open (DESIGN.md section 4)."""

from datetime import date

from app.extensions import db
from app.models import Application, RemovalCase

from .conftest import year_rows
from .test_sweep_outcomes import sweep, upload


def _failing_two_years(world):
    upload(world["sioux"], 2009, *year_rows("ACME", 2009, completed=12, improved=5))
    upload(world["sioux"], 2010, *year_rows("ACME", 2010, completed=12, improved=5))


def test_second_failing_year_on_the_last_day_of_the_term_opens_a_removal_case(world, runner):
    _failing_two_years(world)
    output = sweep(runner, "2011-07-01")  # the term ended 2011-06-30, with program year 2010-11
    acme = db.session.get(Application, world["application"].id)
    case = db.session.scalar(db.select(RemovalCase))
    assert (case.application_id, case.grounds, case.opened_on) == (
        acme.id,
        "effectiveness",
        date(2011, 7, 1),
    )
    assert acme.state == "approved"  # the open case decides it, not the ended term
    beta = db.session.scalar(db.select(Application).where(Application.id != acme.id))
    assert beta.state == "expired"  # no case: its term ends as before
    assert "Removal case" in output and "expired, term ended 2011-06-30" in output
    assert sweep(runner, "2011-07-02").strip() == "0 change(s)."


def test_the_term_expires_once_the_case_is_closed(world, runner, make_user):
    _failing_two_years(world)
    sweep(runner, "2011-07-01")
    case = db.session.scalar(db.select(RemovalCase))
    case.status, case.decided_on, case.decided_by_id = (
        "not_removed",
        date(2011, 7, 5),
        make_user("coordinator").id,
    )
    db.session.commit()
    sweep(runner, "2011-07-06")
    assert db.session.get(Application, world["application"].id).state == "expired"


def test_an_approval_that_ended_before_the_failing_year_did_opens_no_case(world, runner):
    world["application"].term_ends_on = date(2011, 6, 29)
    db.session.commit()
    _failing_two_years(world)
    sweep(runner, "2011-07-01")
    assert db.session.scalar(db.select(RemovalCase)) is None
    assert db.session.get(Application, world["application"].id).state == "expired"
