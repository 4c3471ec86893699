"""Directory area (see shared/DESIGN.md)."""

from flask import Blueprint

bp = Blueprint("directory", __name__)

from app.directory import views  # noqa: E402,F401
