"""Public reports (signed out): the effectiveness report of approved providers (001,
responsibilities of the Department), with small cells suppressed."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from app.reports import views  # noqa: E402,F401
