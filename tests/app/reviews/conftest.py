"""Fixtures of the reviews area: people, a complete program, and a `flow` helper that drives
the review through the web interface as each person in turn."""

import re
from datetime import UTC, datetime

import pytest

from app.core.lifecycle import apply_event
from app.extensions import db
from app.models import Application, ReviewerAssignment
from rubrics import load_rubric

TODAY = "2009-05-01"  # after the SD 2009 due date (April 9), before revisions are due (May 15)


@pytest.fixture
def program():
    """A complete basic program information section (shared data shape)."""
    return {
        "subjects_by_grade": {"reading": ["3-5", "6-8"], "math": ["3-5"]},
        "min_students_per_site": 1,
        "max_students_per_site": 12,
        "place_of_service": ["school", "community"],
        "modes": ["in_person"],
        "delivery": "group",
        "hours_per_week": 2,
        "total_hours": 30,
        "session_minutes": 60,
        "students_per_instructor": 4,
        "hourly_rate": "38.00",
        "pricing": "per hour attended",
        "transportation": "none needed",
        "exit_criteria": "grade-level benchmark met",
        "description": "Small-group reading and math tutoring after school.",
        "serves_ell": True,
        "serves_swd": True,
    }


@pytest.fixture
def people(app, quick_user, make_org):
    """A coordinator, four reviewers, the applying organization and its provider user."""
    make_user = quick_user
    app.config["FIXED_TODAY"] = TODAY
    org = make_org("Bright Futures Tutoring", contact_email="director@bright.example")
    return {
        "coordinator": make_user("coordinator", email="coord@example.gov", name="Cora Ordinator"),
        "reviewers": [
            make_user("reviewer", email=f"rev{n}@example.gov", name=f"Reviewer {n}")
            for n in range(1, 5)
        ],
        "org": org,
        "provider": make_user("provider", organization=org, email="provider@bright.example"),
    }


SD_HIGH = {"A": "22", "B": "13", "C": "21", "D": "20", "E": "9", "F": "yes"}  # 85: approve
SD_MIDDLE = {"A": "18", "B": "11", "C": "17", "D": "17", "E": "7", "F": "yes"}  # 70: revise


class Flow:
    """Drives the review through HTTP as the coordinator and the reviewers."""

    def __init__(self, auth, client, people):
        self.auth, self.client, self.people = auth, client, people
        self.signed_in = None

    def as_user(self, user):
        """Sign in as `user` (signing out whoever is signed in)."""
        if self.signed_in != user.email:
            if self.signed_in:
                self.auth.logout()
            assert self.auth.login(user.email).status_code == 302
            self.signed_in = user.email
        return self

    def post(self, path, data):
        return self.auth.post(path, data)

    def assign(self, application, reviewers):
        self.as_user(self.people["coordinator"])
        return self.post(
            f"/review/applications/{application.id}/assign",
            {"reviewers": [r.id for r in reviewers]},
        )

    def start(self, application):
        self.as_user(self.people["coordinator"])
        return self.post(f"/review/applications/{application.id}/start", {})

    def assignment(self, application, reviewer):
        read = 2 if db.session.get(Application, application.id).second_read else 1
        return db.session.scalar(
            db.select(ReviewerAssignment).filter_by(
                application_id=application.id, reviewer_id=reviewer.id, read_number=read
            )
        )

    def declare(self, application, reviewer, declaration="no_conflict", note=""):
        self.as_user(reviewer)
        assignment = self.assignment(application, reviewer)
        return self.post(
            f"/review/assignments/{assignment.id}/declaration",
            {"declaration": declaration, "note": note},
        )

    def score(self, application, reviewer, answers, action="submit", comments=None):
        self.as_user(reviewer)
        assignment = self.assignment(application, reviewer)
        data = {f"answer_{k}": v for k, v in answers.items()}
        data.update({f"comment_{k}": v for k, v in (comments or {}).items()})
        data["action"] = action
        return self.post(f"/review/assignments/{assignment.id}/sheet", data)

    def review(self, application, reviewers, answers_each, comments=None):
        """Assign, start, and have each reviewer declare no conflict and submit."""
        assert self.assign(application, reviewers).status_code == 302
        assert self.start(application).status_code == 302
        assert db.session.get(Application, application.id).state == "under_review"
        for reviewer, answers in zip(reviewers, answers_each, strict=True):
            assert self.declare(application, reviewer).status_code == 302
            response = self.score(application, reviewer, answers, comments=comments)
            assert response.status_code == 302, response.get_data(as_text=True)

    def decide(self, application, **data):
        self.as_user(self.people["coordinator"])
        return self.post(f"/review/applications/{application.id}/decide", data)


@pytest.fixture
def flow(auth, client, people):
    """The review driver."""
    return Flow(auth, client, people)


def resubmit(application, provider):
    """What the provider side does on resubmission: a second read of the revised application."""
    apply_event(
        application,
        "resubmit",
        actor=provider,
        role="provider",
        guards={
            "eligible": True,
            "complete": True,
            "before_revision_date": True,
            "first_revision": True,
        },
    )
    application.second_read = True
    application.revision_count = 1
    application.submitted_at = datetime(2009, 5, 10, 15, 0, tzinfo=UTC)
    db.session.commit()


def all_answers(rubric_code, value="met", **overrides):
    """Answers for every criterion of a Met/Not Met rubric."""
    rubric = load_rubric(rubric_code)
    answers = {c.key: value for c in rubric.criteria}
    answers.update(overrides)
    return answers


def text_of(response):
    """The page text with tags and repeated whitespace removed, for message checks."""
    html = response.get_data(as_text=True)
    return (
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        .replace("&#34;", '"')
        .replace("&#39;", "'")
        .replace("&quot;", '"')
        .replace("&amp;", "&")
    )
