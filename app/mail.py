"""Outgoing e-mail: through SMTP when MAIL_SERVER is configured, otherwise written to the log."""

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger("ses.mail")


def send_email(to, subject, html, *, text=None):
    """Send one message to `to`; return True if it went through SMTP, False if only logged.

    A failing SMTP server is logged, never raised: the letter stays on record in the portal and
    the coordinator can resend it.
    """
    config = current_app.config
    if not config.get("MAIL_SERVER") or not to:
        log.info("e-mail (not sent, no SMTP configured) to=%s subject=%s", to, subject)
        return False
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text or "This letter is best read in HTML or in the SES portal.")
    message.add_alternative(html, subtype="html")
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        log.exception("e-mail to %s failed; the letter is kept in the portal", to)
        return False
    return True
