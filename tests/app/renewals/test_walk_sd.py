"""Two program years under South Dakota's pack, through the HTTP interface (issue 10 "Done
when"): the 2009 cycle, its copies for the next years, a renewal round beside a new-applicant
round in 2011 (004 "Application approval is valid for two years, at that time providers must
re-apply"), a renewal approved on the record shown, and one refused for two failing years
(ESEA 1116(e)(4)(D), 002 "Policy for Removal") whose second year ends the day the term does -
and still opens its removal case."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.extensions import db
from app.models import Application, Letter, RemovalCase
from tests.app.reviews.conftest import SD_HIGH

from .conftest import populate, text_of

CENTRAL = ZoneInfo("America/Chicago")


def _world(walk, make_org, make_district):
    return populate(
        walk,
        make_org,
        make_district,
        "SD",
        [("Sioux Falls", "49-5"), ("Rapid City", "51-4")],
        [
            ("PRAIRIE", "Prairie Learning"),
            ("BADLANDS", "Badlands Tutoring"),
            ("NEWCO", "Newcomer Tutoring"),
        ],
    )


def test_two_years_in_south_dakota(walk_for, make_org, make_district):
    walk = walk_for("sd-2009")
    districts, orgs, providers, district_user = _world(walk, make_org, make_district)

    # Year one: the 2009 cycle (004 "Timeline"), both providers approved for two years.
    walk.at("2009-03-02")
    sd2009 = walk.new_cycle(
        name="SD 2009",
        opens_on="2009-03-02",
        due_at="2009-04-09 17:00",
        revision_due_at="2009-05-15 17:00",
        announcement_on="2009-07-01",
        kind="both",
    )
    walk.at("2009-04-01")
    first = {
        code: walk.apply(providers[code], sd2009, districts) for code in ("PRAIRIE", "BADLANDS")
    }
    walk.at("2009-05-01")
    walk.approve_each(first.values(), SD_HIGH, date(2011, 6, 30))
    # Program year 2009-10: Prairie contributes, Badlands does not (5 of 12 improved).
    walk.report_year(district_user, 2009, {"PRAIRIE": 10, "BADLANDS": 5}, sweep_on="2010-07-20")

    # Copy for next year, twice: 2010, then 2011 as a renewal round beside a new-applicant one.
    walk.at("2010-01-04")
    sd2010 = walk.copy_cycle(sd2009)
    assert (sd2010.name, sd2010.opens_on, sd2010.announcement_on) == (
        "SD 2010",
        date(2010, 3, 2),
        date(2010, 7, 1),
    )
    assert sd2010.due_at == datetime(2010, 4, 9, 17, 0, tzinfo=CENTRAL)
    walk.at("2011-01-03")
    renewals = walk.copy_cycle(sd2010, name="SD 2011 renewals", kind="renewal")
    newcomers = walk.copy_cycle(sd2010, name="SD 2011 new applicants", kind="new")
    # April 9, 2011 is a Saturday: rolled forward to the Monday. May 15, 2010 was a Saturday, so
    # the 2010 copy says May 17; its copy keeps May 17 (a Tuesday in 2011).
    assert sd2010.revision_due_at == datetime(2010, 5, 17, 17, 0, tzinfo=CENTRAL)
    assert renewals.due_at == datetime(2011, 4, 11, 17, 0, tzinfo=CENTRAL)
    assert renewals.revision_due_at == datetime(2011, 5, 17, 17, 0, tzinfo=CENTRAL)
    assert (renewals.kind, newcomers.kind) == ("renewal", "new")

    walk.at("2011-03-15")
    # The newcomer sees both rounds and may enter only the new-applicant one.
    page = text_of(
        walk.as_user(providers["NEWCO"]).client.get(f"/organizations/{orgs['NEWCO'].id}")
    )
    assert "SD 2011 renewals is a renewal round" in page
    assert "Start an application for SD 2011 new applicants" in page
    refused = walk.start(providers["NEWCO"], renewals)
    assert refused.status_code == 302 and "/organizations/" in refused.headers["Location"]
    assert "renewal round" in text_of(walk.client.get(refused.headers["Location"]))
    newcomer = walk.apply(providers["NEWCO"], newcomers, districts[:1])
    assert walk.state(newcomer) == "submitted"

    # Prairie renews: prefilled from its approval, it changes its rate and signs again.
    page = text_of(
        walk.as_user(providers["PRAIRIE"]).client.get(f"/organizations/{orgs['PRAIRIE'].id}")
    )
    assert "Renew your approval in SD 2011 renewals" in page
    renewal = {
        code: walk.started(walk.start(providers[code], renewals))
        for code in ("PRAIRIE", "BADLANDS")
    }
    prairie = db.session.get(Application, renewal["PRAIRIE"])
    assert prairie.renews_id == first["PRAIRIE"] and prairie.program["hourly_rate"] is not None
    assert prairie.assurances == {} and [d.code for d in prairie.service_area] == ["51-4", "49-5"]
    walk.as_user(providers["PRAIRIE"])
    walk.save(prairie.id, "program", _program_with(prairie, hourly_rate="40"))
    overview = text_of(walk.client.get(f"/applications/{prairie.id}"))
    assert "What differs from the approval" in overview and "40.00" in overview
    for code, application_id in renewal.items():
        walk.as_user(providers[code])
        walk.save(application_id, "assurances", _signed("2011-03-15"))
        walk.attach(application_id)
        assert walk.submit(application_id).status_code == 302, code
        assert walk.state(application_id) == "submitted"

    # The renewal is decided on the record shown; granted, it supersedes the old approval.
    walk.at("2011-05-02")
    walk.review(prairie.id, SD_HIGH)
    decide_page = text_of(
        walk.as_user(walk.people["coordinator"]).client.get(
            f"/review/applications/{prairie.id}/decide"
        )
    )
    assert "The provider's record" in decide_page
    assert "10 of 12 completers improved" in decide_page and "2009-10" in decide_page
    assert walk.decide(prairie.id, outcome="approve").status_code == 302
    assert (walk.state(prairie.id), walk.state(first["PRAIRIE"])) == ("approved", "expired")
    assert db.session.get(Application, prairie.id).term_ends_on == date(2013, 6, 30)
    letter = db.session.scalar(
        db.select(Letter).filter_by(application_id=prairie.id, kind="decision_approved")
    )
    assert "the renewal was" in text_of_html(letter.body_html)
    directory = walk.client.get("/directory/").get_data(as_text=True)
    assert directory.count("Prairie Learning") == 1

    # 2010-11, Badlands' second failing year, ends June 30, 2011: the day its term ends.
    output = walk.report_year(
        district_user, 2010, {"PRAIRIE": 9, "BADLANDS": 4}, sweep_on="2011-07-01"
    )
    case = db.session.scalar(db.select(RemovalCase))
    assert (case.application_id, case.grounds, case.opened_on) == (
        first["BADLANDS"],
        "effectiveness",
        date(2011, 7, 1),
    )
    assert "Removal case" in output and walk.state(first["BADLANDS"]) == "approved"

    # Its renewal cannot be granted: the record shows why, the engine refuses, the denial says so.
    walk.at("2011-07-05")
    walk.review(renewal["BADLANDS"], SD_HIGH)
    decide_page = text_of(
        walk.as_user(walk.people["coordinator"]).client.get(
            f"/review/applications/{renewal['BADLANDS']}/decide"
        )
    )
    assert "This renewal cannot be granted" in decide_page and "2009-10, 2010-11" in decide_page
    refused = walk.decide(renewal["BADLANDS"], outcome="approve")
    assert refused.status_code == 409  # the record forbids the renewal
    assert "cannot be renewed" in text_of(refused)
    assert walk.state(renewal["BADLANDS"]) == "under_review"
    denied = walk.decide(
        renewal["BADLANDS"],
        outcome="deny",
        reason="Two consecutive years without contributing (002).",
    )
    assert denied.status_code == 302 and walk.state(renewal["BADLANDS"]) == "denied"
    letter = db.session.scalar(
        db.select(Letter).filter_by(application_id=renewal["BADLANDS"], kind="decision_denied")
    )
    assert "does not allow the approval to be renewed" in text_of_html(letter.body_html)
    assert "2009-10, 2010-11" in letter.body_html


def _program_with(application, **changes):
    """The program section's form data as stored on `application`, with `changes`."""
    program = dict(application.program)
    data = {
        key: str(value)
        for key, value in program.items()
        if isinstance(value, (str, int, float)) and not isinstance(value, bool)
    }
    for key, value in program.items():
        if isinstance(value, bool) and value:
            data[key] = "y"
        elif isinstance(value, list):
            data[key] = value
    for subject, spans in (program.get("subjects_by_grade") or {}).items():
        data[f"subjects_by_grade.{subject}"] = spans
    data.pop("subjects_by_grade", None)
    data["service_area"] = [str(d.id) for d in application.service_area]
    data.update(changes)
    return data


def _signed(day, pack="sd-2009"):
    """The pack's own assurances, signed on `day`."""
    from workflows.policy import load_policy

    statements = [key for key, _label in load_policy(pack).assurances]
    return {
        "statements": statements,
        "signer_name": "Pat Provider",
        "signer_title": "Director",
        "signed_on": day,
    }


def text_of_html(html):
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
