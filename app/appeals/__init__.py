"""Removal and appeals area (002 "Policy for Removal", "Appeals Process", "Appeals Committee";
DESIGN.md section 7): removal cases, appeals, the appeals committee, and the coordinator's
deadlines dashboard with its calendar feed."""

from flask import Blueprint

bp = Blueprint("appeals", __name__)

from app.appeals import views  # noqa: E402,F401
from app.appeals.views import appeals, deadlines  # noqa: E402,F401
