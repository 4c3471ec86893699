"""Coordinator pages: the applications list, one application's review (assignments, flagged
conflicts, aggregated scores, recommendation, decisions), assignment, and the decision."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import contains_eager

from app.boundary import refuse
from app.clock import now, today
from app.core.calendar import working_calendar
from app.core.lifecycle import allowed_events
from app.extensions import db
from app.models import Application, Cycle, Decision, Organization
from app.pagination import paginate
from app.refusals import Refused
from app.renewals.queries import provider_record
from app.reviews import bp
from app.reviews.forms import ApplicationFilterForm, AssignForm, StartReviewForm
from app.reviews.forms.dynamic import decision_form_class, decision_terms
from app.reviews.operations import (
    ASSIGNABLE_STATES,
    assign_reviewers,
    assignments_of,
    declared_conflicts,
    eligible_reviewers,
    policy_of,
    start_review,
)
from app.reviews.operations.conditions import conditions_of
from app.reviews.operations.decisions import decide_application, decision_outcomes
from app.reviews.operations.scoring import aggregate, interview_notes
from app.reviews.permissions import can_manage_reviews
from workflows.engine import InvalidTransition
from workflows.states import ApplicationState

PER_PAGE = 50


def _visible():
    """Applications the state may see: nothing of a draft is visible (DESIGN.md section 4)."""
    return (
        db.select(Application)
        .join(Organization)
        .join(Cycle)
        .where(Application.state != ApplicationState.DRAFT.value)
    )


def _load(application_id):
    """The application, or 404; a draft is not there for the state (DESIGN.md section 4)."""
    record = db.get_or_404(Application, application_id)
    if record.state == ApplicationState.DRAFT.value:
        abort(404)
    return record


def _filtered(form):
    query = _visible()
    if form.state.data:
        query = query.where(Application.state == form.state.data)
    if form.cycle.data and form.cycle.data.isdigit():
        query = query.where(Application.cycle_id == int(form.cycle.data))
    if (form.q.data or "").strip():
        query = query.where(Organization.name.ilike(f"%{form.q.data.strip()[:200]}%"))
    return query


@bp.route("/applications")
def applications():
    """Every application, filtered by state, cycle and organization name, with counts."""
    if not can_manage_reviews(current_user):
        abort(403)
    cycles = db.session.scalars(db.select(Cycle).order_by(Cycle.opens_on.desc())).all()
    form = ApplicationFilterForm(request.args, cycles=cycles)
    valid = form.validate()
    query = _filtered(form) if valid else _visible()
    page = paginate(
        query.order_by(Organization.name, Application.id).options(
            contains_eager(Application.organization), contains_eager(Application.cycle)
        ),
        per_page=PER_PAGE,
    )
    counts = dict(
        db.session.execute(
            query.with_only_columns(Application.state, db.func.count())
            .group_by(Application.state)
            .order_by(None)
        ).all()
    )
    return render_template("reviews/applications.html", form=form, page=page, counts=counts)


def _context(application, **extra):
    summary = aggregate(application)
    decisions = db.session.scalars(
        db.select(Decision).where(Decision.application_id == application.id).order_by(Decision.id)
    ).all()
    policy = policy_of(application)
    record = (
        provider_record(application, policy, today=today(policy)) if application.renews_id else None
    )
    return dict(
        application=application,
        summary=summary,
        policy=policy,
        record=record,
        assignments=assignments_of(application),
        conflicts=declared_conflicts(application),
        decisions=decisions,
        conditions=conditions_of(application),
        notes=interview_notes(application),
        start_form=StartReviewForm(),
        # What the page offers: only the moves the table allows the coordinator now.
        may_assign=application.state in ASSIGNABLE_STATES,
        may_start="start_review" in allowed_events(application, "coordinator"),
        may_decide=bool(decision_outcomes(application)),
        **extra,
    )


@bp.route("/applications/<int:application_id>")
def application(application_id):
    """The coordinator's review page of one application."""
    record = _load(application_id)
    if not can_manage_reviews(current_user):
        abort(403)
    return render_template("reviews/application.html", **_context(record))


@bp.route("/applications/<int:application_id>/assign", methods=["GET", "POST"])
def assign(application_id):
    """Assign reviewers to the current read; a reviewer who declared a conflict never can be."""
    record = _load(application_id)
    if not can_manage_reviews(current_user):
        abort(403)
    form = AssignForm()
    reviewers = eligible_reviewers()
    form.reviewers.choices = [(r.id, r.name) for r in reviewers]
    status = 200
    if form.validate_on_submit():
        try:
            created = assign_reviewers(record, form.reviewers.data, actor=current_user)
        except Refused as refusal:
            status = refuse(refusal, form)  # nobody of the batch is assigned
        else:
            flash(f"{len(created)} reviewer(s) assigned.", "success")
            return redirect(url_for("reviews.application", application_id=record.id))
    return render_template(
        "reviews/assign.html",
        application=record,
        form=form,
        reviewers=reviewers,
        assigned={a.reviewer_id: a for a in assignments_of(record)},
        policy=policy_of(record),
    ), status


@bp.route("/applications/<int:application_id>/start", methods=["POST"])
def start(application_id):
    """Start the review (submitted -> under review) once enough reviewers are assigned."""
    record = _load(application_id)
    if not can_manage_reviews(current_user):
        abort(403)
    if not StartReviewForm().validate_on_submit():
        abort(400)
    try:
        start_review(record, actor=current_user)
    except (Refused, InvalidTransition) as refusal:
        status = refuse(refusal)
        return render_template("reviews/application.html", **_context(record)), status
    flash("The review has started.", "success")
    return redirect(url_for("reviews.application", application_id=record.id))


@bp.route("/applications/<int:application_id>/decide", methods=["GET", "POST"])
def decide(application_id):
    """The decision on the current read, beside the aggregated scores and recommendation."""
    record = _load(application_id)
    if not can_manage_reviews(current_user):
        abort(403)
    policy = policy_of(record)
    outcomes = decision_outcomes(record)
    form, status = decision_form_class(policy, outcomes)(), 200
    if form.validate_on_submit():
        day = today(policy)
        terms = decision_terms(form, policy, day)
        status = 422
        try:
            if terms is not None:
                decide_application(
                    record,
                    terms,
                    actor=current_user,
                    today=day,
                    now=now(),
                    calendar=working_calendar(policy),
                )
                flash(f"Decision recorded: {terms.outcome.replace('_', ' ')}.", "success")
                return redirect(url_for("reviews.application", application_id=record.id))
        except (Refused, InvalidTransition) as refusal:
            status = refuse(refusal, form)
    elif request.method == "POST":
        status = 422
    return render_template(
        "reviews/decide.html", form=form, outcomes=outcomes, **_context(record)
    ), status
