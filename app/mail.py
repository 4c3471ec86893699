"""Outgoing e-mail: built here, sent through SMTP by the task queue's worker only.

No web request and no sweep transaction talks to SMTP. Code that owes someone an e-mail calls
`queue_email` (a notice that is not a letter) or issues a letter (`app.letters.operations.service`);
both are handed to the worker after the transaction commits (`app.tasks`), so nothing leaves for a
change that was rolled back. The worker calls `send_message`, which raises on failure so the task
can retry with backoff.
"""

import logging
import smtplib
from email.message import EmailMessage
from email.utils import formatdate

from flask import current_app
from inscriptis import get_text

from app.extensions import db

log = logging.getLogger("ses.mail")

PENDING_EMAILS = "ses_pending_emails"  # key in Session.info: notices to enqueue after commit
# 15 s was the old in-request timeout; in the worker a slow server costs no one a page.
SMTP_TIMEOUT = 30

SMTP_ERRORS = (OSError, smtplib.SMTPException)


def mail_configured():
    """True when an SMTP server is configured (otherwise e-mail is only written to the log)."""
    return bool(current_app.config.get("MAIL_SERVER"))


def plain_text(html):
    """A readable plain-text rendering of a letter's or notice's HTML (inscriptis keeps the
    paragraphs, line breaks, lists and tables that a naive tag strip would run together)."""
    return get_text(html).strip() + "\n"


def build_message(to, subject, html, *, text=None, attachments=(), message_id=None):
    """An EmailMessage with a plain-text body, the HTML alternative and `attachments`, a list
    of (filename, bytes, mimetype) triples. `message_id` lets a retried delivery keep the same
    Message-ID, so a receiving system can tell a retry from a new letter."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(text or plain_text(html))
    message.add_alternative(html, subtype="html")
    for filename, data, mimetype in attachments:
        maintype, subtype = mimetype.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message


def send_message(message):
    """Hand `message` to the configured SMTP server. Raises one of SMTP_ERRORS on failure (the
    worker's task retries); only the worker calls this."""
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def log_not_sent(to, subject):
    """Without SMTP, e-mail is written to the log instead (development, demonstrations)."""
    log.info("e-mail (not sent, no SMTP configured) to=%s subject=%s", to, subject)


def queue_email(to, subject, html):
    """E-mail a notice that is not a letter (e.g. coordinators told of a conflict of interest)
    once the current transaction commits; dropped if it rolls back."""
    if not to:
        return
    db.session.connection()  # begin the transaction if none is open: its end decides
    db.session.info.setdefault(PENDING_EMAILS, []).append(
        {"to": to, "subject": subject, "html": html}
    )


def deliver_email(to, subject, html):
    """The worker's half of `queue_email`: send now (raises on SMTP failure, to be retried)."""
    if not mail_configured():
        log_not_sent(to, subject)
        return False
    send_message(build_message(to, subject, html))
    return True
