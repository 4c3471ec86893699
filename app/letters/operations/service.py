"""Issuing a letter: render `templates/letters/<kind>.html`, store it, request its e-mail.

Every operation that owes someone a letter calls `issue_letter` in the same transaction as the
change it reports, so the record and the letter commit together. The e-mail is sent by the task
queue's worker only after that commit (`app.letters.operations.delivery`, `app.tasks`): never
for a change that was rolled back, and never while a request or the sweep waits on an SMTP server.
"""

from flask import render_template

from app.extensions import db
from app.letters.operations.delivery import request_delivery
from app.letters.operations.letterhead import letter_frame
from app.models import Letter


def issue_letter(
    kind,
    *,
    subject,
    today,
    organization=None,
    district=None,
    application=None,
    context=None,
    dedupe_key=None,
    **links,
):
    """Create and store one letter of `kind` (a value of LETTER_KINDS); e-mail it after commit.

    `organization` or `district` is the recipient; `links` may name `violation_id`,
    `removal_case_id` or `appeal_id`. The template receives `context` plus `letter_date`,
    `organization`, `district` and `application`, and the letterhead, cc list and delivery method of
    `app.letters.operations.letterhead.letter_frame` (`policy` too, unless `context` has one).
    `dedupe_key` (unique across letters) marks a letter that must exist at most once, e.g. a
    reminder; a second copy fails the transaction. Returns the flushed Letter.
    """
    values = dict(letter_frame(kind, application=application, district=district))
    values.update(context or {})
    values.update(
        letter_date=today,
        organization=organization,
        district=district,
        application=application,
        subject=subject,
    )
    body = render_template(f"letters/{kind}.html", **values)
    recipient = (
        district.contact_email
        if district is not None
        else organization.contact_email
        if organization is not None
        else None
    )
    letter = Letter(
        kind=kind,
        subject=subject,
        body_html=body,
        sent_on=today,
        organization=organization,
        district=district,
        application=application,
        recipient_email=recipient,
        dedupe_key=dedupe_key,
        **links,
    )
    db.session.add(letter)
    db.session.flush()
    if recipient:
        request_delivery(letter)
    return letter
