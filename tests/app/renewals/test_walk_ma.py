"""Two program years under Massachusetts' pack, through the HTTP interface (issue 10 "Done
when"). MA renews every approved provider "each year, in June" (001 "Renew status as a State
approved SES provider"); a renewal may change contact information, service area and rates, but
an added subject, a changed core curriculum or added grades need a new RFR, and the assurances
are signed again (001). Both providers were on the 2010-11 list before the walk (factories)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.extensions import db
from app.models import Application, RemovalCase
from tests.app.reviews.conftest import all_answers

from .conftest import past_approvals, populate, text_of
from .test_walk_sd import _program_with, _signed

MET = all_answers("ma-2011")
EASTERN = ZoneInfo("America/New_York")


def _world(walk, make_org, make_district, make_cycle, make_application):
    world = populate(
        walk,
        make_org,
        make_district,
        "MA",
        [("Boston", "035"), ("Springfield", "281")],
        [
            ("BAYSTATE", "Bay State Tutoring"),
            ("PIONEER", "Pioneer Valley Learning"),
            ("NEWCO", "Newcomer Tutoring"),
        ],
    )
    districts, orgs = world[0], world[1]
    past_approvals(
        make_cycle,
        make_application,
        "ma-2011",
        [orgs["BAYSTATE"], orgs["PIONEER"]],
        districts,
        date(2010, 9, 1),
        date(2011, 8, 31),
    )
    return world


def test_two_years_in_massachusetts(
    walk_for, make_org, make_district, make_cycle, make_application
):
    walk = walk_for("ma-2011")
    districts, orgs, providers, district_user = _world(
        walk, make_org, make_district, make_cycle, make_application
    )
    walk.at("2011-03-01")
    ma2011 = walk.new_cycle(
        name="MA 2011",
        opens_on="2011-03-01",
        due_at="2011-04-15 17:00",
        announcement_on="2011-09-01",
        kind="both",
    )
    walk.at("2011-04-01")
    first = {
        code: walk.apply(providers[code], ma2011, districts) for code in ("BAYSTATE", "PIONEER")
    }
    walk.at("2011-05-02")
    walk.approve_each(first.values(), MET, date(2012, 8, 31))
    # 2010-11 (September to August, 001) is reported: Pioneer's first failing year.
    walk.report_year(district_user, 2010, {"BAYSTATE": 10, "PIONEER": 5}, sweep_on="2011-09-15")

    # Next year: the June renewal round, and a new-applicant round open beside it.
    walk.at("2012-01-09")
    renewals = walk.copy_cycle(
        ma2011,
        name="MA 2012 renewals",
        kind="renewal",
        opens_on="2012-06-01",
        due_at="2012-06-29 17:00",
    )
    newcomers = walk.copy_cycle(
        ma2011, name="MA 2012 new applicants", kind="new", due_at="2012-06-29 17:00"
    )
    # September 1, 2012 is a Saturday: the announcement moves back to Friday August 31.
    assert newcomers.opens_on == date(2012, 3, 1) and renewals.announcement_on == date(2012, 8, 31)
    assert renewals.due_at == datetime(2012, 6, 29, 17, 0, tzinfo=EASTERN)

    # Before June the renewal round is not open: 001 "each year, in June".
    walk.at("2012-05-15")
    early = walk.start(providers["BAYSTATE"], renewals)
    assert early.status_code == 302
    page = text_of(walk.client.get(early.headers["Location"]))
    assert "That application cycle is not open now." in page and "MA 2012 renewals" not in page

    walk.at("2012-06-04")
    assert "renewal round" in text_of(
        walk.client.get(walk.start(providers["NEWCO"], renewals).headers["Location"])
    )
    assert walk.state(walk.apply(providers["NEWCO"], newcomers, districts[:1])) == "submitted"
    renewal = {}
    for code in ("BAYSTATE", "PIONEER"):
        renewal[code] = walk.started(walk.start(providers[code], renewals))
        walk.save(renewal[code], "assurances", _signed("2012-06-04", "ma-2011"))
        walk.attach(renewal[code])

    # An added subject and added grades need a new RFR (001): submission is refused.
    bay = db.session.get(Application, renewal["BAYSTATE"])
    walk.as_user(providers["BAYSTATE"])
    walk.save(
        bay.id,
        "program",
        _program_with(
            bay, **{"subjects_by_grade.science": ["6-8"], "subjects_by_grade.math": ["3-5", "6-8"]}
        ),
    )
    refused = walk.submit(bay.id)
    assert refused.status_code == 409
    assert "cannot carry an added subject area (science)" in text_of(refused)
    assert "added grades served (math 6-8)" in text_of(refused)
    # A changed rate and service area are allowed.
    walk.save(
        bay.id,
        "program",
        _program_with(
            bay,
            **{
                "subjects_by_grade.science": [],
                "subjects_by_grade.math": ["3-5"],
                "hourly_rate": "42",
                "service_area": [str(districts[0].id)],
            },
        ),
    )
    assert walk.submit(bay.id).status_code == 302
    walk.as_user(providers["PIONEER"])
    assert walk.submit(renewal["PIONEER"]).status_code == 302

    walk.at("2012-06-20")
    walk.review(bay.id, MET)
    page = text_of(
        walk.as_user(walk.people["coordinator"]).client.get(f"/review/applications/{bay.id}/decide")
    )
    assert "The provider's record" in page and "10 of 12 completers improved" in page
    assert walk.decide(bay.id, outcome="approve").status_code == 302
    assert (walk.state(bay.id), walk.state(first["BAYSTATE"])) == ("approved", "expired")
    assert db.session.get(Application, bay.id).term_ends_on == date(2013, 8, 31)

    # 2011-12, Pioneer's second failing year, ends August 31, 2012 with its term.
    walk.report_year(district_user, 2011, {"BAYSTATE": 9, "PIONEER": 4}, sweep_on="2012-09-04")
    case = db.session.scalar(db.select(RemovalCase))
    assert (case.application_id, case.grounds) == (first["PIONEER"], "effectiveness")
    walk.review(renewal["PIONEER"], MET)
    refused = walk.decide(renewal["PIONEER"], outcome="approve")
    assert refused.status_code == 409 and "2010-11, 2011-12" in text_of(refused)
    assert (
        walk.decide(
            renewal["PIONEER"], outcome="deny", reason="Two years without contributing."
        ).status_code
        == 302
    )
    assert walk.state(renewal["PIONEER"]) == "denied"
