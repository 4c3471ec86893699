"""District complaints: district users file and follow their own district's; the coordinator
investigates, dismisses, or turns a complaint into a violation."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.audit import history
from app.boundary import act, refuse
from app.clock import today
from app.core.loading import load_for
from app.core.permissions import is_coordinator
from app.core.policy import policy_of
from app.extensions import db
from app.models import Complaint, Organization
from app.monitoring import bp, queries
from app.monitoring.forms import (
    ComplaintForm,
    ComplaintViolationForm,
    DismissForm,
    InvestigationForm,
)
from app.monitoring.operations.complaints import (
    KIND_LABELS,
    cite_from_complaint,
    dismiss_complaint,
    file_complaint,
    providers_serving,
    record_complaint_investigation,
    serving_application,
)
from app.monitoring.permissions import (
    can_file_complaint,
    can_list_complaints,
    can_resolve_complaint,
    can_view_complaint,
)
from app.refusals import Refused


@bp.route("/complaints")
def complaints():
    """Every complaint (coordinator), or the district user's own district's."""
    if not can_list_complaints(current_user):
        abort(403)
    district_id = None if is_coordinator(current_user) else current_user.district_id
    rows = queries.list_complaints(district_id=district_id, status=request.args.get("status"))
    return render_template(
        "monitoring/complaints.html",
        rows=rows,
        kind_labels=KIND_LABELS,
        can_file=can_file_complaint(current_user),
    )


@bp.route("/complaints/new", methods=["GET", "POST"])
def new_complaint():
    """File a complaint or a withdrawal report about a provider serving the district."""
    if not can_file_complaint(current_user):
        abort(403)
    district = current_user.district
    form = ComplaintForm(providers=providers_serving(district))
    status = 200
    if form.validate_on_submit():
        try:
            complaint = file_complaint(
                district,
                organization=db.session.get(Organization, form.organization_id.data),
                kind=form.kind.data,
                on_behalf_of_parent=form.on_behalf_of_parent.data,
                description=form.description.data,
                actor=current_user,
                today=today(policy_of(None)),
            )
        except Refused as error:
            status = refuse(error, form)
        else:
            flash("Complaint filed; the SES coordinator will investigate.", "success")
            return redirect(url_for("monitoring.complaint", complaint_id=complaint.id))
    return render_template("monitoring/complaint_form.html", form=form, district=district), status


def _policy(complaint):
    """The pack of the approval under which the provider serves the complaining district."""
    return policy_of(serving_application(complaint.organization, complaint.district))


def _complaint_page(complaint, status=200, **forms):
    """The complaint's page, with the coordinator's forms (bound ones passed in)."""
    manage = can_resolve_complaint(current_user, complaint)
    if manage:
        policy = _policy(complaint)
        forms.setdefault("investigation_form", InvestigationForm(formdata=None))
        forms.setdefault("dismiss_form", DismissForm(formdata=None))
        forms.setdefault(
            "violation_form",
            ComplaintViolationForm(
                formdata=None,
                policies=[policy],
                data={
                    "kind": "district_withdrawal"
                    if complaint.kind == "withdrawal"
                    else "substantiated_complaint"
                },
            ),
        )
    return render_template(
        "monitoring/complaint.html",
        complaint=complaint,
        manage=manage,
        kind_labels=KIND_LABELS,
        letters=queries.complaint_letters(complaint),
        history=history(complaint) if manage else [],
        **forms,
    ), status


@bp.route("/complaints/<int:complaint_id>")
def complaint(complaint_id):
    """One complaint: what was filed, the investigation and the outcome."""
    record = load_for(current_user, Complaint, complaint_id, can_view_complaint)
    return _complaint_page(record)


def record_of(complaint_id):
    """The complaint `complaint_id` or 404."""
    return db.get_or_404(Complaint, complaint_id)


def _complaint_action(complaint_id, form_factory, form_name, operation):
    """Load, authorize and validate a coordinator's action on a complaint, then run it."""
    record = load_for(current_user, Complaint, complaint_id, can_resolve_complaint)
    form = form_factory()
    return act(
        form,
        lambda: operation(record, form),
        render=lambda status, _: _complaint_page(record, status, **{form_name: form}),
        done=url_for("monitoring.complaint", complaint_id=record.id),
    )


@bp.route("/complaints/<int:complaint_id>/investigation", methods=["POST"])
def investigate_complaint(complaint_id):
    """Record investigation notes on an open complaint."""

    def run(record, form):
        record_complaint_investigation(
            record, form.notes.data, actor=current_user, today=today(_policy(record))
        )
        return "Investigation notes recorded."

    return _complaint_action(complaint_id, InvestigationForm, "investigation_form", run)


@bp.route("/complaints/<int:complaint_id>/dismiss", methods=["POST"])
def dismiss_complaint_view(complaint_id):
    """Dismiss the complaint with a reason; the district receives the outcome letter."""

    def run(record, form):
        dismiss_complaint(
            record, form.reason.data, actor=current_user, today=today(_policy(record))
        )
        return "Complaint dismissed; the district was told."

    return _complaint_action(complaint_id, DismissForm, "dismiss_form", run)


@bp.route("/complaints/<int:complaint_id>/violation", methods=["POST"])
def complaint_violation(complaint_id):
    """Turn the complaint into a violation cited against the provider."""

    def run(record, form):
        violation = cite_from_complaint(
            record,
            kind=form.kind.data,
            description=form.description.data,
            actor=current_user,
            today=today(_policy(record)),
        )
        return (
            f"Violation #{violation.id} cited from the complaint; the provider received the "
            "notice of violation and the district the outcome."
        )

    def form():
        return ComplaintViolationForm(policies=[_policy(record_of(complaint_id))])

    return _complaint_action(complaint_id, form, "violation_form", run)
