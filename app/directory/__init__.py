"""The public directory of approved providers (signed out), its exports, the district lists for
parent letters, the slots calculator, and the read-only JSON API (`api_blp`)."""

from flask import Blueprint

bp = Blueprint("directory", __name__)

from app.directory import views  # noqa: E402,F401
from app.directory.api import api_blp  # noqa: E402,F401
