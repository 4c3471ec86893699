"""The demo's applications have the form's final shape: every one in a submitted (or later)
state is complete and valid and has its frozen version 1; the returned one has its feedback."""

from app.applications.queries.checklist import application_problems
from app.extensions import db
from app.models import Application, Decision


def test_submitted_demo_applications_are_complete_with_a_version(runner):
    assert runner.invoke(args=["ses", "seed-demo"]).exit_code == 0
    assert runner.invoke(args=["ses", "seed-demo"]).exit_code == 0  # idempotent
    applications = db.session.scalars(db.select(Application)).all()
    for application in applications:
        problems = application_problems(application)
        if application.state == "draft":
            assert problems["narrative"], "the demo draft shows an unfinished checklist"
            assert not application.versions
            continue
        assert not any(problems.values()), (application.organization.name, problems)
        assert [v.number for v in application.versions] == [1]
        assert len(application.documents) == 1
    returned = next(a for a in applications if a.state == "revisions_needed")
    feedback = db.session.scalars(
        db.select(Decision).where(Decision.application_id == returned.id)
    ).all()
    assert len(feedback) == 1 and "Element C" in feedback[0].feedback
