"""Submitted versions and what changed between two of them."""

from flask import abort, render_template, request
from flask_login import current_user, login_required

from app.applications import bp
from app.applications.operations.versions import changes as changed_fields
from app.applications.operations.versions import rows
from app.applications.permissions import can_view_versions
from app.core.loading import load_for
from app.core.policy import policy_of
from app.models import Application


def _version(record, number):
    """Version `number` of `record`, or 404."""
    found = next((v for v in record.versions if v.number == number), None)
    if found is None:
        abort(404)
    return found


@bp.route("/applications/<int:application_id>/versions")
@login_required
def versions(application_id):
    """Every submitted version, with links to each and to what changed."""
    record = load_for(current_user, Application, application_id, can_view_versions)
    return render_template(
        "applications/versions.html", application=record, policy=policy_of(record)
    )


@bp.route("/applications/<int:application_id>/versions/<int:number>")
@login_required
def version(application_id, number):
    """One submitted version as it was received."""
    record = load_for(current_user, Application, application_id, can_view_versions)
    frozen = _version(record, number)
    return render_template(
        "applications/version.html",
        application=record,
        version=frozen,
        rows=rows(frozen.snapshot, policy_of(record)),
    )


@bp.route("/applications/<int:application_id>/changes")
@login_required
def changes(application_id):
    """Field by field, what changed from one version to another (default: first to latest)."""
    record = load_for(current_user, Application, application_id, can_view_versions)
    if len(record.versions) < 2:
        return render_template(
            "applications/changes.html", application=record, old=None, new=None, changed=[]
        )
    old = _version(record, request.args.get("from", 1, type=int))
    new = _version(record, request.args.get("to", record.versions[-1].number, type=int))
    return render_template(
        "applications/changes.html",
        application=record,
        old=old,
        new=new,
        changed=changed_fields(old.snapshot, new.snapshot, policy_of(record)),
    )
