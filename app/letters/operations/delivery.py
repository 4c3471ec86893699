"""Delivering letters by e-mail: requested in the transaction that stores the letter, carried
out by the task queue's worker after that transaction commits.

A letter is pending while `delivery_requested_at` is set. A worker first claims it with an
atomic conditional UPDATE (its token in `delivery_claim`) and commits the claim before it talks
to SMTP, so of two workers given the same letter only one sends it; the other finds the claim
taken (PostgreSQL makes the second UPDATE wait for the first and re-check its condition; SQLite
serializes writers). A claim older than CLAIM_LEASE is treated as abandoned (a worker killed
mid-send), so the letter is not lost; a crash in that window is the one case that can repeat an
e-mail, and the repeated message carries the same Message-ID.
"""

import logging
import secrets
from datetime import timedelta
from typing import Any, cast

from flask import current_app
from sqlalchemy import CursorResult, func, or_, update

from app.extensions import db
from app.letters.operations.pdf import letter_pdf, pdf_filename
from app.mail import (
    SMTP_ERRORS,
    build_message,
    log_not_sent,
    mail_configured,
    plain_text,
    send_message,
)
from app.models import Letter
from app.models.types import utcnow

log = logging.getLogger("ses.mail")

PENDING_LETTERS = "ses_pending_letters"  # key in Session.info: letter ids to enqueue on commit
CLAIM_LEASE = timedelta(minutes=10)  # chosen: far longer than one SMTP conversation (30 s timeout)


class DeliveryFailed(Exception):
    """The SMTP server failed this time; the worker's task retries with backoff."""


def request_delivery(letter):
    """Mark `letter` (flushed, with an id) to be e-mailed once the transaction commits."""
    letter.delivery_requested_at = utcnow()
    letter.delivery_attempts, letter.delivery_error = 0, None
    db.session.info.setdefault(PENDING_LETTERS, set()).add(letter.id)


def _claimable(now):
    return (
        Letter.delivery_requested_at.is_not(None),
        or_(Letter.delivery_claim.is_(None), Letter.delivery_attempted_at < now - CLAIM_LEASE),
    )


def _claim(letter_id):
    """Take the letter for this worker; return the token, or None if there is nothing to send
    (delivered already, not requested, or another worker is sending it now). Commits."""
    now, token = utcnow(), secrets.token_hex(16)
    # An UPDATE's result is a CursorResult (with rowcount); Session.execute is typed as Result.
    claimed = cast(
        CursorResult[Any],
        db.session.execute(
            update(Letter)
            .where(Letter.id == letter_id, *_claimable(now))
            .values(
                delivery_claim=token,
                delivery_attempted_at=now,
                delivery_attempts=Letter.delivery_attempts + 1,
            )
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    db.session.commit()
    return token if claimed == 1 else None


def _finish(letter_id, token, **values):
    """Record the outcome of this worker's attempt (only while it still holds the claim)."""
    db.session.execute(
        update(Letter)
        .where(Letter.id == letter_id, Letter.delivery_claim == token)
        .values(delivery_claim=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def letter_message(letter, address):
    """The e-mail of `letter`: a plain-text body, the letter's HTML, and its PDF attached."""
    domain = current_app.config["MAIL_SENDER"].rpartition("@")[2] or "localhost"
    requested = int(letter.delivery_requested_at.timestamp())
    text = (
        f"{plain_text(letter.body_html)}\n--\nThe letter is attached as a PDF "
        f"({pdf_filename(letter)}) and kept in the SES portal as letter {letter.id}.\n"
    )
    return build_message(
        address,
        letter.subject,
        letter.body_html,
        text=text,
        attachments=[(pdf_filename(letter), letter_pdf(letter), "application/pdf")],
        message_id=f"<letter-{letter.id}.{requested}@{domain}>",
    )


def deliver(letter_id):
    """E-mail one pending letter; return what happened ("sent", "not_sent", "skipped").

    Raises DeliveryFailed when the SMTP server failed (the task retries). After
    LETTER_DELIVERY_MAX_ATTEMPTS failed attempts the letter stops being pending and keeps the
    error; the coordinator can resend it from the portal.
    """
    from app.letters.operations import current_recipient_email

    token = _claim(letter_id)
    if token is None:
        return "skipped"
    letter = db.session.get_one(Letter, letter_id)  # it was just claimed
    address = current_recipient_email(letter)
    if not address or not mail_configured():
        log_not_sent(address, letter.subject)
        _finish(
            letter_id,
            token,
            delivery_requested_at=None,
            delivery_error="no e-mail address" if not address else "no mail server configured",
        )
        return "not_sent"
    final = letter.delivery_attempts >= current_app.config["LETTER_DELIVERY_MAX_ATTEMPTS"]
    try:
        send_message(letter_message(letter, address))
    except SMTP_ERRORS as error:
        log.warning(
            "e-mail of letter %s to %s failed; the letter is kept in the portal and the "
            "worker retries (%s)",
            letter_id,
            address,
            error,
        )
        _finish(
            letter_id,
            token,
            delivery_error=f"{type(error).__name__}: {error}"[:1000],
            **({"delivery_requested_at": None} if final else {}),
        )
        if final:
            return "not_sent"
        raise DeliveryFailed(str(error)) from error
    _finish(letter_id, token, emailed_at=utcnow(), delivery_requested_at=None, delivery_error=None)
    return "sent"


def undelivered_letter_ids(*, older_than, limit=500):
    """Pending letters whose last request or attempt is older than `older_than` (a timedelta)
    and that no worker holds now: their task was lost (queue outage, worker killed)."""
    cutoff = utcnow() - older_than
    last = func.coalesce(Letter.delivery_attempted_at, Letter.delivery_requested_at)
    return db.session.scalars(
        db.select(Letter.id)
        .where(*_claimable(utcnow()), last < cutoff)
        .order_by(Letter.id)
        .limit(limit)
    ).all()
