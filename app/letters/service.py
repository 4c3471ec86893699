"""Issuing a letter: render `templates/letters/<kind>.html`, store it, e-mail it.

Every operation that owes someone a letter calls `issue_letter` in the same transaction as the
change it reports, so the record and the letter commit together.
"""

from flask import render_template

from app.extensions import db
from app.mail import send_email
from app.models import Letter
from app.models.types import utcnow


def issue_letter(kind, *, subject, today, organization=None, district=None, application=None,
                 context=None, **links):
    """Create, store and send one letter of `kind` (a value of LETTER_KINDS).

    `organization` or `district` is the recipient; `links` may name `violation_id`,
    `removal_case_id` or `appeal_id`. The template receives `context` plus `letter_date`,
    `organization`, `district` and `application`. Returns the flushed Letter.
    """
    values = dict(context or {}, letter_date=today, organization=organization,
                  district=district, application=application, subject=subject)
    body = render_template(f"letters/{kind}.html", **values)
    recipient = (district.contact_email if district is not None
                 else organization.contact_email if organization is not None else None)
    letter = Letter(kind=kind, subject=subject, body_html=body, sent_on=today,
                    organization=organization, district=district, application=application,
                    recipient_email=recipient, **links)
    db.session.add(letter)
    db.session.flush()
    if send_email(recipient, subject, body):
        letter.emailed_at = utcnow()
    return letter
