"""Monitoring area: the violations register, district complaints and monitoring visits
(issue 5; shared/DESIGN.md section 6)."""

from flask import Blueprint

bp = Blueprint("monitoring", __name__)

from app.monitoring import views, views_complaints, views_visits  # noqa: E402,F401
