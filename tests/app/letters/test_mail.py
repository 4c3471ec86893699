"""Letters are e-mailed through SMTP when configured and written to the log otherwise; a failing
server never loses the letter (it is kept, and the coordinator can resend it)."""

import logging
import smtplib

import pytest

from app.audit import history
from app.extensions import db
from app.models import Letter


class FakeSMTP:
    """Stands in for smtplib.SMTP and keeps what was sent."""

    sent = []
    fail = False

    def __init__(self, host, port, timeout=None):
        self.host, self.port = host, port
        self.started_tls = self.logged_in = False

    def __enter__(self):
        if FakeSMTP.fail:
            raise ConnectionRefusedError("mail server down")
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        self.started_tls = True

    def login(self, user, password):
        self.logged_in = (user, password)

    def send_message(self, message):
        FakeSMTP.sent.append((self, message))


@pytest.fixture
def smtp(app, monkeypatch):
    """SMTP configured, with the fake server."""
    FakeSMTP.sent, FakeSMTP.fail = [], False
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.example.gov", MAIL_PORT=587, MAIL_USE_TLS=True,
                      MAIL_USERNAME="ses", MAIL_PASSWORD="secret")
    return FakeSMTP


def test_without_smtp_the_letter_is_logged_not_sent(app, make_org, make_letter, caplog):
    org = make_org("Own Tutors", contact_email="own@example.org")
    with caplog.at_level(logging.INFO, logger="ses.mail"):
        letter = make_letter(organization=org, subject="Decision on your application")
    assert letter.emailed_at is None and letter.recipient_email == "own@example.org"
    assert "not sent, no SMTP configured" in caplog.text
    assert "Decision on your application" in caplog.text


def test_with_smtp_the_letter_is_sent_and_stamped(app, make_org, make_letter, smtp):
    org = make_org("Own Tutors", contact_email="own@example.org")
    letter = make_letter(organization=org, subject="Decision on your application",
                         body_text="Approved for two years.")
    assert letter.emailed_at is not None and letter.emailed_at.tzinfo is not None
    (server, message), = smtp.sent
    assert (server.host, server.port, server.started_tls) == ("smtp.example.gov", 587, True)
    assert server.logged_in == ("ses", "secret")
    assert message["To"] == "own@example.org"
    assert message["Subject"] == "Decision on your application"
    html = message.get_body(("html",)).get_content()
    assert "Approved for two years." in html and "State Department of Education" in html


def test_a_failing_server_keeps_the_letter(app, make_org, make_letter, smtp, caplog):
    smtp.fail = True
    org = make_org("Own Tutors", contact_email="own@example.org")
    letter = make_letter(organization=org)
    assert db.session.get(Letter, letter.id) is not None
    assert letter.emailed_at is None
    assert "failed; the letter is kept in the portal" in caplog.text


def test_district_letter_goes_to_the_district(app, make_org, make_district, make_letter, smtp):
    district = make_district(contact_email="ses@sf.k12.sd.us")
    letter = make_letter("district_removal_notice", district=district,
                         organization=make_org(contact_email="own@example.org"))
    assert letter.recipient_email == "ses@sf.k12.sd.us"
    assert smtp.sent[0][1]["To"] == "ses@sf.k12.sd.us"


def test_coordinator_resends_to_the_current_address(world, auth, client, smtp):
    own, _ = world["orgs"]
    letter = world["letters"]["own"]           # first sent without SMTP: not e-mailed
    own.contact_email = "new-director@example.org"
    db.session.commit()
    auth.login("coordinator@example.gov")
    response = auth.post(f"/letters/{letter.id}/resend", token_from=f"/letters/{letter.id}",
                         follow_redirects=True)
    assert "e-mailed again to new-director@example.org" in response.get_data(as_text=True)
    assert smtp.sent[-1][1]["To"] == "new-director@example.org"
    db.session.expire_all()
    letter = db.session.get(Letter, letter.id)
    assert letter.emailed_at is not None
    entry = history(letter)[-1]
    assert (entry.event, entry.reason) == ("email_resent", "to new-director@example.org")


def test_resend_without_smtp_says_so(world, auth, client):
    letter = world["letters"]["own"]
    auth.login("coordinator@example.gov")
    response = auth.post(f"/letters/{letter.id}/resend", token_from=f"/letters/{letter.id}",
                         follow_redirects=True)
    assert "could not be sent" in response.get_data(as_text=True)
    assert history(letter)[-1].event == "email_resend_not_sent"


def test_resend_without_any_address(world, auth, client, make_org, make_letter):
    letter = make_letter(organization=make_org("No Mail Org"))
    auth.login("coordinator@example.gov")
    response = auth.post(f"/letters/{letter.id}/resend", token_from=f"/letters/{letter.id}",
                         follow_redirects=True)
    assert "no e-mail address on record" in response.get_data(as_text=True)
