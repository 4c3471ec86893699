"""Removal case pages (coordinator; the provider sees its own): list, open by hand, the case with
its grounds and evidence, the review committee's recommendation and the department's decision."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from app.appeals import bp
from app.appeals.forms import CaseForm, DecisionForm, RecommendationForm
from app.appeals.operations.filing import appeal_window
from app.appeals.operations.removal import (
    GROUNDS_LABELS,
    GROUNDS_TEXT,
    case_grounds,
    decide_removal,
    open_case_by_hand,
    record_recommendation,
    removal_notice,
)
from app.appeals.permissions import can_manage_removals, can_view_removal_case
from app.audit import history
from app.boundary import refuse, undo
from app.clock import today
from app.core.loading import load_for
from app.core.policy import default_policy, policy_of
from app.extensions import db
from app.forms import db_int
from app.models import Application, Letter, Organization, RemovalCase
from app.pagination import paginate
from app.refusals import Refused
from workflows.engine import InvalidTransition
from workflows.lifecycles import REMOVAL_CASE
from workflows.states import ApplicationState, RemovalCaseState

# The list's filters (the query string's `status`): open cases, decided ones, or every case.
CASE_FILTERS = {
    "open": (RemovalCaseState.OPEN,),
    "closed": tuple(REMOVAL_CASE.decided),
    "all": tuple(RemovalCaseState),
}


def _visible_cases(user, status):
    query = (
        db.select(RemovalCase)
        .join(Application, RemovalCase.application_id == Application.id)
        .where(RemovalCase.status.in_(CASE_FILTERS[status]))
        .order_by(RemovalCase.opened_on.desc(), RemovalCase.id.desc())
    )
    if not can_manage_removals(user):
        query = query.where(Application.organization_id == user.organization_id)
    return paginate(
        query.options(
            selectinload(RemovalCase.application).selectinload(Application.organization),
            selectinload(RemovalCase.appeal),
        )
    )


@bp.route("/cases")
@login_required
def cases():
    """Removal cases, open or closed: all for the coordinator, its own for a provider."""
    if not (
        can_manage_removals(current_user)
        or (current_user.has_role("provider") and current_user.organization_id)
    ):
        abort(403)
    status = request.args.get("status", "open")
    if status not in CASE_FILTERS:
        status = "open"
    # the count of every filter, so an empty filter never reads as "no cases at all" while a
    # decided one exists (issue 11)
    counts = {key: _visible_cases(current_user, key).total for key in CASE_FILTERS}
    return render_template(
        "appeals/cases.html",
        page=_visible_cases(current_user, status),
        status=status,
        grounds_labels=GROUNDS_LABELS,
        counts=counts,
    )


def _approved_applications():
    return db.session.scalars(
        db.select(Application)
        .join(Organization, Application.organization_id == Organization.id)
        .where(Application.state == ApplicationState.APPROVED)
        .order_by(Organization.name)
    ).all()


@bp.route("/cases/new", methods=["GET", "POST"])
@login_required
def new_case():
    """Open a removal case by hand on an approved provider."""
    if not can_manage_removals(current_user):
        abort(403)
    policy = default_policy()
    form = CaseForm(
        applications=_approved_applications(),
        subjects=policy.subjects,
        application_id=request.args.get("application_id", type=db_int),
    )
    status = 200
    if form.validate_on_submit():
        application = db.session.get(Application, form.application_id.data)
        try:
            case = open_case_by_hand(
                application,
                grounds=form.grounds.data,
                summary=form.summary.data,
                actor=current_user,
                today=today(policy),
                subject=form.subject.data or None,
            )
        except Refused as refusal:
            status = refuse(refusal, form)
        else:
            flash("Removal case opened.", "success")
            return redirect(url_for("appeals.case", case_id=case.id))
    elif form.errors:
        status = 422
    return render_template("appeals/new_case.html", form=form), status


def render_case(case, *, status=200, refusal=None, **forms):
    """The case page with its forms (a failed one passed in keeps its typed values)."""
    forms.setdefault(
        "recommendation_form",
        RecommendationForm(
            formdata=None,
            prefix="rec",
            recommendation=case.committee_recommendation,
            recommended_on=case.recommendation_on,
        ),
    )
    forms.setdefault("decision_form", DecisionForm(formdata=None, prefix="dec"))
    notice = removal_notice(case)
    letters = db.session.scalars(
        db.select(Letter).where(Letter.removal_case_id == case.id).order_by(Letter.id)
    ).all()
    return render_template(
        "appeals/case.html",
        case=case,
        grounds=case_grounds(case),
        notice=notice,
        window=appeal_window(case),
        grounds_text=GROUNDS_TEXT,
        grounds_labels=GROUNDS_LABELS,
        may_manage=can_manage_removals(current_user),
        history=history(case),
        refusal=refusal,
        appeal_rule=policy_of(case.application).rule("appeal_filing"),
        case_letters=letters,
        day=today(policy_of(case.application)),
        **forms,
    ), status


@bp.route("/cases/<int:case_id>")
@login_required
def case(case_id):
    """One removal case: grounds, evidence, recommendation, decision, notice and appeal clock."""
    return render_case(load_for(current_user, RemovalCase, case_id, can_view_removal_case))


@bp.route("/cases/<int:case_id>/recommendation", methods=["POST"])
@login_required
def recommendation(case_id):
    """Record the review committee's recommendation."""
    case = load_for(current_user, RemovalCase, case_id, lambda user, _: can_manage_removals(user))
    form = RecommendationForm(prefix="rec")
    if not form.validate_on_submit():
        return render_case(case, status=422, recommendation_form=form)
    try:
        record_recommendation(
            case,
            recommendation=form.recommendation.data,
            recommended_on=form.recommended_on.data,
            actor=current_user,
            today=today(policy_of(case.application)),
        )
    except Refused as error:
        refusal = undo(error)
        return render_case(
            case, status=refusal.status_code, refusal=refusal, recommendation_form=form
        )
    flash("Recommendation recorded.", "success")
    return redirect(url_for("appeals.case", case_id=case.id))


@bp.route("/cases/<int:case_id>/decision", methods=["POST"])
@login_required
def decision(case_id):
    """The department's decision: remove (notices to the provider and districts) or not."""
    case = load_for(current_user, RemovalCase, case_id, lambda user, _: can_manage_removals(user))
    form = DecisionForm(prefix="dec")
    if not form.validate_on_submit():
        return render_case(case, status=422, decision_form=form)
    try:
        letters = decide_removal(
            case,
            remove=form.decision.data == "remove",
            reason=form.reason.data,
            actor=current_user,
            today=today(policy_of(case.application)),
        )
    except (Refused, InvalidTransition) as error:
        refusal = undo(error)
        return render_case(case, status=refusal.status_code, refusal=refusal, decision_form=form)
    flash(
        f"Provider removed; {len(letters)} notices issued."
        if letters
        else "Case closed without removal.",
        "success",
    )
    return redirect(url_for("appeals.case", case_id=case.id))
