"""Rules a decision needs, held as guards of the transition table (issue 12): the engine words
the refusal, the decision adds the figures behind it."""

from app.extensions import db
from app.models import Application, Decision

from .conftest import SD_HIGH, text_of


def test_a_decision_needs_the_policys_minimum_of_reviewers(flow, people, make_application, program):
    application = make_application("submitted", organization=people["org"], program=program)
    reviewers = people["reviewers"][:3]
    assert flow.assign(application, reviewers).status_code == 302
    assert flow.start(application).status_code == 302
    for reviewer in reviewers[:2]:
        assert flow.declare(application, reviewer).status_code == 302
        assert flow.score(application, reviewer, SD_HIGH).status_code == 302
    # The third finds a conflict before scoring: the read is left with two reviewers.
    assert (
        flow.declare(
            application, reviewers[2], "conflict", note="My sister runs the program."
        ).status_code
        == 302
    )

    refused = flow.decide(application, outcome="deny", reason="Not enough evidence.")
    assert refused.status_code == 409
    text = text_of(refused)
    assert (
        "The application cannot be denied: fewer reviewers are assigned than the policy requires."
    ) in text
    assert "2 reviewer(s) without a conflict are assigned; " in text
    assert db.session.get(Application, application.id).state == "under_review"
    assert db.session.scalar(db.select(db.func.count()).select_from(Decision)) == 0
