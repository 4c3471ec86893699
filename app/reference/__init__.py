"""State reference data (coordinator): districts, schools, contacts and each program year's
improvement status, kept by hand or imported; and the import of a state's existing list of
approved providers when it starts using the product (issue 10)."""

from flask import Blueprint

bp = Blueprint("reference", __name__)

from app.reference import views  # noqa: E402,F401
