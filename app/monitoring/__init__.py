"""Monitoring area: the violations register, district complaints and monitoring visits
(issue 5; shared/DESIGN.md section 6)."""

from flask import Blueprint

bp = Blueprint("monitoring", __name__)

from app.monitoring import views  # noqa: E402,F401
from app.monitoring.views import complaints, visits  # noqa: E402,F401
