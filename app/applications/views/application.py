"""Application pages: the overview, one page per section, submit and withdraw."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import clock
from app.applications import bp
from app.applications.forms import ConfirmForm
from app.applications.forms.sections import attachments_of, section_for
from app.applications.forms.values import display
from app.applications.operations import save_section
from app.applications.operations.submission import submit_application, withdraw_application
from app.applications.permissions import (
    can_edit_application,
    can_view_application,
    can_withdraw_application,
)
from app.applications.queries.checklist import application_problems, problem_lines
from app.applications.queries.pages import page_context
from app.audit import history
from app.boundary import refuse, undo
from app.core.loading import load_for
from app.core.policy import policy_of
from app.models import Application
from app.refusals import Refused


@bp.route("/applications/<int:application_id>")
@login_required
def application(application_id):
    """One application: state, deadlines, feedback, checklist, everything submitted, history."""
    record = load_for(current_user, Application, application_id, can_view_application)
    return render_template(
        "applications/application.html",
        history=history(record),
        **page_context(record, current_user),
    )


@bp.route("/applications/<int:application_id>/sections/<section_key>", methods=["GET", "POST"])
@login_required
def section(application_id, section_key):
    """One section of the form: editable for the provider while a draft, read-only otherwise."""
    record = load_for(current_user, Application, application_id, can_view_application)
    part = section_for(policy_of(record), section_key)
    if part is None or part.key == "attachments":
        abort(404)
    errors, status = {}, 200
    # the problems of what is missing show once the provider asks to check (issue 11)
    checking = request.form.get("action") == "check" or request.args.get("check") == "1"
    if request.method == "POST":
        if not can_edit_application(current_user, record):
            abort(403)
        try:
            errors = save_section(record, part.key, request.form, actor=current_user)
        except Refused as refusal:
            status = refuse(refusal)
        else:
            if not errors:
                flash(f"{part.title}: saved.", "success")
                return redirect(
                    url_for(
                        "applications.section",
                        application_id=record.id,
                        section_key=part.key,
                        check=1 if checking else None,
                    )
                )
    return render_template(
        "applications/section.html",
        section=part,
        input_errors=errors,
        checking=checking,
        **page_context(record, current_user),
    ), status


@bp.route("/applications/<int:application_id>/submit", methods=["GET", "POST"])
@login_required
def submit(application_id):
    """Check the application and submit it (or resubmit it after revisions)."""
    record = load_for(current_user, Application, application_id, can_view_application)
    refusal, status = None, 200
    if request.method == "POST":
        if not can_edit_application(current_user, record):
            abort(403)
        try:
            version = submit_application(
                record, actor=current_user, now=clock.now(), today=clock.today(policy_of(record))
            )
        except Refused as error:
            refusal = undo(error)
            status = refusal.status_code
        else:
            flash(
                f"Your application is {'re' if version.number > 1 else ''}submitted; a "
                "receipt letter is in your letters.",
                "success",
            )
            return redirect(url_for("applications.application", application_id=record.id))
    problems = problem_lines(record, application_problems(record))
    return render_template(
        "applications/submit.html",
        refusal=refusal,
        problem_list=problems,
        **page_context(record, current_user),
    ), status


@bp.route("/applications/<int:application_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(application_id):
    """Ask for confirmation, then withdraw the application."""
    record = load_for(current_user, Application, application_id, can_withdraw_application)
    form, status = ConfirmForm(), 200
    if form.validate_on_submit():
        try:
            withdraw_application(record, actor=current_user, reason=form.reason.data)
        except Refused as refusal:
            status = refuse(refusal)
        else:
            flash("The application is withdrawn.", "success")
            return redirect(url_for("applications.application", application_id=record.id))
    return render_template(
        "applications/withdraw.html", form=form, **page_context(record, current_user)
    ), status


bp.app_template_global("answer")(display)
bp.app_template_global("attachments_of")(attachments_of)
