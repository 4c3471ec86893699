"""Conditions of a conditional approval: the list with the provider's evidence upload and the
coordinator's "met" entry, and the evidence files."""

import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user

from app.boundary import refuse
from app.clock import today
from app.core.loading import load_for
from app.core.policy import policy_of
from app.core.uploads import uploaded_file
from app.extensions import db
from app.models import Application, Condition, Document
from app.refusals import Refused
from app.reviews import bp
from app.reviews.forms import EvidenceForm, MeetConditionForm
from app.reviews.operations.conditions import conditions_of, meet_condition, upload_evidence
from app.reviews.permissions import (
    can_file_condition_evidence,
    can_manage_reviews,
    can_view_condition_evidence,
    can_view_conditions,
)


def _page(application, *, bound=None, status=200):
    """The conditions page; `bound` = (condition id, form) re-shows one form with its errors."""
    day = today(policy_of(application))
    forms = {}
    for condition in conditions_of(application):
        if bound and bound[0] == condition.id:
            forms[condition.id] = bound[1]
        elif can_manage_reviews(current_user):
            forms[condition.id] = MeetConditionForm(formdata=None, data={"met_on": day})
        else:
            forms[condition.id] = EvidenceForm(formdata=None)
    return render_template(
        "reviews/conditions.html",
        application=application,
        conditions=conditions_of(application),
        forms=forms,
        today=day,
        can_upload=can_file_condition_evidence(current_user, application),
        can_meet=can_manage_reviews(current_user),
    ), status


@bp.route("/applications/<int:application_id>/conditions")
def conditions(application_id):
    """The conditions of an application, their due dates, evidence and status."""
    application = load_for(current_user, Application, application_id, can_view_conditions)
    return _page(application)


@bp.route("/conditions/<int:condition_id>/evidence", methods=["POST"])
def add_evidence(condition_id):
    """The provider uploads a file as evidence for one condition."""
    condition = db.get_or_404(Condition, condition_id)
    application = condition.application
    if not can_file_condition_evidence(current_user, application):
        abort(403)
    form = EvidenceForm()
    if form.validate_on_submit():
        try:
            upload_evidence(condition, *uploaded_file(form.evidence.data), actor=current_user)
        except Refused as refusal:
            return _page(application, bound=(condition.id, form), status=refuse(refusal, form))
        flash("Evidence uploaded; the SES coordinator will review it.", "success")
        return redirect(url_for("reviews.conditions", application_id=application.id))
    return _page(application, bound=(condition.id, form), status=422)


@bp.route("/conditions/<int:condition_id>/met", methods=["POST"])
def mark_met(condition_id):
    """The coordinator records that a condition is met (e.g. the MA vendor code)."""
    condition = load_for(
        current_user, Condition, condition_id, lambda user, _: can_manage_reviews(user)
    )
    application = condition.application
    form = MeetConditionForm()
    if form.validate_on_submit():
        try:
            meet_condition(
                condition,
                entry=form.entry.data,
                met_on=form.met_on.data,
                actor=current_user,
                today=today(policy_of(application)),
            )
        except Refused as refusal:
            return _page(application, bound=(condition.id, form), status=refuse(refusal, form))
        flash("Condition marked met.", "success")
        return redirect(url_for("reviews.conditions", application_id=application.id))
    return _page(application, bound=(condition.id, form), status=422)


@bp.route("/evidence/<int:document_id>")
def evidence(document_id):
    """Download one evidence file."""
    document = db.get_or_404(Document, document_id)
    if document.kind != "condition_evidence":
        abort(404)
    if not can_view_condition_evidence(current_user, document):
        abort(403)
    response = send_file(
        io.BytesIO(document.content),
        mimetype=document.content_type,
        as_attachment=True,
        download_name=document.filename,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
