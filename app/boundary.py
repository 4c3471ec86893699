"""The request boundary: one commit per request, a rollback on any failure, one refusal shape.

Views never commit. A response below 400 (a page, a redirect after a change) commits the
request's work once, after the view returned; any 4xx or 5xx response (a refusal, an invalid
form, an abort, an unexpected error) rolls it back, unless the view asked to `keep_changes()`
(a score-sheet draft keeps what was typed even when the submission is refused).

A refusal has one shape everywhere: `refuse(refusal, form)` undoes the request's changes, puts the
message beside its form field (`Refused.field`) or at the top of the page (flashed), and returns
the status to answer with - 422 for invalid input, 409 for a state that changed or forbids the
move. A refusal a view does not catch, and a unique-constraint violation (two people recording
the same thing at once), answer the same way: an error page, or on `/api/...` the JSON error
body of `app/errors.py` with a `message`.
"""

import logging

from flask import flash, g, make_response, redirect, render_template, request, session
from sqlalchemy.exc import IntegrityError
from werkzeug.http import HTTP_STATUS_CODES

from app.extensions import db
from app.refusals import Refused
from workflows.engine import InvalidTransition

log = logging.getLogger("ses")

DUPLICATE_MESSAGE = (
    "The same change was recorded a moment ago, by someone else or by an "
    "earlier click; nothing more was saved. Reload the page to see it."
)

TITLES = {
    409: "That was not done: the record changed or does not allow it",
    422: "That was not done: something in it needs correcting",
}


# Guards of the transition table that check what the person typed, not the record's state: a
# move they refuse is invalid input (422); any other refused move is a conflict (409).
INPUT_GUARDS = frozenset(
    {"reason_if_against_recommendation", "feedback_given", "conditions_chosen"}
)


def as_refusal(error):
    """`error` as a Refused: an engine's refused move is a conflict (the state forbids it),
    unless the guard that failed is about the input (a missing reason)."""
    if isinstance(error, Refused):
        return error
    if isinstance(error, InvalidTransition):
        return Refused(error.reason, conflict=error.guard not in INPUT_GUARDS)
    if is_unique_violation(error):
        return Refused(DUPLICATE_MESSAGE, conflict=True)
    raise TypeError(f"{type(error).__name__} is not a refusal")


def undo(error):
    """Undo the request's changes; returns `error` as a Refused, for a page that shows it."""
    db.session.rollback()
    return as_refusal(error)


def _place(refusal, form):
    """Put `refusal`'s message beside its field of `form`, or flash it at the top of the page."""
    if form is not None and refusal.field and refusal.field in form:
        form[refusal.field].errors = list(form[refusal.field].errors) + [refusal.message]
    else:
        flash(refusal.message, "error")


def refuse(error, form=None):
    """Undo the request's changes and show `error` (a Refused, or an engine's InvalidTransition)
    beside its field of `form`, or flashed at the top of the page; returns the HTTP status."""
    refusal = undo(error)
    _place(refusal, form)
    return refusal.status_code


def act(form, operation, *, render, done, place=True):
    """The one shape of a POST that acts on a record: validate `form`, run `operation()` (it
    returns the sentence to flash) and redirect to `done`. A form with mistakes re-renders with
    422; a refused operation is undone and re-renders with its status (409 or 422). `render` is
    called as `render(status, refusal)`; with `place` the refusal's message is also put beside
    its field or flashed (a page that shows `refusal` itself passes place=False)."""
    if not form.validate_on_submit():
        return render(422, None)
    try:
        message = operation()
    except (Refused, InvalidTransition) as error:
        refusal = undo(error)
        if place:
            _place(refusal, form)
        return render(refusal.status_code, refusal)
    flash(message, "success")
    return redirect(done)


def keep_changes():
    """Commit this request's work even though the response reports a problem (4xx)."""
    g.keep_changes = True


def is_unique_violation(error):
    """True for an IntegrityError raised by a unique constraint (PostgreSQL or SQLite)."""
    if not isinstance(error, IntegrityError):
        return False
    if getattr(error.orig, "sqlstate", None) == "23505":
        return True
    return "UNIQUE constraint failed" in str(error.orig)


def refusal_response(refusal):
    """The page (or the JSON body on the API) for a refusal no form shows."""
    status = refusal.status_code
    if request.path.startswith("/api/"):
        return {
            "error": HTTP_STATUS_CODES[status],
            "status": status,
            "message": refusal.message,
        }, status
    return render_template(
        "errors/error.html", code=status, title=TITLES[status], text=refusal.message
    ), status


def _commit(response):
    """Commit once if the response says the request succeeded; otherwise roll back."""
    keep = g.pop("keep_changes", False)
    if response.status_code >= 400 and not keep:
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        if not is_unique_violation(error):
            raise
        log.info(
            "duplicate refused at commit on %s %s: %s", request.method, request.path, error.orig
        )
        session.pop("_flashes", None)  # the success message of the change that was not saved
        return make_response(refusal_response(as_refusal(error)))
    return response


def register(app):
    """Install the boundary on `app` (last, so the other after-request hooks see its answer)."""

    @app.errorhandler(Refused)
    @app.errorhandler(InvalidTransition)
    def refused(error):
        db.session.rollback()
        return refusal_response(as_refusal(error))

    @app.errorhandler(IntegrityError)
    def integrity_error(error):
        db.session.rollback()
        if not is_unique_violation(error):
            raise error  # a bug, not a race: the unexpected-error page, logged
        return refusal_response(as_refusal(error))

    app.after_request(_commit)
