"""Outcomes area (DESIGN.md section 6): districts' outcome data (web, CLI and token API
uploads), the annual effectiveness evaluation (sweep), final reports, and the coordinator's
effectiveness pages."""

from flask import Blueprint

from app.extensions import csrf

bp = Blueprint("outcomes", __name__)

from app.outcomes import views  # noqa: E402,F401
from app.outcomes.api import api_blp  # noqa: E402
from app.outcomes.operations.jobs import outcome_upload_limit  # noqa: E402
from app.outcomes.views import reports  # noqa: E402,F401

csrf.exempt(api_blp)
# First of the app's request hooks: CSRF protection parses the form before blueprint hooks run.
bp.record_once(
    lambda state: state.app.before_request_funcs.setdefault(None, []).insert(
        0, outcome_upload_limit
    )
)
