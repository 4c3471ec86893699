"""The violations register: list, cite, investigate, confirm or dismiss (coordinator); provider
users read their own organization's violations and notices."""

from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from app.audit import history
from app.boundary import act, refuse
from app.clock import today
from app.core.loading import load_for
from app.core.policy import policy_of
from app.core.uploads import uploaded_files
from app.extensions import db
from app.models import Application, Document, MonitoringVisit, Violation
from app.monitoring import bp, queries
from app.monitoring.forms import (
    SOURCE_LABELS,
    ConfirmForm,
    DismissForm,
    EvidenceForm,
    InvestigationForm,
    ViolationForm,
    int_or_none,
)
from app.monitoring.operations import (
    add_evidence,
    approved_applications,
    cite_violation,
    confirm_violation,
    dismiss_violation,
    record_investigation,
)
from app.monitoring.permissions import (
    can_list_violations,
    can_manage_violations,
    can_view_violation,
)
from app.refusals import Refused
from workflows.policy import load_policy


@bp.before_request
@login_required
def _signed_in():
    """Every monitoring page needs a signed-in user; each view checks its own permission."""


def _policies(applications):
    """The policy packs of `applications` (the default pack when there are none)."""
    codes = sorted({a.cycle.policy_code for a in applications})
    return [load_policy(code) for code in codes] or [policy_of(None)]


@bp.route("/violations")
def violations():
    """The violations register (coordinator), or the provider's own violations."""
    if not can_list_violations(current_user):
        abort(403)
    filters = queries.violation_filters(request.args)
    if not can_manage_violations(current_user):
        filters["organization_id"] = current_user.organization_id
    return render_template(
        "monitoring/violations.html",
        rows=queries.list_violations(**filters),
        filters=filters,
        organizations=queries.cited_organizations() if can_manage_violations(current_user) else [],
        kinds=_policies(approved_applications())[0].violation_kinds,
        status_choices=queries.VIOLATION_FILTER_STATES,
    )


def _from_visit(visit_id):
    """Defaults for a citation started from a monitoring visit's page (`?visit_id=`)."""
    visit_id = int_or_none(visit_id)
    visit = db.session.get(MonitoringVisit, visit_id) if visit_id else None
    if visit is None:
        return None
    return {
        "application_id": visit.application_id,
        "source": "monitoring_visit",
        "visit_id": visit.id,
        "cited_on": visit.visit_on,
    }


@bp.route("/violations/new", methods=["GET", "POST"])
def new_violation():
    """Cite a violation against an approved provider, with evidence; the notice goes out."""
    if not can_manage_violations(current_user):
        abort(403)
    applications = approved_applications()
    form = ViolationForm(
        applications=applications,
        policies=_policies(applications),
        data=_from_visit(request.args.get("visit_id")),
    )
    status = 200
    if form.validate_on_submit():
        application = db.session.get_one(Application, form.application_id.data)  # validated
        visit = db.session.get(MonitoringVisit, form.visit_id.data) if form.visit_id.data else None
        try:
            violation = cite_violation(
                application.organization,
                kind=form.kind.data,
                source=form.source.data,
                cited_on=form.cited_on.data,
                description=form.description.data,
                actor=current_user,
                today=today(policy_of(application)),
                application=application,
                visit=visit,
            )
            add_evidence(violation, uploaded_files(form.evidence), actor=current_user)
        except Refused as error:
            status = refuse(error, form)
        else:
            flash("Violation cited; the notice of violation was issued to the provider.", "success")
            return redirect(url_for("monitoring.violation", violation_id=violation.id))
    return render_template("monitoring/violation_form.html", form=form), status


def _violation_page(violation, status=200, **forms):
    """The violation's page, with the coordinator's forms (bound ones passed in)."""
    manage = can_manage_violations(current_user)
    if manage:
        forms.setdefault("investigation_form", InvestigationForm(formdata=None))
        forms.setdefault("confirm_form", ConfirmForm(formdata=None))
        forms.setdefault("dismiss_form", DismissForm(formdata=None))
        forms.setdefault("evidence_form", EvidenceForm(formdata=None))
    policy = policy_of(violation.application)
    return render_template(
        "monitoring/violation.html",
        violation=violation,
        manage=manage,
        kind=policy.violation_kinds.get(violation.kind),
        source_labels=SOURCE_LABELS,
        letters=queries.letters_about(violation),
        cases=queries.removal_cases_of(violation),
        history=history(violation) if manage else [],
        **forms,
    ), status


@bp.route("/violations/<int:violation_id>")
def violation(violation_id):
    """One violation: kind, source, status, investigation, decision, notices, removal case."""
    record = load_for(current_user, Violation, violation_id, can_view_violation)
    return _violation_page(record)


def _violation_action(violation_id, form_class, form_name, operation):
    """Load, authorize and validate a coordinator's action on a violation, then run it."""
    record = load_for(
        current_user, Violation, violation_id, lambda user, _: can_manage_violations(user)
    )
    form = form_class()
    return act(
        form,
        lambda: operation(record, form),
        render=lambda status, _: _violation_page(record, status, **{form_name: form}),
        done=url_for("monitoring.violation", violation_id=record.id),
    )


@bp.route("/violations/<int:violation_id>/investigation", methods=["POST"])
def investigate_violation(violation_id):
    """Record investigation notes; the violation is under investigation."""

    def run(record, form):
        record_investigation(
            record, form.notes.data, actor=current_user, today=today(policy_of(record.application))
        )
        return "Investigation notes recorded."

    return _violation_action(violation_id, InvestigationForm, "investigation_form", run)


@bp.route("/violations/<int:violation_id>/confirm", methods=["POST"])
def confirm_violation_view(violation_id):
    """Confirm the violation: the rules decide whether it is noted or opens a removal case."""

    def run(record, form):
        case = confirm_violation(
            record,
            form.findings.data,
            actor=current_user,
            today=today(policy_of(record.application)),
        )
        if case is not None:
            return f"Violation confirmed; removal case #{case.id} is open and the provider told."
        return "Violation confirmed and noted; the provider was told."

    return _violation_action(violation_id, ConfirmForm, "confirm_form", run)


@bp.route("/violations/<int:violation_id>/dismiss", methods=["POST"])
def dismiss_violation_view(violation_id):
    """Dismiss the violation with a reason; the provider is told."""

    def run(record, form):
        dismiss_violation(
            record, form.reason.data, actor=current_user, today=today(policy_of(record.application))
        )
        return "Violation dismissed; the provider was told."

    return _violation_action(violation_id, DismissForm, "dismiss_form", run)


@bp.route("/violations/<int:violation_id>/evidence", methods=["POST"])
def add_violation_evidence(violation_id):
    """Attach more evidence files to the violation."""

    def run(record, form):
        files = uploaded_files(form.evidence)
        if not files:
            raise Refused("Choose at least one file.", field="evidence")
        add_evidence(record, files, actor=current_user)
        return f"{len(files)} evidence file(s) added."

    return _violation_action(violation_id, EvidenceForm, "evidence_form", run)


@bp.route("/violations/<int:violation_id>/evidence/<int:document_id>")
def violation_evidence(violation_id, document_id):
    """Download one evidence file (coordinator only: evidence may name students or parents)."""
    record = db.get_or_404(Violation, violation_id)
    document = db.get_or_404(Document, document_id)
    if document.violation_id != record.id:
        abort(404)
    if not can_manage_violations(current_user):
        abort(403)
    return send_file(
        BytesIO(document.content),
        mimetype="application/octet-stream",
        as_attachment=True,
        download_name=document.filename,
    )
