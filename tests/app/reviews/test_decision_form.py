"""The decision form offers only what the rules allow, keeps no feedback from a refused attempt
on another outcome, states the rounding rule where averages show, and does not repeat the score
table (issue 11)."""

import pytest

from app.extensions import db
from app.models import Application, Decision, Letter
from app.reviews.operations.decisions import decision_outcomes
from workflows.engine import allowed_events

from .conftest import SD_HIGH, SD_MIDDLE, resubmit, text_of


def _offered(html):
    return [
        value
        for value in ("approve", "approve_with_conditions", "request_revisions", "deny")
        if f'value="{value}"' in html
    ]


@pytest.mark.parametrize("second_read", [False, True])
def test_outcomes_come_from_the_engine(make_application, second_read):
    application = make_application("under_review", second_read=second_read)
    offered = decision_outcomes(application)
    assert set(offered) <= set(allowed_events("under_review", "coordinator"))
    expected = (
        ["approve", "approve_with_conditions", "deny"]
        if second_read
        else ["approve", "approve_with_conditions", "request_revisions", "deny"]
    )
    assert offered == expected


@pytest.mark.parametrize("state", ["submitted", "approved", "denied", "revisions_needed"])
def test_no_outcome_outside_the_review(make_application, state):
    assert decision_outcomes(make_application(state)) == []


def test_first_and_second_read_forms(flow, people, make_application, program):
    application = make_application("submitted", organization=people["org"], program=program)
    reviewers = people["reviewers"][:3]
    flow.review(application, reviewers, [SD_MIDDLE] * 3)
    flow.as_user(people["coordinator"])
    path = f"/review/applications/{application.id}/decide"
    html = flow.client.get(path).get_data(as_text=True)
    assert _offered(html) == ["approve", "approve_with_conditions", "request_revisions", "deny"]
    assert 'name="feedback"' in html
    flow.decide(application, outcome="request_revisions", feedback="Strengthen C.")
    resubmit(application, people["provider"])
    flow.review(application, reviewers, [SD_MIDDLE] * 3)
    flow.as_user(people["coordinator"])
    html = flow.client.get(path).get_data(as_text=True)
    assert _offered(html) == ["approve", "approve_with_conditions", "deny"]
    assert "Revisions needed</label>" not in html and 'name="feedback"' not in html


def test_feedback_of_a_refused_attempt_is_not_saved_on_the_next_decision(
    flow, people, make_application, program
):
    """The coordinator types feedback, the attempt is refused (deny against an approve
    recommendation without a reason); the redisplayed form still holds the feedback, and the
    approval that follows must not carry it, nor its letter."""
    application = make_application("submitted", organization=people["org"], program=program)
    flow.review(application, people["reviewers"][:3], [SD_HIGH] * 3)
    refused = flow.decide(application, outcome="deny", feedback="Your C is thin (internal).")
    assert refused.status_code == 422
    response = flow.decide(application, outcome="approve", feedback="Your C is thin (internal).")
    assert response.status_code == 302
    decision = db.session.scalar(db.select(Decision).filter_by(application_id=application.id))
    assert decision.outcome == "approve" and decision.feedback is None
    [letter] = db.session.scalars(
        db.select(Letter).filter_by(application_id=application.id, kind="decision_approved")
    ).all()
    assert "thin (internal)" not in letter.body_html
    page = text_of(flow.client.get(f"/review/applications/{application.id}"))
    assert "thin (internal)" not in page


def test_revision_feedback_is_still_saved(flow, people, make_application, program):
    application = make_application("submitted", organization=people["org"], program=program)
    flow.review(application, people["reviewers"][:3], [SD_MIDDLE] * 3)
    assert (
        flow.decide(
            application, outcome="request_revisions", feedback="Cite the studies."
        ).status_code
        == 302
    )
    decision = db.session.scalar(db.select(Decision).filter_by(application_id=application.id))
    assert decision.feedback == "Cite the studies."
    assert db.session.get(Application, application.id).state == "revisions_needed"


def test_decide_page_states_rounding_and_does_not_repeat_the_table(
    flow, people, make_application, program
):
    application = make_application("submitted", organization=people["org"], program=program)
    flow.review(
        application,
        people["reviewers"][:3],
        [SD_HIGH, SD_HIGH, dict(SD_HIGH, A="25")],
        comments={"A": "Clear lesson plans."},
    )
    flow.as_user(people["coordinator"])
    decide = flow.client.get(f"/review/applications/{application.id}/decide")
    html, page = decide.get_data(as_text=True), text_of(decide)
    assert "Approve · average total 86.0" in page
    assert "rounded to one decimal place, halves rounded up" in page
    assert 'class="scores"' not in html and "Clear lesson plans." not in page
    assert "The scores by reviewer and criterion" in page
    review = text_of(flow.client.get(f"/review/applications/{application.id}"))
    assert "Clear lesson plans." in review
    assert "rounded to one decimal place, halves rounded up" in review


def test_nc_states_the_majority_rule(flow, people, make_application, make_cycle, program):
    from .conftest import all_answers

    application = make_application(
        "submitted", organization=people["org"], program=program, cycle=make_cycle("nc-2009")
    )
    flow.review(application, people["reviewers"][:3], [all_answers("nc-2009")] * 3)
    flow.as_user(people["coordinator"])
    page = text_of(flow.client.get(f"/review/applications/{application.id}/decide"))
    assert "counts when a majority of reviewers rate it so; a tie does not" in page
    assert "decimal place" not in page  # NC has no points


def test_radio_group_error_is_tied_to_the_group(flow, people, make_application, program):
    application = make_application("submitted", organization=people["org"], program=program)
    flow.review(application, people["reviewers"][:3], [SD_HIGH] * 3)
    refused = flow.decide(application, reason="no outcome chosen")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert '<fieldset aria-describedby="outcome-error">' in html
    assert 'id="outcome-error"' in html
