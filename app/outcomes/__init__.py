"""Outcomes area (DESIGN.md section 6): districts' outcome data (web, CLI and token API
uploads), the annual effectiveness evaluation (sweep), final reports, and the coordinator's
effectiveness pages."""

from flask import Blueprint

from app.extensions import csrf

bp = Blueprint("outcomes", __name__)

from app.outcomes import views, views_reports  # noqa: E402,F401
from app.outcomes.api import api_blp  # noqa: E402

csrf.exempt(api_blp)
