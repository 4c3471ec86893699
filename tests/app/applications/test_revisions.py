"""Revisions: the provider sees the coordinator's feedback and the revision date, edits, and
resubmits once, by the date, for a second read (004 "Application Process and Timeline": "May 15 -
Revised Applications due"); each submission is a kept version and the changes are listed."""

import html
from datetime import UTC, datetime

import pytest

from app.extensions import db
from app.models import Application, Decision, Letter


def _body(response):
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def returned(sd, app, auth, filler, make_user):
    """A submitted SD application that the coordinator returned for revisions on May 1."""
    auth.login("pat@prairie.example.org")
    app_id = filler.start(sd["org"].id)
    filler.fill(app_id, [sd["districts"][0].id])
    assert filler.submit(app_id).status_code == 302
    coordinator = make_user("coordinator")
    application = db.session.get(Application, app_id)
    application.state = "revisions_needed"
    application.decided_at = datetime(2009, 5, 1, 15, tzinfo=UTC)
    application.revision_due_at = sd["cycle"].revision_due_at
    db.session.add(
        Decision(
            application=application,
            outcome="request_revisions",
            recommendation="revise",
            decided_by=coordinator,
            feedback="Element C needs cited studies with specific gains.",
        )
    )
    db.session.commit()
    app.config["FIXED_TODAY"] = "2009-05-10"
    return app_id


def test_provider_sees_feedback_and_revision_date(returned, client):
    body = _body(client.get(f"/applications/{returned}"))
    assert "Revisions requested" in body
    assert "Element C needs cited studies with specific gains." in body
    assert "May 15, 2009, 5:00 PM CDT" in body
    assert "Resubmit" in body


def test_resubmit_once_makes_version_two_for_a_second_read(returned, filler, client):
    filler.save(
        returned,
        "narrative",
        {
            **{k: "Same as before." for k in "ABDEF"},
            "C": "Studies: Smith (2007) found gains of 0.4 standard deviations.",
        },
    )
    response = filler.submit(returned)
    assert response.status_code == 302
    application = db.session.get(Application, returned)
    assert (application.state, application.second_read, application.revision_count) == (
        "submitted",
        True,
        1,
    )
    assert [v.number for v in application.versions] == [1, 2]
    letters = db.session.scalars(
        db.select(Letter).where(Letter.application_id == returned).order_by(Letter.id)
    ).all()
    assert [letter.kind for letter in letters] == ["submission_receipt", "submission_receipt"]
    assert "second read" in letters[1].body_html and "revised" in letters[1].subject

    changes = _body(client.get(f"/applications/{returned}/changes"))
    assert "Element C (Research Based Strategies and Program Effectiveness)" in changes
    assert "Our answer for Element C" in changes and "Smith (2007)" in changes
    assert "Element A (Program)" in changes  # A changed too
    assert "1. Program name" not in changes  # unchanged fields are not listed

    again = filler.submit(returned)
    assert again.status_code == 409
    assert "An application that is submitted cannot be submitted" in _body(again)


def test_a_second_resubmission_is_refused(returned, filler):
    application = db.session.get(Application, returned)
    application.revision_count = 1  # already resubmitted once, returned again by hand
    db.session.commit()
    response = filler.submit(returned)
    assert response.status_code == 409
    assert "the application has already been resubmitted once" in _body(response)


def test_late_resubmission_is_refused_with_the_revision_deadline(returned, app, filler):
    app.config["FIXED_TODAY"] = "2009-05-16"
    response = filler.submit(returned)
    body = _body(response)
    assert response.status_code == 409
    assert "the revision date has passed" in body
    assert "Revised applications were due May 15, 2009, 5:00 PM CDT." in body
    assert db.session.get(Application, returned).state == "revisions_needed"


def test_files_of_a_submitted_version_are_kept(returned, filler, client):
    application = db.session.get(Application, returned)
    [document] = application.documents
    filler.auth.post(
        f"/applications/{returned}/attachments/{document.id}/delete",
        token_from=f"/applications/{returned}/attachments",
    )
    assert db.session.get(Application, returned).documents
    page = _body(client.get(f"/applications/{returned}/attachments"))
    assert "audit.pdf is part of a submitted version and is kept." in page
