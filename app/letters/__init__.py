"""Letters and notices: issued from templates, kept forever, shown in the portal, e-mailed."""

from flask import Blueprint

bp = Blueprint("letters", __name__)

from app.letters import views  # noqa: E402,F401
