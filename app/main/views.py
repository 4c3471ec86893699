"""Landing page (public) and home page (signed in)."""

from flask import render_template
from flask_login import current_user, login_required

from app.main import bp
from app.main.queries import panels_for


@bp.route("/")
def index():
    """What the product is, for anyone; the way in for staff."""
    return render_template("main/index.html")


@bp.route("/home")
@login_required
def home():
    """One panel per role the user holds."""
    return render_template("main/home.html", panels=panels_for(current_user))
