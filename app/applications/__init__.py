"""Provider organizations and their applications."""

from flask import Blueprint

bp = Blueprint("applications", __name__)

from app.applications import views  # noqa: E402,F401
