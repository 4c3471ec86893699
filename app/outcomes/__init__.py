"""Outcomes area (see shared/DESIGN.md)."""

from flask import Blueprint

bp = Blueprint("outcomes", __name__)

from app.outcomes import views  # noqa: E402,F401
