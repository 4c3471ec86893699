"""Letters are e-mailed by the task queue's worker after the commit that stored them: through
SMTP when configured (plain text, HTML and the PDF attached), to the log otherwise; a failing
server is retried with backoff, and a letter is never sent twice."""

import logging
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from app.audit import history
from app.extensions import db
from app.letters.operations.delivery import CLAIM_LEASE, deliver
from app.models import Letter
from app.tasks import DELIVERY_RETRY_DELAY, deliver_letter, huey, task_context
from tests.dbutil import IS_POSTGRES


def _reload(letter_id):
    db.session.expire_all()
    return db.session.get(Letter, letter_id)


def test_without_smtp_the_letter_is_logged_not_sent(app, make_org, make_letter, caplog):
    org = make_org("Own Tutors", contact_email="own@example.org")
    with caplog.at_level(logging.INFO, logger="ses.mail"):
        letter = make_letter(organization=org, subject="Decision on your application")
    assert letter.emailed_at is None and letter.recipient_email == "own@example.org"
    assert "not sent, no SMTP configured" in caplog.text
    assert "Decision on your application" in caplog.text
    assert letter.delivery_requested_at is None  # nothing left pending for the redelivery
    assert letter.delivery_error == "no mail server configured"


def test_with_smtp_the_letter_is_sent_and_stamped(app, make_org, make_letter, smtp):
    org = make_org("Own Tutors", contact_email="own@example.org")
    letter = make_letter(
        organization=org,
        subject="Decision on your application",
        body_text="Approved for two years.",
    )
    assert letter.emailed_at is not None and letter.emailed_at.tzinfo is not None
    assert (letter.delivery_requested_at, letter.delivery_claim) == (None, None)
    assert letter.delivery_attempts == 1 and letter.delivery_error is None
    ((server, message),) = smtp.sent
    assert (server.host, server.port, server.started_tls) == ("smtp.example.gov", 587, True)
    assert server.logged_in == ("ses", "secret")
    assert message["To"] == "own@example.org"
    assert message["Subject"] == "Decision on your application"
    assert message["Message-ID"].startswith(f"<letter-{letter.id}.")
    html = message.get_body(("html",)).get_content()
    assert "Approved for two years." in html and "South Dakota Department of Education" in html


def test_the_email_has_a_text_body_and_the_pdf_attached(app, make_org, make_letter, smtp):
    letter = make_letter(
        organization=make_org(contact_email="own@example.org"), body_text="Approved for two years."
    )
    ((_, message),) = smtp.sent
    text = message.get_body(("plain",)).get_content()
    assert "Approved for two years." in text and "South Dakota Department of Education" in text
    assert "<p>" not in text and "Re: Decision on your application" in text
    assert f"letter-{letter.id}-2009-07-01.pdf" in text
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"letter-{letter.id}-2009-07-01.pdf"
    assert attachment.get_content().startswith(b"%PDF-")


def test_a_failing_server_keeps_the_letter_and_retries_with_backoff(
    app, make_org, make_letter, smtp, caplog
):
    smtp.fail = True
    before = datetime.now(UTC).replace(tzinfo=None)
    letter = make_letter(organization=make_org("Own Tutors", contact_email="own@example.org"))
    assert "failed; the letter is kept in the portal" in caplog.text
    letter = _reload(letter.id)
    assert letter.emailed_at is None and letter.delivery_requested_at is not None
    assert letter.delivery_attempts == 1 and letter.delivery_claim is None
    assert letter.delivery_error == "ConnectionRefusedError: mail server down"
    (retry,) = huey.scheduled()
    assert retry.name == "deliver_letter" and retry.args == (letter.id,)
    assert (
        timedelta(seconds=DELIVERY_RETRY_DELAY - 5)
        <= retry.eta - before
        <= timedelta(seconds=DELIVERY_RETRY_DELAY + 30)
    )
    # The retry runs when its time comes, fails again, and waits twice as long.
    huey.storage.flush_schedule()
    again = datetime.now(UTC).replace(tzinfo=None)
    huey.execute(retry, timestamp=retry.eta)
    (second,) = huey.scheduled()
    assert (
        timedelta(seconds=2 * DELIVERY_RETRY_DELAY - 1)
        <= second.eta - again
        <= timedelta(seconds=2 * DELIVERY_RETRY_DELAY + 30)
    )
    assert second.retry_delay == 4 * DELIVERY_RETRY_DELAY  # the one after: doubled again
    # The server is back: the next retry delivers.
    smtp.fail = False
    huey.storage.flush_schedule()
    huey.execute(second, timestamp=second.eta)
    letter = _reload(letter.id)
    assert letter.emailed_at is not None and letter.delivery_attempts == 3
    assert len(smtp.sent) == 1 and letter.delivery_error is None
    assert huey.scheduled() == []


def test_after_the_maximum_attempts_the_letter_waits_for_a_resend(app, make_org, make_letter, smtp):
    app.config["LETTER_DELIVERY_MAX_ATTEMPTS"] = 2
    smtp.fail = True
    letter = make_letter(organization=make_org(contact_email="own@example.org"))
    (retry,) = huey.scheduled()
    huey.storage.flush_schedule()
    huey.execute(retry, timestamp=retry.eta)
    letter = _reload(letter.id)
    assert letter.delivery_attempts == 2 and letter.delivery_requested_at is None
    assert letter.emailed_at is None and "mail server down" in letter.delivery_error
    assert huey.scheduled() == []


def test_two_workers_on_one_letter_send_one_email(app, make_org, make_letter, smtp, monkeypatch):
    """A second worker arrives while the first is talking to the SMTP server."""
    second = []
    original = smtp.send_message

    def send_while_another_worker_tries(server, message):
        letter_id = int(message["Message-ID"].removeprefix("<letter-").split(".")[0])
        with task_context():
            second.append(deliver(letter_id))
        original(server, message)

    monkeypatch.setattr(smtp, "send_message", send_while_another_worker_tries)
    letter = make_letter(organization=make_org(contact_email="own@example.org"))
    assert second == ["skipped"] and len(smtp.sent) == 1
    assert _reload(letter.id).delivery_attempts == 1
    # A duplicate task later (the periodic redelivery, a retried enqueue) sends nothing either.
    deliver_letter(letter.id)  # immediate mode: runs at once
    with task_context():
        assert deliver(letter.id) == "skipped"
    assert len(smtp.sent) == 1


def test_an_abandoned_claim_is_taken_over_after_the_lease(app, make_org, make_letter, queue, smtp):
    letter = make_letter(organization=make_org(contact_email="own@example.org"))
    queue.run()
    assert len(smtp.sent) == 1
    lost = make_letter(organization=make_org(contact_email="b@example.org"))
    stale = datetime.now(UTC) - CLAIM_LEASE - timedelta(minutes=1)
    db.session.execute(
        update(Letter)
        .where(Letter.id == lost.id)
        .values(delivery_claim="a-worker-that-died", delivery_attempted_at=stale)
    )
    db.session.commit()
    queue.run()
    assert _reload(lost.id).emailed_at is not None and len(smtp.sent) == 2
    assert _reload(letter.id).delivery_attempts == 1


def test_periodic_redelivery_picks_up_letters_whose_task_was_lost(
    app, make_org, make_letter, queue, smtp
):
    from app.tasks import redeliver_letters

    org = make_org(contact_email="own@example.org")
    old, recent = make_letter(organization=org), make_letter(organization=org)
    queue.huey.flush()  # the queue lost both tasks (a Redis restart, say)
    long_ago = datetime.now(UTC) - timedelta(minutes=16)
    db.session.execute(
        update(Letter).where(Letter.id == old.id).values(delivery_requested_at=long_ago)
    )
    db.session.commit()
    with task_context():
        assert redeliver_letters.call_local() == 1  # the recent one may still be in flight
    queue.run()
    assert [m["To"] for _, m in smtp.sent] == ["own@example.org"]
    assert _reload(old.id).emailed_at is not None
    assert _reload(recent.id).emailed_at is None
    with task_context():
        assert redeliver_letters.call_local() == 0  # delivered letters are not sent again


def test_an_unreachable_queue_does_not_fail_the_commit(
    app, make_org, make_letter, smtp, monkeypatch, caplog
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(huey, "enqueue", broker_down)
    letter = make_letter(organization=make_org(contact_email="own@example.org"))
    assert db.session.get(Letter, letter.id).delivery_requested_at is not None
    assert smtp.sent == [] and "redelivery will retry" in caplog.text


def test_district_letter_goes_to_the_district(app, make_org, make_district, make_letter, smtp):
    district = make_district(contact_email="ses@sf.k12.sd.us")
    letter = make_letter(
        "district_removal_notice",
        district=district,
        organization=make_org(contact_email="own@example.org"),
    )
    assert letter.recipient_email == "ses@sf.k12.sd.us"
    assert smtp.sent[0][1]["To"] == "ses@sf.k12.sd.us"


def test_coordinator_resends_to_the_current_address(world, auth, client, smtp):
    own, _ = world["orgs"]
    letter = world["letters"]["own"]  # first sent without SMTP: not e-mailed
    own.contact_email = "new-director@example.org"
    db.session.commit()
    auth.login("coordinator@example.gov")
    response = auth.post(
        f"/letters/{letter.id}/resend", token_from=f"/letters/{letter.id}", follow_redirects=True
    )
    assert "e-mailed again to new-director@example.org" in response.get_data(as_text=True)
    assert smtp.sent[-1][1]["To"] == "new-director@example.org"
    letter = _reload(letter.id)
    assert letter.emailed_at is not None
    entry = history(letter)[-1]
    assert (entry.event, entry.reason) == ("email_resent", "to new-director@example.org")


def test_resend_without_smtp_says_so(world, auth, client):
    letter = world["letters"]["own"]
    auth.login("coordinator@example.gov")
    response = auth.post(
        f"/letters/{letter.id}/resend", token_from=f"/letters/{letter.id}", follow_redirects=True
    )
    assert "could not be sent" in response.get_data(as_text=True)
    assert history(letter)[-1].event == "email_resend_not_sent"


def test_resend_without_any_address(world, auth, client, make_org, make_letter):
    letter = make_letter(organization=make_org("No Mail Org"))
    auth.login("coordinator@example.gov")
    response = auth.post(
        f"/letters/{letter.id}/resend", token_from=f"/letters/{letter.id}", follow_redirects=True
    )
    assert "no e-mail address on record" in response.get_data(as_text=True)


@pytest.mark.skipif(not IS_POSTGRES, reason="two sessions at once need PostgreSQL")
def test_two_worker_threads_on_one_letter_send_one_email(
    app, make_org, make_letter, queue, smtp, monkeypatch
):
    letter_id = make_letter(organization=make_org(contact_email="own@example.org")).id
    original, barrier, outcomes = smtp.send_message, threading.Barrier(2), []

    def slow_send(server, message):
        time.sleep(0.3)  # the other worker tries while this one is talking to the server
        original(server, message)

    monkeypatch.setattr(smtp, "send_message", slow_send)

    def worker():
        with app.app_context():  # each thread a worker with its own session
            barrier.wait()
            outcomes.append(deliver(letter_id))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["sent", "skipped"] and len(smtp.sent) == 1
