"""What happens to a letter after it is issued: it is listed, opened, received, e-mailed again.

A letter's text never changes and no letter is deleted. Only its receipt facts are added:
the first opening in the portal by the addressed provider (`opened_on`) and the certified-mail
receipt the coordinator enters; the earlier of the two is the receipt that starts a clock
(002 "Appeal": ten working days after receipt of the notice of removal). Each is audited.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import false, or_

from app.audit import record_change
from app.core.dates import long_date
from app.extensions import db
from app.letters.operations.delivery import request_delivery
from app.mail import mail_configured
from app.models import Letter
from app.refusals import Refused


@dataclass(frozen=True)
class LetterFilters:
    """The coordinator's filters on the letters list (None: not filtered)."""

    kind: str | None = None
    organization_id: int | None = None
    district_id: int | None = None
    sent_from: date | None = None
    sent_to: date | None = None
    receipt: str | None = None  # "received" | "not_received"


def letters_query(user, filters=LetterFilters()):
    """A select of the letters `user` may see, newest first, narrowed by `filters`.

    Coordinators see every letter; a provider user its organization's letters (not copies
    addressed to districts); a district user its district's. A user holding several of these
    roles sees the union.
    """
    query = db.select(Letter)
    if not user.has_role("coordinator"):
        visible = []
        if user.has_role("provider") and user.organization_id is not None:
            visible.append(
                (Letter.organization_id == user.organization_id) & Letter.district_id.is_(None)
            )
        if user.has_role("district") and user.district_id is not None:
            visible.append(Letter.district_id == user.district_id)
        query = query.where(or_(*visible) if visible else false())
    return _filtered(query, filters).order_by(Letter.sent_on.desc(), Letter.id.desc())


def _filtered(query, filters):
    if filters.kind:
        query = query.where(Letter.kind == filters.kind)
    if filters.organization_id is not None:
        query = query.where(Letter.organization_id == filters.organization_id)
    if filters.district_id is not None:
        query = query.where(Letter.district_id == filters.district_id)
    if filters.sent_from is not None:
        query = query.where(Letter.sent_on >= filters.sent_from)
    if filters.sent_to is not None:
        query = query.where(Letter.sent_on <= filters.sent_to)
    received = Letter.opened_on.is_not(None) | Letter.certified_mail_received_on.is_not(None)
    if filters.receipt == "received":
        query = query.where(received)
    elif filters.receipt == "not_received":
        query = query.where(~received)
    return query


def record_portal_opening(letter, *, actor, today):
    """Set `opened_on` the first time the addressed provider opens `letter`; later openings
    change nothing. Returns True when this opening was the first."""
    if letter.opened_on is not None:
        return False
    letter.opened_on = today
    record_change(
        letter,
        "opened_in_portal",
        actor=actor,
        to_state=today.isoformat(),
        reason="first opened by the addressed provider in the portal",
    )
    return True


def record_certified_mail_receipt(letter, received_on, *, actor, today):
    """Enter the date certified mail of `letter` was received (not before it was sent, not in
    the future). A changed date is a correction: the audit entry keeps the earlier one."""
    if received_on < letter.sent_on:
        raise Refused(
            f"The receipt date cannot be before the letter was sent ({long_date(letter.sent_on)}).",
            field="received_on",
        )
    if received_on > today:
        raise Refused(
            f"The receipt date cannot be in the future (today is {long_date(today)}).",
            field="received_on",
        )
    before = letter.certified_mail_received_on
    if before == received_on:
        return False
    letter.certified_mail_received_on = received_on
    record_change(
        letter,
        "certified_mail_received" if before is None else "certified_mail_receipt_corrected",
        actor=actor,
        from_state=before.isoformat() if before else None,
        to_state=received_on.isoformat(),
    )
    db.session.flush()
    return True


def current_recipient_email(letter):
    """Where the letter goes now: the recipient's current contact address, else the address it
    was first sent to."""
    recipient = letter.district if letter.district_id is not None else letter.organization
    return getattr(recipient, "contact_email", None) or letter.recipient_email or None


def resend_letter(letter, *, actor):
    """Ask the worker to e-mail `letter` again, after this commit, to its recipient's current
    address; audit the request.

    Returns (queued, address): `queued` is False when there is no address or no SMTP server
    configured (the letter itself stays in the portal either way).
    """
    address = current_recipient_email(letter)
    queued = bool(address) and mail_configured()
    if queued:
        request_delivery(letter)
    reason = (
        f"to {address}"
        if queued
        else f"to {address}: no mail server configured"
        if address
        else "no e-mail address on record"
    )
    record_change(
        letter, "email_resent" if queued else "email_resend_not_sent", actor=actor, reason=reason
    )
    return queued, address
