"""The review through the web interface: assignment, declarations, score sheets, the
coordinator's recommendation and decision, second reads, and the decision letters."""

from datetime import UTC, date, datetime

from app.extensions import db
from app.models import Application, AuditEntry, Decision, Letter, ReviewerAssignment, ScoreSheet

from .conftest import SD_HIGH, SD_MIDDLE, resubmit, text_of


def _letters(application, kind):
    return db.session.scalars(
        db.select(Letter).filter_by(application_id=application.id, kind=kind)
    ).all()


def test_three_reviewers_score_and_the_coordinator_approves(
    flow, people, make_application, make_district, program
):
    district = make_district("Sioux Falls", "49-5")
    application = make_application(
        "submitted", organization=people["org"], program=program, service_area=[district]
    )
    reviewers = people["reviewers"][:3]
    flow.review(
        application,
        reviewers,
        [SD_HIGH, SD_HIGH, dict(SD_HIGH, A="25")],
        comments={"A": "Clear lesson plans.", "F": "Audited statements attached."},
    )

    flow.as_user(people["coordinator"])
    page = text_of(flow.client.get(f"/review/applications/{application.id}"))
    assert "Approve · average total 86.0" in page
    assert "The average total 86.0 reaches the approval threshold of 80." in page
    assert "Clear lesson plans." in page
    assert "23.0 (average)" in page  # element A: (22 + 22 + 25) / 3 = 23.0

    response = flow.decide(application, outcome="approve")
    assert response.status_code == 302
    application = db.session.get(Application, application.id)
    assert application.state == "approved"
    assert application.approved_on == date(2009, 5, 1)
    assert application.term_ends_on == date(2011, 6, 30)  # 004: valid for two years
    assert application.decided_at is not None
    decision = db.session.scalar(db.select(Decision).filter_by(application_id=application.id))
    assert (decision.outcome, decision.recommendation, decision.against_recommendation) == (
        "approve",
        "approve",
        False,
    )
    assert str(decision.recommendation_total) == "86.0"
    [letter] = _letters(application, "decision_approved")
    assert "June 30, 2011" in letter.body_html and "May 1, 2009" in letter.body_html
    assert "Sioux Falls" in letter.body_html and letter.sent_on == date(2009, 5, 1)
    events = db.session.scalars(
        db.select(AuditEntry.event)
        .filter_by(entity="applications", entity_id=application.id)
        .order_by(AuditEntry.id)
    ).all()
    assert events == ["fixture", "start_review", "approve"]


def test_revisions_then_second_read_approves(flow, people, make_application, program):
    application = make_application("submitted", organization=people["org"], program=program)
    reviewers = people["reviewers"][:3]
    flow.review(application, reviewers, [SD_MIDDLE] * 3, comments={"C": "Cite the studies."})
    flow.as_user(people["coordinator"])
    assert "Revisions needed · average total 70.0" in text_of(
        flow.client.get(f"/review/applications/{application.id}")
    )

    refused = flow.decide(application, outcome="request_revisions")
    assert refused.status_code == 422
    assert (
        "The application cannot be returned for revisions: revisions need feedback for "
        "the provider."
    ) in text_of(refused)
    response = flow.decide(
        application, outcome="request_revisions", feedback="Add research citations to Element C."
    )
    assert response.status_code == 302
    application = db.session.get(Application, application.id)
    assert application.state == "revisions_needed"
    assert application.revision_due_at == datetime(2009, 5, 15, 22, 0, tzinfo=UTC)
    [letter] = _letters(application, "revision_request")
    assert "Add research citations to Element C." in letter.body_html
    assert "May 15, 2009, 5:00 PM CDT" in letter.body_html
    assert "Cite the studies." in letter.body_html

    resubmit(application, people["provider"])
    flow.review(application, reviewers, [SD_HIGH] * 3)
    reads = db.session.scalars(
        db.select(ReviewerAssignment.read_number)
        .filter_by(application_id=application.id)
        .order_by(ReviewerAssignment.id)
    ).all()
    assert reads == [1, 1, 1, 2, 2, 2]
    flow.as_user(people["coordinator"])
    page = text_of(flow.client.get(f"/review/applications/{application.id}/decide"))
    assert "Second read: the only outcomes are approve or deny." in page

    # the form offers only what the engine allows on a second read; a forged choice is refused
    html = flow.client.get(f"/review/applications/{application.id}/decide").get_data(as_text=True)
    assert 'value="request_revisions"' not in html and 'value="approve"' in html
    refused = flow.decide(
        application, outcome="request_revisions", feedback="More, please.", reason="Still thin."
    )
    assert refused.status_code == 422
    assert "Not a valid choice" in text_of(refused)
    assert db.session.get(Application, application.id).state == "under_review"

    assert flow.decide(application, outcome="approve").status_code == 302
    application = db.session.get(Application, application.id)
    assert application.state == "approved" and application.term_ends_on == date(2011, 6, 30)
    decisions = db.session.scalars(
        db.select(Decision).filter_by(application_id=application.id).order_by(Decision.id)
    ).all()
    assert [(d.read_number, d.outcome) for d in decisions] == [
        (1, "request_revisions"),
        (2, "approve"),
    ]


def test_second_read_with_a_middling_score_is_denied(flow, people, make_application, program):
    application = make_application("submitted", organization=people["org"], program=program)
    reviewers = people["reviewers"][:3]
    flow.review(application, reviewers, [SD_MIDDLE] * 3)
    flow.decide(application, outcome="request_revisions", feedback="Strengthen C and D.")
    resubmit(application, people["provider"])
    flow.review(application, reviewers, [SD_MIDDLE] * 3, comments={"D": "No sample report."})
    flow.as_user(people["coordinator"])
    page = text_of(flow.client.get(f"/review/applications/{application.id}"))
    assert "Deny · average total 70.0" in page
    assert "The average total 70.0 is below the threshold of 80." in page

    assert flow.decide(application, outcome="deny").status_code == 302
    application = db.session.get(Application, application.id)
    assert application.state == "denied"
    [letter] = _letters(application, "decision_denied")
    assert "not approved" in letter.body_html and "No sample report." in letter.body_html
    assert "may apply again in a later application cycle" in letter.body_html


def test_nc_one_indicator_not_met_sends_the_recommendation_to_revise(
    flow, people, make_application, make_cycle, program
):
    from .conftest import all_answers

    cycle = make_cycle("nc-2009")
    application = make_application(
        "submitted", organization=people["org"], cycle=cycle, program=program
    )
    reviewers = people["reviewers"][:3]
    not_met = all_answers("nc-2009", **{"2C": "not_met"})
    flow.review(application, reviewers, [not_met, not_met, all_answers("nc-2009")])
    flow.as_user(people["coordinator"])
    page = text_of(flow.client.get(f"/review/applications/{application.id}"))
    assert "Recommendation Revisions needed" in page
    assert "was rated Met by 1 of 3 reviewers, not a majority." in page
    assert "Not Met (majority)" in page


def test_decision_against_the_recommendation_needs_a_reason(
    flow, people, make_application, program
):
    application = make_application("submitted", organization=people["org"], program=program)
    flow.review(application, people["reviewers"][:3], [SD_HIGH] * 3)

    refused = flow.decide(application, outcome="deny", reason="   ", feedback="kept text")
    assert refused.status_code == 422
    page = text_of(refused)
    assert "a decision that differs from the rubric's recommendation needs a written reason" in page
    assert "kept text" in refused.get_data(as_text=True)  # typed values stay
    assert db.session.get(Application, application.id).state == "under_review"
    assert db.session.scalar(db.select(db.func.count()).select_from(Decision)) == 0

    response = flow.decide(
        application,
        outcome="deny",
        reason="The organization is debarred (found after scoring).",
        public_reason="The organization is on the federal debarment list.",
    )
    assert response.status_code == 302
    decision = db.session.scalar(db.select(Decision))
    assert decision.against_recommendation and decision.recommendation == "approve"
    assert decision.reason == "The organization is debarred (found after scoring)."
    [letter] = _letters(application, "decision_denied")
    # The letter states the public reason; the coordinator's note stays in the record only.
    assert "Reason: The organization is on the federal debarment list." in letter.body_html
    assert "found after scoring" not in letter.body_html


def test_no_decision_until_every_sheet_is_submitted(flow, people, make_application, program):
    application = make_application("submitted", organization=people["org"], program=program)
    reviewers = people["reviewers"][:3]
    flow.assign(application, reviewers)
    flow.start(application)
    for reviewer in reviewers[:2]:
        flow.declare(application, reviewer)
        flow.score(application, reviewer, SD_HIGH)
    flow.declare(application, reviewers[2])
    flow.score(application, reviewers[2], SD_HIGH, action="save")
    flow.as_user(people["coordinator"])
    assert "1 still to come: Reviewer 3" in text_of(
        flow.client.get(f"/review/applications/{application.id}")
    )
    refused = flow.decide(application, outcome="approve")
    assert refused.status_code == 409
    assert "not every assigned reviewer has submitted a score sheet" in text_of(refused)


def test_start_review_needs_the_policy_minimum(flow, people, make_application):
    application = make_application("submitted", organization=people["org"])
    flow.assign(application, people["reviewers"][:2])
    response = flow.start(application)
    assert response.status_code == 409
    page = text_of(response)
    assert "fewer reviewers are assigned than the policy requires" in page
    assert db.session.get(Application, application.id).state == "submitted"


def test_submitted_sheet_is_locked(flow, people, make_application):
    application = make_application("submitted", organization=people["org"])
    reviewers = people["reviewers"][:3]
    flow.review(application, reviewers, [SD_HIGH] * 3)
    response = flow.score(application, reviewers[0], dict(SD_HIGH, A="0"), action="save")
    assert response.status_code == 409
    assert "submitted and is locked" in text_of(response)
    sheet = flow.assignment(application, reviewers[0]).sheet
    db.session.refresh(sheet)
    assert sheet.answers["A"] == 22 and sheet.status == "submitted"
    page = flow.client.get(f"/review/assignments/{sheet.assignment_id}/sheet")
    assert page.status_code == 200
    assert "the sheet is locked" in text_of(page) and 'name="answer_A"' not in page.get_data(
        as_text=True
    )
    assert db.session.scalar(db.select(db.func.count()).select_from(ScoreSheet)) == 3
