"""Attachments: list and upload, download, delete while the application is editable."""

from io import BytesIO

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from app.applications import bp
from app.applications.forms.sections import ATTACHMENT_KINDS, section_for
from app.applications.operations.documents import (
    MAX_BYTES,
    add_document,
    delete_document,
    size_text,
)
from app.applications.permissions import can_edit_application, can_view_application
from app.applications.queries.pages import page_context
from app.boundary import refuse, undo
from app.core.loading import load_for
from app.core.uploads import uploaded_file
from app.extensions import db
from app.models import Application, Document
from app.refusals import Refused


def _max_bytes():
    """The attachment size cap: ATTACHMENT_MAX_BYTES if configured, else 10 MB."""
    return current_app.config.get("ATTACHMENT_MAX_BYTES", MAX_BYTES)


def _document(record, document_id):
    document = db.get_or_404(Document, document_id)
    if document.application_id != record.id or document.kind not in dict(ATTACHMENT_KINDS):
        abort(404)
    return document


@bp.route("/applications/<int:application_id>/attachments", methods=["GET", "POST"])
@login_required
def attachments(application_id):
    """The attached files; the provider uploads more while the application is editable."""
    record = load_for(current_user, Application, application_id, can_view_application)
    error, status = None, 200
    if request.method == "POST":
        if not can_edit_application(current_user, record):
            abort(403)
        cap = _max_bytes()
        try:
            add_document(
                record,
                request.form.get("kind", ""),
                *uploaded_file(request.files.get("file"), cap),
                actor=current_user,
                max_bytes=cap,
            )
        except Refused as refusal:
            status = undo(refusal).status_code
            error = refusal.message
        else:
            flash("The file is attached.", "success")
            return redirect(url_for("applications.attachments", application_id=record.id))
    context = page_context(record, current_user)
    return render_template(
        "applications/attachments.html",
        upload_error=error,
        kinds=ATTACHMENT_KINDS,
        max_size=size_text(_max_bytes()),
        section=section_for(context["policy"], "attachments"),
        chosen_kind=request.form.get("kind", ""),
        **context,
    ), status


@bp.route("/applications/<int:application_id>/attachments/<int:document_id>")
@login_required
def download_document(application_id, document_id):
    """Download one attached file."""
    record = load_for(current_user, Application, application_id, can_view_application)
    document = _document(record, document_id)
    return send_file(
        BytesIO(document.content),
        mimetype=document.content_type,
        as_attachment=True,
        download_name=document.filename,
    )


@bp.route(
    "/applications/<int:application_id>/attachments/<int:document_id>/delete", methods=["POST"]
)
@login_required
def delete_attachment(application_id, document_id):
    """Remove an attachment added since the last submission."""
    record = load_for(current_user, Application, application_id, can_edit_application)
    document = _document(record, document_id)
    try:
        delete_document(record, document, actor=current_user)
    except Refused as refusal:
        refuse(refusal)  # flashed on the attachments page
    else:
        flash(f"{document.filename} is removed.", "success")
    return redirect(url_for("applications.attachments", application_id=record.id))
