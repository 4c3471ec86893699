"""E-mail leaves only after the transaction that produced it commits: nothing for a change that
was rolled back, and nothing at all until a worker runs the queue."""

from datetime import date

import pytest

from app.extensions import db
from app.mail import queue_email
from app.models import Letter
from app.models.monitoring import Violation

TODAY = date(2009, 8, 3)


@pytest.fixture
def approved_org(make_org, make_application, make_user):
    org = make_org("Own Tutors", contact_email="own@example.org")
    make_application("approved", organization=org)
    return org, make_user("coordinator")


def _cite(org, coordinator):
    from app.monitoring.operations import cite_violation

    return cite_violation(
        org,
        kind="not_ready_to_serve",
        source="district_report",
        cited_on=TODAY,
        description="Late start.",
        actor=coordinator,
        today=TODAY,
    )


def test_no_email_leaves_for_a_citation_that_was_rolled_back(app, approved_org, smtp):
    org, coordinator = approved_org
    with app.test_request_context():
        violation = _cite(org, coordinator)
        assert violation.status == "notified"  # the notice was issued in the operation
        db.session.rollback()  # ... and a later step of the request failed
    assert smtp.connections == [] and smtp.sent == []
    assert db.session.scalar(db.select(db.func.count()).select_from(Letter)) == 0
    # The same citation committed: its notice is e-mailed, once.
    with app.test_request_context():
        _cite(org, coordinator)
    db.session.commit()
    ((_, message),) = smtp.sent
    assert message["Subject"].startswith("Notice of violation: ")
    assert db.session.scalar(db.select(Violation.status)) == "notified"


def test_nothing_is_sent_before_a_worker_runs_the_queue(app, approved_org, queue, smtp):
    org, coordinator = approved_org
    with app.test_request_context():
        _cite(org, coordinator)
    db.session.commit()
    assert smtp.connections == [] and queue.pending()[0].name == "deliver_letter"
    queue.run()
    assert len(smtp.sent) == 1 and smtp.sent[0][1]["To"] == "own@example.org"


def test_a_queued_notice_follows_the_transaction(app, smtp):
    queue_email("coordinator@example.gov", "Conflict declared", "<p>Reader 2 left.</p>")
    db.session.rollback()
    assert smtp.sent == []
    queue_email("coordinator@example.gov", "Conflict declared", "<p>Reader 2 left.</p>")
    db.session.commit()
    ((_, message),) = smtp.sent
    assert message["To"] == "coordinator@example.gov"
    assert message.get_body(("plain",)).get_content().strip() == "Reader 2 left."
