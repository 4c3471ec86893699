"""Organization profile and application record pages."""

from flask import abort, render_template
from flask_login import current_user, login_required

from app.applications import bp
from app.audit import history
from app.extensions import db
from app.models import Application, Organization
from app.permissions import can_view_application, can_view_organization


@bp.route("/organizations/<int:org_id>")
@login_required
def organization(org_id):
    """An organization's profile and its applications."""
    org = db.get_or_404(Organization, org_id)
    if not can_view_organization(current_user, org):
        abort(403)
    return render_template("applications/organization.html", org=org)


@bp.route("/applications/<int:application_id>")
@login_required
def application(application_id):
    """One application: its state, dates, service area and history."""
    record = db.get_or_404(Application, application_id)
    if not can_view_application(current_user, record):
        abort(403)
    return render_template("applications/application.html", application=record,
                           history=history(record))
