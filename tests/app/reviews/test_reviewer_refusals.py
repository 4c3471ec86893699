"""What a reviewer cannot do, each refusal with its message; score sheets keep what was typed."""

import logging

from app.extensions import db
from app.models import AuditEntry, ReviewerAssignment, ScoreSheet

from .conftest import SD_HIGH, text_of


def test_out_of_range_score_is_refused_and_everything_typed_is_kept(flow, people, make_application):
    application = make_application("submitted", organization=people["org"])
    reviewer = people["reviewers"][0]
    flow.assign(application, [reviewer])
    flow.declare(application, reviewer)
    typed = dict(SD_HIGH, A="26", C="abc", D="99999999999999999999999", F="")
    response = flow.score(application, reviewer, typed, comments={"A": "Strong plan"})
    assert response.status_code == 422
    page, html = text_of(response), response.get_data(as_text=True)
    assert "Element A (Program) takes 0 to 25 points; 26 was given." in page
    assert "takes 0 to 25 points; 'abc' was given." in page
    assert "Element F (Financial Status) has no answer." in page
    assert 'value="26"' in html and 'value="abc"' in html and "Strong plan" in html
    assert 'value="13"' in html  # B was valid and stays
    sheet = db.session.scalar(db.select(ScoreSheet))
    assert sheet.status == "draft" and sheet.answers["A"] == "26"
    assert sheet.comments["A"] == "Strong plan"

    again = flow.client.get(f"/review/assignments/{sheet.assignment_id}/sheet")
    assert 'value="26"' in again.get_data(as_text=True)  # the draft reopens as typed
    fixed = flow.score(application, reviewer, dict(SD_HIGH, A="25"))
    assert fixed.status_code == 302
    db.session.refresh(sheet)
    assert sheet.status == "submitted" and sheet.total == 88 and sheet.answers["F"] is True


def test_draft_saves_anything(flow, people, make_application):
    application = make_application("submitted", organization=people["org"])
    reviewer = people["reviewers"][0]
    flow.assign(application, [reviewer])
    flow.declare(application, reviewer)
    response = flow.score(application, reviewer, {"A": "-3", "B": "x" * 80}, action="save")
    assert response.status_code == 302
    sheet = db.session.scalar(db.select(ScoreSheet))
    assert sheet.status == "draft" and sheet.answers["A"] == "-3"


def test_reviewer_with_a_conflict_cannot_open_nor_be_assigned(
    flow, people, make_application, caplog
):
    application = make_application("submitted", organization=people["org"])
    reviewer = people["reviewers"][0]
    flow.assign(application, [reviewer])
    assignment = flow.assignment(application, reviewer)

    flow.as_user(reviewer)
    before = flow.client.get(f"/review/assignments/{assignment.id}/sheet")
    assert before.status_code == 302 and "/declaration" in before.headers["Location"]
    assert flow.client.get(f"/applications/{application.id}").status_code == 403
    missing = flow.declare(application, reviewer, "conflict", note="  ")
    assert missing.status_code == 200
    assert "Say briefly what the conflict of interest is." in text_of(missing)
    with caplog.at_level(logging.INFO, logger="ses.mail"):
        response = flow.declare(
            application, reviewer, "conflict", note="My sister directs this organization."
        )
    assert response.status_code == 302
    assert "Conflict of interest declared: Reviewer 1" in caplog.text  # e-mail to coordinators

    refused = flow.client.get(f"/review/assignments/{assignment.id}/sheet")
    assert refused.status_code == 403
    assert "You declared a conflict of interest" in text_of(refused)
    assert flow.client.get(f"/applications/{application.id}").status_code == 403
    assert flow.client.get(f"/review/assignments/{assignment.id}/declaration").status_code == 403
    entry = db.session.scalar(db.select(AuditEntry).filter_by(event="declare_conflict"))
    assert entry.reason == "My sister directs this organization."

    flow.as_user(people["coordinator"])
    page = text_of(flow.client.get(f"/review/applications/{application.id}"))
    assert "Conflicts of interest declared" in page and "My sister directs" in page
    again = flow.assign(application, [people["reviewers"][1], reviewer])
    assert again.status_code == 422
    assert (
        "Reviewer 1 declared a conflict of interest with this application on May 1, 2009 "
        "and can never be assigned to it."
    ) in text_of(again)
    assert db.session.scalar(db.select(db.func.count()).select_from(ReviewerAssignment)) == 1


def test_reviewer_cannot_open_an_unassigned_application(flow, people, make_application):
    application = make_application("submitted", organization=people["org"])
    mine, theirs = people["reviewers"][:2]
    flow.assign(application, [theirs])
    flow.declare(application, theirs)
    assignment = flow.assignment(application, theirs)
    flow.as_user(mine)
    assert flow.client.get(f"/applications/{application.id}").status_code == 403
    assert flow.client.get(f"/review/assignments/{assignment.id}/sheet").status_code == 403
    assert (
        flow.auth.post(
            f"/review/assignments/{assignment.id}/sheet", {"answer_A": "1", "action": "save"}
        ).status_code
        == 403
    )
    assert flow.client.get(f"/review/assignments/{assignment.id}/declaration").status_code == 403
    assert flow.client.get(f"/review/applications/{application.id}/interview").status_code == 403
    assert "Nothing is assigned to you." in text_of(flow.client.get("/review/"))


def test_assigned_reviewer_opens_the_application_and_records_interview_notes(
    flow, people, make_application
):
    application = make_application("submitted", organization=people["org"])
    reviewer = people["reviewers"][0]
    flow.assign(application, [reviewer])
    flow.declare(application, reviewer)
    assert flow.client.get(f"/applications/{application.id}").status_code == 200
    url = f"/review/applications/{application.id}/interview"
    future = flow.auth.post(url, {"held_on": "2009-05-02", "notes": "Spoke with director."})
    assert "An interview cannot be recorded before it is held." in text_of(future)
    assert "Spoke with director." in future.get_data(as_text=True)
    bad = flow.auth.post(url, {"held_on": "not a date", "notes": ""})
    assert bad.status_code == 200 and "Enter a date like 2009-04-09." in text_of(bad)
    assert (
        flow.auth.post(url, {"held_on": "2009-04-28", "notes": "Spoke with director."}).status_code
        == 302
    )
    assert "April 28, 2009" in text_of(flow.client.get(url))


def test_nc_has_no_interview(flow, people, make_application, make_cycle):
    application = make_application(
        "submitted", organization=people["org"], cycle=make_cycle("nc-2009")
    )
    flow.as_user(people["coordinator"])
    assert flow.client.get(f"/review/applications/{application.id}/interview").status_code == 404


def test_malformed_ids_are_404(flow, people):
    flow.as_user(people["coordinator"])
    for path in (
        "/review/assignments/abc/sheet",
        "/review/applications/99999",
        "/review/applications/99999/decide",
        "/review/cycles/0",
        "/review/evidence/12",
        "/review/applications/-1/conditions",
    ):
        assert flow.client.get(path).status_code == 404, path


def test_a_draft_of_a_closed_read_cannot_change(flow, people, make_application):
    application = make_application("submitted", organization=people["org"])
    reviewer = people["reviewers"][0]
    flow.assign(application, [reviewer])
    flow.declare(application, reviewer)
    flow.score(application, reviewer, {"A": "10"}, action="save")
    application.state = "withdrawn"
    db.session.commit()
    response = flow.score(application, reviewer, SD_HIGH)
    assert response.status_code == 409
    assert "The review of this read has closed" in text_of(response)


def test_drafts_are_invisible_to_the_coordinator(people, make_application, auth, client):
    """DESIGN.md section 4: nothing of a draft is visible to the state: not in the list, not on
    the review pages, not among the state filter's choices."""
    draft = make_application("draft", organization=people["org"])
    submitted = make_application("submitted")
    auth.login(people["coordinator"].email)
    listing = client.get("/review/applications").get_data(as_text=True)
    assert f"/review/applications/{submitted.id}" in listing
    assert f"/review/applications/{draft.id}" not in listing
    assert 'value="draft"' not in listing
    assert client.get("/review/applications?state=draft").status_code == 200
    for path in ("", "/assign", "/decide"):
        assert client.get(f"/review/applications/{draft.id}{path}").status_code == 404


def test_conflict_found_while_reading_can_be_declared_until_the_sheet_is_submitted(
    flow, people, make_application
):
    application = make_application("submitted", organization=people["org"])
    first, second = people["reviewers"][:2]
    flow.assign(application, [first, second])
    for reviewer in (first, second):
        assert flow.declare(application, reviewer).status_code == 302
    assert flow.score(application, first, SD_HIGH, action="save").status_code in (200, 302)
    sheet_page = flow.client.get(
        f"/review/assignments/{flow.assignment(application, first).id}/sheet"
    )
    assert "Declare a conflict of interest" in sheet_page.get_data(as_text=True)

    response = flow.declare(application, first, "conflict", note="My sister is its director.")
    assert response.status_code == 302
    assignment = flow.assignment(application, first)
    assert assignment.conflict_status == "conflict"
    entry = db.session.scalars(
        db.select(AuditEntry)
        .where(AuditEntry.entity == "reviewer_assignments", AuditEntry.entity_id == assignment.id)
        .order_by(AuditEntry.id.desc())
    ).first()
    assert (entry.from_state, entry.to_state) == ("no_conflict", "conflict")
    assert flow.client.get(f"/applications/{application.id}").status_code == 403

    assert flow.score(application, second, SD_HIGH).status_code == 302  # submitted
    refused = flow.declare(application, second, "conflict", note="Too late.")
    assert refused.status_code == 302
    assert flow.assignment(application, second).conflict_status == "no_conflict"
    follow = flow.client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "the score sheet is submitted" in follow
