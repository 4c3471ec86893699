"""Two program years under North Carolina's pack, through the HTTP interface (issue 10 "Done
when"). NC approves for one program year (the "2009-2010 ... Procedures", 003), so each provider
renews every spring. On the way: the fee cap (003 "Cost of Services": hourly rate <= per-pupil
allotment / 30 hours) refusing a rate on the form, and the insurance proof due 5 business days
after the Deliberation Meeting (003 "Proof of Insurance"). Both providers were on the 2008-09
list before the walk begins (made with the factories: their record starts there)."""

import io
from datetime import date

from app.extensions import db
from app.models import Application, Condition, RemovalCase
from tests.app.reviews.conftest import all_answers

from .conftest import past_approvals, populate, text_of
from .test_walk_sd import _signed

MET = all_answers("nc-2009")


def _world(walk, make_org, make_district, make_cycle, make_application):
    world = populate(
        walk,
        make_org,
        make_district,
        "NC",
        [("Wake County Schools", "920"), ("Durham Public Schools", "320")],
        [
            ("TARHEEL", "Tar Heel Tutors"),
            ("PIEDMONT", "Piedmont Learning"),
            ("NEWCO", "Newcomer Tutoring"),
        ],
    )
    districts, orgs = world[0], world[1]
    past_approvals(
        make_cycle,
        make_application,
        "nc-2009",
        [orgs["TARHEEL"], orgs["PIEDMONT"]],
        districts,
        date(2008, 7, 1),
        date(2009, 6, 30),
    )
    return world


def test_two_years_in_north_carolina(
    app, walk_for, make_org, make_district, make_cycle, make_application
):
    app.config["DEFAULT_POLICY"] = "nc-2009"  # SES_POLICY: the new-cycle form's default
    walk = walk_for("nc-2009")
    districts, orgs, providers, district_user = _world(
        walk, make_org, make_district, make_cycle, make_application
    )
    walk.at("2009-03-02")
    nc2009 = walk.new_cycle(
        name="NC 2009",
        opens_on="2009-03-02",
        due_at="2009-04-09 17:00",
        revision_due_at="2009-05-15 17:00",
        announcement_on="2009-07-01",
        kind="both",
        per_pupil_allotment="1500.00",
        deliberation_meeting_on="2009-05-01",
    )
    assert nc2009.per_pupil_allotment == 1500 and nc2009.deliberation_meeting_on == date(2009, 5, 1)

    # The fee cap: $1,500 / 30 hours = $50.00 an hour; $50.01 is refused on the form.
    walk.at("2009-04-01")
    tarheel = walk.started(walk.start(providers["TARHEEL"], nc2009))
    walk.fill(tarheel, districts, hourly_rate="50.01")
    refused = walk.submit(tarheel)
    assert refused.status_code == 409 and "50.00" in text_of(refused)
    assert walk.state(tarheel) == "draft"
    walk.fill(tarheel, districts, hourly_rate="50.00")
    assert walk.submit(tarheel).status_code == 302
    piedmont = walk.apply(providers["PIEDMONT"], nc2009, districts)

    # Decided at the review's end; the insurance proof runs from the Deliberation Meeting.
    walk.at("2009-05-06")
    walk.review(tarheel, MET)
    response = walk.decide(tarheel, outcome="approve_with_conditions", cond_insurance_proof="y")
    assert response.status_code == 302, text_of(response)
    condition = db.session.scalar(db.select(Condition).filter_by(application_id=tarheel))
    assert condition.due_on == date(2009, 5, 8)  # 5 business days after Friday May 1, 2009
    walk.as_user(providers["TARHEEL"])
    assert (
        walk.post(
            f"/review/conditions/{condition.id}/evidence",
            {"evidence": (io.BytesIO(b"%PDF-1.4 insurance"), "policy.pdf")},
            content_type="multipart/form-data",
        ).status_code
        == 302
    )
    walk.as_user(walk.people["coordinator"])
    assert (
        walk.post(
            f"/review/conditions/{condition.id}/met",
            {"met_on": "2009-05-06", "entry": "certificate on file"},
        ).status_code
        == 302
    )
    walk.review(piedmont, MET)
    assert walk.decide(piedmont, outcome="approve").status_code == 302
    assert [walk.state(a) for a in (tarheel, piedmont)] == ["approved", "approved"]
    assert db.session.get(Application, tarheel).term_ends_on == date(2010, 6, 30)

    # The districts report 2008-09, the year before the walk: Piedmont's first failing year.
    walk.report_year(district_user, 2008, {"TARHEEL": 10, "PIEDMONT": 5}, sweep_on="2009-07-20")

    # Next year: a renewal round and a new-applicant round, copied from 2009.
    walk.at("2010-01-04")
    renewals = walk.copy_cycle(nc2009, name="NC 2010 renewals", kind="renewal")
    newcomers = walk.copy_cycle(nc2009, name="NC 2010 new applicants", kind="new")
    # May 1, 2010 is a Saturday: the meeting date rolls forward to Monday May 3.
    assert renewals.deliberation_meeting_on == date(2010, 5, 3)
    assert renewals.per_pupil_allotment == 1500

    walk.at("2010-03-15")
    assert "renewal round" in text_of(
        walk.client.get(walk.start(providers["NEWCO"], renewals).headers["Location"])
    )
    assert walk.state(walk.apply(providers["NEWCO"], newcomers, districts[:1])) == "submitted"
    renewal = {}
    for code in ("TARHEEL", "PIEDMONT"):
        renewal[code] = walk.started(walk.start(providers[code], renewals))
        assert db.session.get(Application, renewal[code]).renews_id in (tarheel, piedmont)
        walk.save(renewal[code], "assurances", _signed("2010-03-15", "nc-2009"))
        walk.attach(renewal[code])
        assert walk.submit(renewal[code]).status_code == 302, code

    # Tar Heel's renewal is granted on its record (2008-09: 10 of 12 improved).
    walk.at("2010-05-10")
    walk.review(renewal["TARHEEL"], MET)
    page = text_of(
        walk.as_user(walk.people["coordinator"]).client.get(
            f"/review/applications/{renewal['TARHEEL']}/decide"
        )
    )
    assert "The provider's record" in page and "10 of 12 completers improved" in page
    assert walk.decide(renewal["TARHEEL"], outcome="approve").status_code == 302
    assert (walk.state(renewal["TARHEEL"]), walk.state(tarheel)) == ("approved", "expired")

    # 2009-10, Piedmont's second failing year, ends June 30, 2010 with its one-year term.
    walk.report_year(district_user, 2009, {"TARHEEL": 9, "PIEDMONT": 4}, sweep_on="2010-07-01")
    case = db.session.scalar(db.select(RemovalCase))
    assert (case.application_id, case.grounds) == (piedmont, "effectiveness")
    walk.review(renewal["PIEDMONT"], MET)
    refused = walk.decide(renewal["PIEDMONT"], outcome="approve")
    assert refused.status_code == 409 and "cannot be renewed" in text_of(refused)
    assert "2008-09, 2009-10" in text_of(refused)
    assert (
        walk.decide(
            renewal["PIEDMONT"], outcome="deny", reason="Two years without contributing."
        ).status_code
        == 302
    )
    assert walk.state(renewal["PIEDMONT"]) == "denied"
