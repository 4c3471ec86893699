"""Monitoring area (see shared/DESIGN.md)."""

from flask import Blueprint

bp = Blueprint("monitoring", __name__)

from app.monitoring import views  # noqa: E402,F401
