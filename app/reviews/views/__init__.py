"""Reviewer pages: the queue, the conflict declaration, the score sheet, interview notes."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.boundary import keep_changes, refuse
from app.clock import now, today
from app.core.loading import load_for
from app.core.policy import policy_of
from app.extensions import db
from app.models import Application, ReviewerAssignment
from app.refusals import Refused
from app.reviews import bp
from app.reviews.forms import ConflictForm, InterviewForm, QueueFilterForm
from app.reviews.forms.dynamic import answer_name, sheet_form, sheet_input
from app.reviews.operations import declare_conflict
from app.reviews.operations.scoring import (
    add_interview_note,
    interview_notes,
    rubric_of,
    save_sheet,
    submit_sheet,
)
from app.reviews.permissions import can_record_interview, can_review, can_score, owns_assignment
from app.reviews.queries import (
    QUEUE_STATUSES,
    criterion_parts,
    next_to_score,
    other_sections,
    queue_rows,
    running_total,
)
from rubrics import RubricError


@bp.before_request
@login_required
def _signed_in():
    """Every review page needs a signed-in user; each view checks its own permission."""


def conflict_refusal(assignment):
    """The 403 page a reviewer sees for an application they declared a conflict with."""
    text = (
        f"You declared a conflict of interest with the application of "
        f"{assignment.application.organization.name}; it is no longer assigned to you "
        "and cannot be opened."
    )
    return render_template(
        "errors/error.html", code=403, title="Conflict of interest declared", text=text
    ), 403


@bp.route("/")
def queue():
    """The reviewer's assigned applications with their due dates and what is still to do on
    each, filtered by status and sorted (earliest due first)."""
    if not can_review(current_user):
        abort(403)
    form = QueueFilterForm(request.args)
    status, sort = (form.status.data, form.sort.data) if form.validate() else ("", "due")
    rows = queue_rows(_assignments_of(current_user), status=status, sort=sort)
    return render_template(
        "reviews/queue.html", rows=rows, form=form, today=today(), statuses=QUEUE_STATUSES
    )


def _assignments_of(reviewer):
    return db.session.scalars(
        db.select(ReviewerAssignment)
        .where(ReviewerAssignment.reviewer_id == reviewer.id)
        .order_by(ReviewerAssignment.assigned_at.desc(), ReviewerAssignment.id.desc())
    ).all()


@bp.route("/assignments/<int:assignment_id>/declaration", methods=["GET", "POST"])
def declaration(assignment_id):
    """The conflict-of-interest declaration, required before the application opens."""
    assignment = load_for(current_user, ReviewerAssignment, assignment_id, owns_assignment)
    if assignment.conflict_status == "conflict":
        return conflict_refusal(assignment)
    if assignment.conflict_status == "no_conflict" and request.method == "GET":
        return redirect(url_for("reviews.sheet", assignment_id=assignment.id))
    form = ConflictForm()
    if form.validate_on_submit():
        conflict = form.declaration.data == "conflict"
        try:
            declare_conflict(
                assignment, conflict=conflict, note=form.note.data, actor=current_user, now=now()
            )
        except Refused as refusal:
            status = refuse(refusal, form)
            if assignment.conflict_status == "no_conflict":  # the sheet shows the message
                return redirect(url_for("reviews.sheet", assignment_id=assignment.id))
            return render_template(
                "reviews/declaration.html", form=form, assignment=assignment
            ), status
        if conflict:
            flash(
                "Your conflict of interest is recorded and the coordinator told; the "
                "application is no longer assigned to you.",
                "success",
            )
            return redirect(url_for("reviews.queue"))
        return redirect(url_for("reviews.sheet", assignment_id=assignment.id))
    return render_template("reviews/declaration.html", form=form, assignment=assignment)


@bp.route("/assignments/<int:assignment_id>/sheet", methods=["GET", "POST"])
def sheet(assignment_id):
    """The score sheet: save a draft any time; submit once every criterion is answered."""
    assignment = load_for(current_user, ReviewerAssignment, assignment_id, owns_assignment)
    if assignment.conflict_status == "conflict":
        return conflict_refusal(assignment)
    if not can_score(current_user, assignment):
        return redirect(url_for("reviews.declaration", assignment_id=assignment.id))
    rubric = rubric_of(assignment.application)
    form = sheet_form(rubric, assignment.sheet)
    if form.validate_on_submit():
        return _save_or_submit(assignment, rubric, form)
    return _sheet_page(assignment, rubric, form)


def _save_or_submit(assignment, rubric, form):
    typed, comments = sheet_input(form, rubric)
    action = request.form.get("action")
    submitting = action in ("submit", "submit_next")
    try:
        if submitting:
            submit_sheet(assignment, typed, comments, actor=current_user, now=now())
        else:
            save_sheet(assignment, typed, comments, actor=current_user)
    except Refused as refusal:
        return _sheet_page(assignment, rubric, form, status=refuse(refusal))
    except RubricError as error:
        for key, message in error.problems:
            form[answer_name(rubric.criterion(key))].errors.append(message)
        keep_changes()  # the draft keeps what was typed
        return _sheet_page(assignment, rubric, form, status=422)
    flash("Score sheet submitted; it is now locked." if submitting else "Draft saved.", "success")
    if action == "submit_next":
        return _open_next(assignment)
    return redirect(url_for("reviews.sheet", assignment_id=assignment.id))


def _open_next(assignment):
    """After "submit and open the next": the next open assignment (its declaration first when
    still undeclared; the declaration page goes on to the sheet), else the queue."""
    following = next_to_score(_assignments_of(current_user), after=assignment)
    if following is None:
        flash("Nothing else is waiting in your queue.", "success")
        return redirect(url_for("reviews.queue"))
    return redirect(url_for("reviews.declaration", assignment_id=following.id))


def _sheet_page(assignment, rubric, form, status=200):
    application = assignment.application
    parts = criterion_parts(application, rubric)
    typed, _ = sheet_input(form, rubric)
    return render_template(
        "reviews/sheet.html",
        assignment=assignment,
        rubric=rubric,
        form=form,
        sheet=assignment.sheet,
        policy=policy_of(application),
        answer_name=answer_name,
        parts=parts,
        others=other_sections(application, parts),
        total=running_total(rubric, typed),
    ), status


@bp.route("/applications/<int:application_id>/interview", methods=["GET", "POST"])
def interview(application_id):
    """Notes of the phone interview, for packs that use one (SD, 004)."""
    application = load_for(current_user, Application, application_id, can_record_interview)
    if not policy_of(application).uses_interview:
        abort(404)
    form, status = InterviewForm(), 200
    if form.validate_on_submit():
        try:
            add_interview_note(
                application,
                form.held_on.data,
                form.notes.data,
                actor=current_user,
                today=today(policy_of(application)),
            )
        except Refused as refusal:
            status = refuse(refusal, form)
        else:
            flash("Interview notes saved.", "success")
            return redirect(url_for("reviews.interview", application_id=application.id))
    return render_template(
        "reviews/interview.html",
        application=application,
        form=form,
        notes=interview_notes(application),
    ), status
