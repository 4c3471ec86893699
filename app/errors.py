"""Friendly error pages that leak no internals."""

import logging

from flask import render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger("ses")

MESSAGES = {
    400: ("Something in that request could not be read", "Please go back and try again."),
    403: ("You do not have access to this page",
          "Your account's role does not allow this. If you think it should, ask the SES coordinator."),
    404: ("Page not found", "The page or record you asked for does not exist."),
    405: ("That action is not available here", "Please use the page's own buttons and links."),
    413: ("The file is too large", "Please upload a smaller file."),
    429: ("Too many attempts", "Please wait a minute before trying again."),
    500: ("Something went wrong on our side",
          "The error has been logged. Nothing you entered was saved by the failed action; "
          "please try again, and contact the SES office if it happens again."),
}


def _render(code, detail=None):
    title, text = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def register(app):
    """Install the handlers on `app`."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(400, "The form expired or was not sent from this site. "
                            "Please reload the page and submit it again.")

    @app.errorhandler(HTTPException)
    def http_error(error):
        if request.path.startswith("/api/") and error.code != 500:
            body = {"error": error.name, "status": error.code}
            messages = (getattr(error, "data", None) or {}).get("messages")
            if messages:
                body["messages"] = messages  # flask-smorest's field-by-field validation errors
            return body, error.code
        return _render(error.code if error.code in MESSAGES else 400)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        log.exception("unhandled error on %s %s", request.method, request.path)
        from app.extensions import db

        db.session.rollback()
        return _render(500)
