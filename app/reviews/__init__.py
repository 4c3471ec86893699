"""Reviews area: the reviewer's queue, conflict declarations and score sheets; the
coordinator's cycles, reviewer assignment, aggregated scores, decisions and conditions; the
daily sweep's decision moves (sweep.py). See shared/DESIGN.md sections 4 and 5."""

from flask import Blueprint

bp = Blueprint("reviews", __name__)

from app.reviews import views  # noqa: E402,F401
from app.reviews.views import bulk, conditions, coordinator, cycles  # noqa: E402,F401
