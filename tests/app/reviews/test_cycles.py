"""Cycles, closure days and the applications list (coordinator)."""

from datetime import UTC, datetime

from app.core.calendar import working_calendar
from app.extensions import db
from app.models import ClosureDay, Cycle
from workflows.policy import load_policy

from .conftest import text_of

SD_CYCLE = {
    "name": "SD 2010",
    "policy_code": "sd-2009",
    "opens_on": "2010-03-01",
    "due_at": "2010-04-09T17:00",
    "review_starts_on": "2010-04-12",
    "review_ends_on": "2010-04-30",
    "revision_due_at": "2010-05-14T17:00",
    "announcement_on": "2010-07-01",
}


def test_create_a_cycle_in_the_packs_time_zone(flow, people):
    flow.as_user(people["coordinator"])
    assert flow.client.get("/review/cycles/new").status_code == 200
    assert flow.auth.post("/review/cycles/new", SD_CYCLE).status_code == 302
    nc = dict(SD_CYCLE, name="NC 2010", policy_code="nc-2009")
    assert flow.auth.post("/review/cycles/new", nc).status_code == 302
    sd_cycle, nc_cycle = db.session.scalars(db.select(Cycle).order_by(Cycle.id)).all()
    assert sd_cycle.due_at == datetime(2010, 4, 9, 22, 0, tzinfo=UTC)  # CDT
    assert nc_cycle.due_at == datetime(2010, 4, 9, 21, 0, tzinfo=UTC)  # EDT
    page = text_of(flow.client.get("/review/cycles"))
    assert "April 9, 2010, 5:00 PM CDT" in page and "April 9, 2010, 5:00 PM EDT" in page
    edit = flow.client.get(f"/review/cycles/{sd_cycle.id}").get_data(as_text=True)
    assert 'value="2010-04-09T17:00"' in edit

    changed = flow.auth.post(
        f"/review/cycles/{sd_cycle.id}", dict(SD_CYCLE, revision_due_at="2010-05-21T12:00")
    )
    assert changed.status_code == 302
    db.session.refresh(sd_cycle)
    assert sd_cycle.revision_due_at == datetime(2010, 5, 21, 17, 0, tzinfo=UTC)


def test_cycle_form_errors_keep_every_value(flow, people):
    flow.as_user(people["coordinator"])
    bad = dict(
        SD_CYCLE,
        revision_due_at="2010-04-01T17:00",
        review_ends_on="2010-04-01",
        announcement_on="2010-03-15",
    )
    response = flow.auth.post("/review/cycles/new", bad)
    assert response.status_code == 200
    page, html = text_of(response), response.get_data(as_text=True)
    assert "Revisions must be due after the applications are due." in page
    assert "The review cannot end before it starts." in page
    assert "The announcement cannot come before the due date." in page
    assert 'value="SD 2010"' in html and 'value="2010-04-01T17:00"' in html
    gap = flow.auth.post(
        "/review/cycles/new", dict(SD_CYCLE, opens_on="2010-03-01", due_at="2010-03-14T02:30")
    )
    assert "2010-03-14 02:30 does not exist in America/Chicago" in text_of(gap)
    junk = flow.auth.post(
        "/review/cycles/new",
        dict(SD_CYCLE, due_at="tomorrow", opens_on="2010-13-45", policy_code="xx"),
    )
    assert junk.status_code == 200
    assert "Enter a date and time like 2009-04-09 17:00." in text_of(junk)
    assert db.session.scalar(db.select(db.func.count()).select_from(Cycle)) == 0


def test_pack_of_a_cycle_with_applications_cannot_change(flow, people, make_application):
    application = make_application("submitted", organization=people["org"])
    flow.as_user(people["coordinator"])
    response = flow.auth.post(
        f"/review/cycles/{application.cycle_id}", dict(SD_CYCLE, policy_code="nc-2009")
    )
    assert "has 1 application(s) written under sd-2009" in text_of(response)


def test_closure_days_feed_the_working_calendar(flow, people):
    flow.as_user(people["coordinator"])
    data = {"state": "SD", "closed_on": "2009-07-06", "reason": "Governor's proclamation"}
    assert flow.auth.post("/review/closures", data).status_code == 302
    twice = flow.auth.post("/review/closures", data)
    assert "2009-07-06 is already a closure day in SD" in text_of(twice)
    assert "Governor's proclamation" in text_of(flow.client.get("/review/closures"))
    policy = load_policy("sd-2009")
    from datetime import date

    calendar = working_calendar(policy)
    assert not calendar.is_working_day(date(2009, 7, 6))
    # 002 appeal filing: 10 working days after July 2 is July 17, one later with the closure.
    assert policy.due_date("appeal_filing", date(2009, 7, 2), calendar=calendar) == date(
        2009, 7, 20
    )
    assert db.session.scalar(db.select(db.func.count()).select_from(ClosureDay)) == 1


def test_a_closure_day_entered_by_mistake_can_be_removed(flow, people):
    from datetime import date

    from app.audit import history

    flow.as_user(people["coordinator"])
    flow.auth.post(
        "/review/closures", {"state": "SD", "closed_on": "2009-07-06", "reason": "Typo: meant 2010"}
    )
    closure = db.session.scalar(db.select(ClosureDay))
    assert flow.client.get(f"/review/closures/{closure.id}/remove").status_code == 405
    assert flow.client.post(f"/review/closures/{closure.id}/remove").status_code == 400  # no CSRF
    flow.as_user(people["reviewers"][0])
    assert (
        flow.auth.post(f"/review/closures/{closure.id}/remove", {}, token_from="/home").status_code
        == 403
    )
    flow.as_user(people["coordinator"])
    response = flow.auth.post(f"/review/closures/{closure.id}/remove", {})
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(ClosureDay)) == 0
    assert [e.event for e in history(closure)] == ["add_closure_day", "remove_closure_day"]
    assert working_calendar(load_policy("sd-2009")).is_working_day(date(2009, 7, 6))
    assert flow.auth.post(f"/review/closures/{closure.id}/remove", {}).status_code == 404


def test_applications_list_filters(flow, people, make_application, make_org, make_cycle):
    other_cycle = make_cycle("nc-2009", name="NC 2009")
    make_application("submitted", organization=people["org"])
    make_application("approved", organization=make_org("Acme Learning"))
    make_application("submitted", organization=make_org("Carolina Tutors"), cycle=other_cycle)
    flow.as_user(people["coordinator"])
    everything = text_of(flow.client.get("/review/applications"))
    assert "3 applications" in everything
    submitted = text_of(flow.client.get("/review/applications?state=submitted"))
    assert "2 applications" in submitted and "Acme Learning" not in submitted
    by_cycle = text_of(flow.client.get(f"/review/applications?cycle={other_cycle.id}"))
    assert "1 application " in by_cycle and "Carolina Tutors" in by_cycle
    named = text_of(flow.client.get("/review/applications?q=acme"))
    assert "1 application " in named and "Acme Learning" in named
    for junk in ("state=nonsense", "cycle=abc", "cycle=99999999999999999999", "q=%FF%FE"):
        assert flow.client.get(f"/review/applications?{junk}").status_code == 200, junk
