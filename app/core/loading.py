"""Loading the record a view acts on: 404 when it does not exist, 403 when the user may not.

Views load, authorize, validate, call one operation and render (CONVENTIONS.md 3); this is the
first two steps in one call so every view answers a missing or forbidden record the same way.
"""

from flask import abort

from app.extensions import db


def load_for(user, model, record_id, allowed):
    """The `model` row with `record_id`, or 404; 403 unless `allowed(user, record)`.

    `allowed` is a permission predicate (an area's `permissions` module); for a role-only permission
    pass e.g. ``lambda user, _: can_manage_reviews(user)``.
    """
    record = db.get_or_404(model, record_id)
    if not allowed(user, record):
        abort(403)
    return record
