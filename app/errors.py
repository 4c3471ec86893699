"""Friendly error pages that leak no internals, and the one error body of the JSON API.

Every error under /api/ answers `ApiErrorSchema` (documented as the OpenAPI `Error` schema and
used by flask-smorest for every operation's default response): the status code, its name, a
sentence, and for invalid input the problems (`errors`: field messages from flask-smorest, or
outcome rows' {line, column, message}).
"""

import logging

from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

log = logging.getLogger("ses")

MESSAGES = {
    400: ("Something in that request could not be read", "Please go back and try again."),
    403: (
        "You do not have access to this page",
        "Your account's role does not allow this. If you think it should, ask the SES coordinator.",
    ),
    404: ("Page not found", "The page or record you asked for does not exist."),
    405: ("That action is not available here", "Please use the page's own buttons and links."),
    413: ("The file is too large", "Please upload a smaller file."),
    429: ("Too many attempts", "Please wait a minute before trying again."),
    500: (
        "Something went wrong on our side",
        "The error has been logged. Nothing you entered was saved by the failed action; "
        "please try again, and contact the SES office if it happens again.",
    ),
}


class ApiErrorSchema(Schema):
    """The body of every error answer of the JSON API."""

    code = fields.Integer(required=True, metadata={"description": "HTTP status code"})
    status = fields.String(required=True, metadata={"description": "HTTP status name"})
    message = fields.String(required=True, metadata={"description": "What went wrong"})
    errors = fields.Raw(
        metadata={
            "description": "The problems: field -> messages, or for an "
            "outcome upload [{line, column, message}]"
        }
    )
    error_count = fields.Integer(metadata={"description": "Outcome upload: number of problems"})


def api_error(code, message, **extra):
    """A JSON API error response of `ApiErrorSchema`'s shape."""
    response = jsonify(
        {"code": code, "status": HTTP_STATUS_CODES.get(code, "Error"), "message": message, **extra}
    )
    response.status_code = code
    return response


def _api_http_error(error):
    data = getattr(error, "data", None) or {}
    extra = {}
    problems = data.get("errors") or data.get("messages")  # flask-smorest's field errors
    if problems:
        extra["errors"] = problems
    response = api_error(
        error.code, data.get("message") or error.description or error.name, **extra
    )
    for name, value in (data.get("headers") or {}).items():
        response.headers[name] = value
    return response


def _render(code, detail=None):
    title, text = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def register(app):
    """Install the handlers on `app`."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(
            400,
            "The form expired or was not sent from this site. "
            "Please reload the page and submit it again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        if request.path.startswith("/api/"):
            return _api_http_error(error)
        return _render(error.code if error.code in MESSAGES else 400)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        log.exception("unhandled error on %s %s", request.method, request.path)
        from app.extensions import db

        db.session.rollback()
        if request.path.startswith("/api/"):
            return api_error(500, "Something went wrong on our side; the error has been logged.")
        return _render(500)
