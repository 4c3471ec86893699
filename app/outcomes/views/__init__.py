"""Outcome data pages: districts' uploads (list, upload with its error report, one upload's
counts) and the API tokens of districts' own systems."""

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.clock import today
from app.core.loading import load_for
from app.core.permissions import is_coordinator
from app.core.policy import default_policy
from app.extensions import db
from app.models import ApiToken, District, OutcomeUpload, OutcomeUploadJob
from app.outcomes import bp
from app.outcomes.forms import ApiTokenForm, ConfirmForm, NoStudentsForm, OutcomeUploadForm
from app.outcomes.operations import import_outcome_csv, report_no_students
from app.outcomes.operations.jobs import queue_upload, run_in_background, stream_size
from app.outcomes.operations.tokens import issue_token, revoke_token, tokens_for
from app.outcomes.operations.validation import COLUMNS
from app.outcomes.permissions import (
    can_list_outcome_uploads,
    can_manage_api_tokens,
    can_upload_outcomes,
    can_view_outcome_upload,
    can_view_upload_job,
)
from app.outcomes.queries import recent_jobs, upload_counts, visible_uploads


@bp.before_request
@login_required
def _signed_in():
    """Every outcomes page needs a signed-in user; each view checks its own permission."""


def _districts():
    """The districts the user acts for: all (coordinator) or the user's own."""
    if is_coordinator(current_user):
        return db.session.scalars(db.select(District).order_by(District.name)).all()
    return [current_user.district]


def _chosen_district(form):
    """The district a form is about; 403 unless the user may act for it."""
    district = (
        db.get_or_404(District, form.district_id.data)
        if "district_id" in form
        else current_user.district
    )
    if not can_upload_outcomes(current_user, district):
        abort(403)
    return district


@bp.route("/uploads", methods=["GET", "POST"])
def uploads():
    """The user's districts' uploads, and a new upload (its error report shown at once)."""
    if not can_list_outcome_uploads(current_user):
        abort(403)
    form = OutcomeUploadForm(**_form_choices())
    report = None
    if form.validate_on_submit():
        stream, name = form.file.data.stream, form.file.data.filename
        arguments = dict(filename=name, source="web", actor=current_user)
        if run_in_background(stream_size(stream)):
            job = queue_upload(stream, _chosen_district(form), form.program_year.data, **arguments)
            return redirect(url_for("outcomes.upload_job", job_id=job.id))
        report = import_outcome_csv(
            _chosen_district(form), form.program_year.data, stream, **arguments
        )
        if report.ok:
            flash(f"{report.upload.row_count:,} rows imported.", "success")
            return redirect(url_for("outcomes.upload", upload_id=report.upload.id))
    return render_template(
        "outcomes/uploads.html",
        form=form,
        report=report,
        columns=COLUMNS,
        uploads=visible_uploads(current_user),
        jobs=recent_jobs(current_user),
        no_students_form=NoStudentsForm(prefix="none", **_form_choices()),
    )


def _form_choices():
    return {
        "districts": _districts(),
        "choose_district": is_coordinator(current_user),
        "current_year": default_policy().program_year_of(today()),
    }


@bp.route("/no-students", methods=["POST"])
def no_students():
    """A district's explicit report that it served no SES students in a program year."""
    if not can_list_outcome_uploads(current_user):
        abort(403)
    form = NoStudentsForm(prefix="none", **_form_choices())
    if not form.validate_on_submit():
        for messages in form.errors.values():
            flash(" ".join(messages), "error")
        return redirect(url_for("outcomes.uploads"))
    upload, _ = report_no_students(
        _chosen_district(form), form.program_year.data, source="web", actor=current_user
    )
    flash("Recorded: no SES students this program year.", "success")
    return redirect(url_for("outcomes.upload", upload_id=upload.id))


@bp.route("/jobs/<int:job_id>")
def upload_job(job_id):
    """A background upload: its progress while it runs, then the rows imported or the errors."""
    job = load_for(current_user, OutcomeUploadJob, job_id, can_view_upload_job)
    return render_template("outcomes/job.html", job=job)


@bp.route("/uploads/<int:upload_id>")
def upload(upload_id):
    """One upload: students counted by provider, subject, status and completion."""
    row = load_for(current_user, OutcomeUpload, upload_id, can_view_outcome_upload)
    return render_template("outcomes/upload.html", upload=row, counts=upload_counts(row))


@bp.route("/tokens", methods=["GET", "POST"])
def tokens():
    """District systems' upload tokens; a new token is shown once, on this response only."""
    if not can_list_outcome_uploads(current_user):
        abort(403)
    form = ApiTokenForm(districts=_districts(), choose_district=is_coordinator(current_user))
    issued = None
    if form.validate_on_submit():
        row, issued = issue_token(_chosen_district(form), form.label.data, actor=current_user)
    ids = None if is_coordinator(current_user) else [current_user.district_id]
    response = make_response(
        render_template(
            "outcomes/tokens.html",
            form=form,
            issued=issued,
            tokens=tokens_for(ids),
            revoke_form=ConfirmForm(),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
def revoke(token_id):
    """Revoke a token: the district system's next upload is refused."""
    row = db.get_or_404(ApiToken, token_id)
    if not can_manage_api_tokens(current_user, row.district):
        abort(403)
    if ConfirmForm().validate_on_submit() and revoke_token(row, actor=current_user):
        flash(f'Token "{row.label}" revoked.', "success")
    return redirect(url_for("outcomes.tokens"))
