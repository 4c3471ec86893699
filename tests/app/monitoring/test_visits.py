"""Monitoring visits through HTTP: schedule, record the pack's indicators Met / Not Met, issue
the report, corrective action plans per Not Met with due dates from the pack (001 "Sample
provider monitoring schedule"; sd-2009 [deadlines.monitoring_report], [deadlines.
monitoring_response], [deadlines.corrective_action_plan]), and the provider's side."""

import re
from datetime import date

from app.extensions import db
from app.models import ClosureDay, CorrectiveAction, MonitoringVisit
from tests.app.monitoring.helpers import latest_violation, letters_of, set_today
from workflows.policy import load_policy

SD = load_policy("sd-2009")
INDICATORS = [key for key, _label in SD.monitoring_indicators]


def _schedule(auth, application, visit_on="2009-10-21"):
    response = auth.post(
        "/monitoring/visits/new", {"application_id": str(application.id), "visit_on": visit_on}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    return db.session.scalar(db.select(MonitoringVisit).order_by(MonitoringVisit.id.desc()))


def _ratings(not_met=(), **notes):
    data = {f"rating_{key}": "not_met" if key in not_met else "met" for key in INDICATORS}
    data.update({f"notes_{key}": text for key, text in notes.items()})
    return data


def _visit(visit_id):
    db.session.expire_all()
    return db.session.get(MonitoringVisit, visit_id)


def test_schedule_sets_due_dates_from_the_pack_across_a_holiday(mon, auth, client):
    """Report 21 calendar days after the visit of October 21, 2009 lands on Veterans Day
    (November 11, SDCL 1-5-1) and rolls forward to November 12; the response, 35 days after, is
    due Wednesday November 25."""
    auth.login("coordinator@example.gov")
    visit = _schedule(auth, mon.application)
    assert visit.status == "scheduled"
    assert visit.report_due_on == date(2009, 11, 12)
    assert visit.response_due_on == date(2009, 11, 25)
    assert visit.report_due_on == SD.due_date("monitoring_report", date(2009, 10, 21))
    page = client.get(f"/monitoring/visits/{visit.id}").get_data(as_text=True)
    assert "November 12, 2009" in page and "November 25, 2009" in page


def test_closure_day_moves_a_due_date(mon, auth):
    """An agency closure on the rolled-forward day (a governor's proclamation) moves it again."""
    db.session.add(ClosureDay(state="SD", closed_on=date(2009, 11, 12), reason="Proclamation"))
    db.session.commit()
    auth.login("coordinator@example.gov")
    assert _schedule(auth, mon.application).report_due_on == date(2009, 11, 13)


def test_not_met_indicators_get_corrective_actions_due_by_the_pack(mon, auth, client):
    """The report issued on October 27, 2009 makes each plan due 30 calendar days later: that is
    Thanksgiving (November 26), so the due date rolls forward to Friday November 27 (SD gives no
    day after Thanksgiving)."""
    auth.login("coordinator@example.gov")
    visit = _schedule(auth, mon.application)
    set_today(mon.app, "2009-10-21")
    response = auth.post(
        f"/monitoring/visits/{visit.id}/record",
        _ratings(
            not_met=("student_ratio", "background_checks"),
            student_ratio="Six students with one tutor.",
            notes="Visited the Tuesday group.",
        ),
    )
    assert response.status_code == 302
    visit = _visit(visit.id)
    assert visit.status == "recorded" and visit.ratings["student_ratio"] == "not_met"
    assert visit.indicator_notes["student_ratio"] == "Six students with one tutor."
    set_today(mon.app, "2009-10-27")
    assert auth.post(f"/monitoring/visits/{visit.id}/report", {}).status_code == 302
    visit = _visit(visit.id)
    assert visit.status == "report_issued" and visit.report_issued_on == date(2009, 10, 27)
    actions = visit.corrective_actions
    assert [a.indicator for a in actions] == ["background_checks", "student_ratio"]
    assert {a.due_on for a in actions} == {date(2009, 11, 27)}
    assert {a.status for a in actions} == {"open"}
    [letter] = letters_of("monitoring_report")
    assert letter.organization_id == mon.org.id
    assert "November 27, 2009" in letter.body_html and "Not Met" in letter.body_html
    again = auth.post(f"/monitoring/visits/{visit.id}/report", {})
    assert again.status_code == 409 and "already been issued" in again.get_data(as_text=True)
    assert auth.post(f"/monitoring/visits/{visit.id}/record", _ratings()).status_code == 409


def test_all_met_closes_at_the_report(mon, auth):
    auth.login("coordinator@example.gov")
    visit = _schedule(auth, mon.application, "2009-08-03")
    auth.post(f"/monitoring/visits/{visit.id}/record", _ratings())
    auth.post(f"/monitoring/visits/{visit.id}/report", {})
    visit = _visit(visit.id)
    assert visit.status == "closed" and visit.corrective_actions == []
    assert "no corrective action" in letters_of("monitoring_report")[0].body_html


def test_provider_submits_plans_and_the_coordinator_accepts(mon, auth, client):
    auth.login("coordinator@example.gov")
    visit = _schedule(auth, mon.application, "2009-08-03")
    auth.post(f"/monitoring/visits/{visit.id}/record", _ratings(not_met=("incentives",)))
    auth.logout()
    auth.login("provider@example.gov")
    page = client.get(f"/monitoring/visits/{visit.id}").get_data(as_text=True)
    assert "Not Met" not in page  # ratings are shown once the report is issued
    auth.logout()
    auth.login("coordinator@example.gov")
    auth.post(f"/monitoring/visits/{visit.id}/report", {})
    action = _visit(visit.id).corrective_actions[0]
    assert auth.post(f"/monitoring/corrective-actions/{action.id}/accept", {}).status_code == 409
    auth.logout()

    auth.login("provider@example.gov")
    page = client.get(f"/monitoring/visits/{visit.id}").get_data(as_text=True)
    assert "Not Met" in page and "Submit the plan" in page
    field = f"action{action.id}-plan"
    empty = auth.post(f"/monitoring/corrective-actions/{action.id}/plan", {field: " "})
    assert empty.status_code == 200 and "Write the corrective action plan." in empty.get_data(
        as_text=True
    )
    set_today(mon.app, "2009-08-20")
    assert (
        auth.post(
            f"/monitoring/corrective-actions/{action.id}/plan",
            {field: "Incentives only after enrollment, per 004."},
        ).status_code
        == 302
    )
    assert auth.post(f"/monitoring/corrective-actions/{action.id}/accept", {}).status_code == 403
    auth.logout()

    auth.login("coordinator@example.gov")
    assert auth.post(f"/monitoring/corrective-actions/{action.id}/accept", {}).status_code == 302
    visit = _visit(visit.id)
    action = visit.corrective_actions[0]
    assert (action.status, action.received_on, action.accepted_on) == (
        "accepted",
        date(2009, 8, 20),
        date(2009, 8, 20),
    )
    assert visit.response_received_on == date(2009, 8, 20) and visit.status == "closed"
    auth.logout()
    auth.login("provider@example.gov")
    late = auth.post(f"/monitoring/corrective-actions/{action.id}/plan", {field: "Changed"})
    assert late.status_code == 409 and "accepted" in late.get_data(as_text=True)


def test_overdue_flags(mon, auth, client):
    auth.login("coordinator@example.gov")
    visit = _schedule(auth, mon.application, "2009-08-03")  # report due Aug 24, response Sep 8
    set_today(mon.app, "2009-08-24")
    assert ">overdue<" not in client.get("/monitoring/visits").get_data(as_text=True)
    set_today(mon.app, "2009-08-25")
    assert ">overdue<" in client.get("/monitoring/visits").get_data(as_text=True)
    auth.post(f"/monitoring/visits/{visit.id}/record", _ratings(not_met=("session_length",)))
    auth.post(f"/monitoring/visits/{visit.id}/report", {})
    action = _visit(visit.id).corrective_actions[0]
    assert action.due_on == date(2009, 9, 24)
    set_today(mon.app, "2009-09-09")
    page = client.get(f"/monitoring/visits/{visit.id}").get_data(as_text=True)
    assert page.count(">overdue<") == 1  # the response; the plan is not yet due
    set_today(mon.app, "2009-09-25")
    page = client.get(f"/monitoring/visits/{visit.id}").get_data(as_text=True)
    assert page.count(">overdue<") == 2


def test_refusals(mon, auth, client):
    auth.login("coordinator@example.gov")
    denied = auth.post(
        "/monitoring/visits/new", {"application_id": str(mon.denied.id), "visit_on": "2009-09-01"}
    )
    assert denied.status_code == 422 and "not an approved provider" in denied.get_data(as_text=True)
    for junk in (
        {},
        {"application_id": "x", "visit_on": "2009-09-01"},
        {"application_id": str(mon.application.id), "visit_on": "not a date"},
        {"application_id": "9" * 30, "visit_on": "2009-09-01"},
    ):
        response = auth.post("/monitoring/visits/new", junk)
        assert response.status_code == 200 and "error-summary" in response.get_data(as_text=True)
    visit = _schedule(auth, mon.application, "2009-09-01")
    future = auth.post(f"/monitoring/visits/{visit.id}/record", _ratings())
    assert future.status_code == 409 and "can be recorded on or after" in future.get_data(
        as_text=True
    )
    set_today(mon.app, "2009-09-01")
    partial = _ratings()
    del partial["rating_incentives"]
    partial["rating_student_ratio"] = "maybe"
    response = auth.post(f"/monitoring/visits/{visit.id}/record", partial)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Rate this indicator Met or Not Met." in page
    assert "Not a valid choice" in page
    assert _visit(visit.id).status == "scheduled"
    early = auth.post(f"/monitoring/visits/{visit.id}/report", {})
    assert early.status_code == 409 and "Record the visit before" in early.get_data(as_text=True)
    assert client.get("/monitoring/visits/99999999999999999999").status_code == 404
    assert auth.post("/monitoring/corrective-actions/0/plan", {}).status_code == 404


def test_providers_see_only_their_own_visits(mon, auth, client):
    auth.login("coordinator@example.gov")
    own = _schedule(auth, mon.application, "2009-08-03")
    theirs = _schedule(auth, mon.other_application, "2009-08-03")
    auth.post(f"/monitoring/visits/{theirs.id}/record", _ratings(not_met=("incentives",)))
    auth.post(f"/monitoring/visits/{theirs.id}/report", {})
    their_action = db.session.scalar(db.select(CorrectiveAction))
    auth.logout()
    auth.login("provider@example.gov")
    listing = client.get("/monitoring/visits").get_data(as_text=True)
    assert "Bright Tutors" in listing and "Other Learning" not in listing
    assert client.get(f"/monitoring/visits/{own.id}").status_code == 200
    assert client.get(f"/monitoring/visits/{theirs.id}").status_code == 403
    assert (
        auth.post(
            f"/monitoring/corrective-actions/{their_action.id}/plan",
            {f"action{their_action.id}-plan": "x"},
        ).status_code
        == 403
    )
    assert client.get(f"/monitoring/visits/{own.id}/record").status_code == 403
    assert auth.post(f"/monitoring/visits/{own.id}/report", {}).status_code == 403


def test_citing_a_violation_found_at_a_visit(mon, auth, client):
    auth.login("coordinator@example.gov")
    visit = _schedule(auth, mon.application, "2009-08-03")
    auth.post(f"/monitoring/visits/{visit.id}/record", _ratings(not_met=("student_ratio",)))
    form = client.get(f"/monitoring/violations/new?visit_id={visit.id}").get_data(as_text=True)
    chosen = re.search(
        r'<option[^>]*selected[^>]*value="monitoring_visit"|'
        r'<option[^>]*value="monitoring_visit"[^>]*selected',
        form,
    )
    assert chosen and f'value="{visit.id}"' in form
    response = auth.post(
        "/monitoring/violations/new",
        {
            "application_id": str(mon.application.id),
            "kind": "contract_noncompliance",
            "cited_on": "2009-08-03",
            "source": "monitoring_visit",
            "visit_id": str(visit.id),
            "description": "Six students per tutor.",
        },
    )
    assert response.status_code == 302
    violation = latest_violation()
    assert violation.visit_id == visit.id and violation.source == "monitoring_visit"
    wrong = auth.post(
        "/monitoring/violations/new",
        {
            "application_id": str(mon.other_application.id),
            "kind": "contract_noncompliance",
            "cited_on": "2009-08-03",
            "source": "monitoring_visit",
            "visit_id": str(visit.id),
            "description": "x",
        },
    )
    assert wrong.status_code == 422 and "not to this provider" in wrong.get_data(as_text=True)
    for junk in ("abc", "99999999999999999999"):
        assert client.get(f"/monitoring/violations/new?visit_id={junk}").status_code == 200
