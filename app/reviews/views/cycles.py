"""Coordinator pages: cycles and agency closure days."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from app.boundary import refuse
from app.core.loading import load_for
from app.extensions import db
from app.models import Application, ClosureDay, Cycle
from app.refusals import Refused
from app.reviews import bp
from app.reviews.forms import ClosureForm, CycleForm, utc_to_local
from app.reviews.operations.cycles import add_closure, copy_cycle, remove_closure, save_cycle
from app.reviews.permissions import can_manage_reviews
from workflows.policy import load_policy


def _cycle_data(cycle):
    tz = load_policy(cycle.policy_code).tzinfo
    return {
        "name": cycle.name,
        "policy_code": cycle.policy_code,
        "opens_on": cycle.opens_on,
        "due_at": utc_to_local(cycle.due_at, tz),
        "review_starts_on": cycle.review_starts_on,
        "review_ends_on": cycle.review_ends_on,
        "review_due_on": cycle.review_due_on,
        "revision_due_at": utc_to_local(cycle.revision_due_at, tz),
        "announcement_on": cycle.announcement_on,
        "kind": cycle.kind,
        "per_pupil_allotment": cycle.per_pupil_allotment,
        "deliberation_meeting_on": cycle.deliberation_meeting_on,
    }


@bp.route("/cycles")
def cycles():
    """Every cycle with its dates, shown in its pack's time zone."""
    if not can_manage_reviews(current_user):
        abort(403)
    rows = db.session.scalars(db.select(Cycle).order_by(Cycle.opens_on.desc(), Cycle.id)).all()
    counts = dict(
        db.session.execute(
            db.select(Application.cycle_id, db.func.count()).group_by(Application.cycle_id)
        ).all()
    )
    return render_template(
        "reviews/cycles.html", cycles=rows, counts=counts, load_policy=load_policy
    )


@bp.route("/cycles/new", methods=["GET", "POST"])
def new_cycle():
    """Create a cycle."""
    if not can_manage_reviews(current_user):
        abort(403)
    # The configured pack (SES_POLICY) is the default choice.
    default = {"policy_code": current_app.config["DEFAULT_POLICY"]}
    return _cycle_page(None, CycleForm(data=default))


@bp.route("/cycles/<int:cycle_id>", methods=["GET", "POST"])
def edit_cycle(cycle_id):
    """Change a cycle's dates."""
    cycle = load_for(current_user, Cycle, cycle_id, lambda user, _: can_manage_reviews(user))
    return _cycle_page(cycle, CycleForm(data=_cycle_data(cycle)))


def _cycle_page(cycle, form):
    status = 200
    if form.validate_on_submit():
        try:
            saved = save_cycle(cycle, form, actor=current_user)
        except Refused as refusal:
            status = refuse(refusal, form)
        else:
            flash(f"Cycle {saved.name} saved.", "success")
            return redirect(url_for("reviews.cycles"))
    return render_template("reviews/cycle_form.html", form=form, cycle=cycle), status


@bp.route("/cycles/<int:cycle_id>/copy", methods=["POST"])
def copy_cycle_for_next_year(cycle_id):
    """Copy a cycle for next year (dates moved by the pack's rule), then edit the copy."""
    cycle = load_for(current_user, Cycle, cycle_id, lambda user, _: can_manage_reviews(user))
    if not FlaskForm().validate_on_submit():
        abort(400)
    copy = copy_cycle(cycle, actor=current_user)
    flash(f"{copy.name} created from {cycle.name}; check its dates.", "success")
    return redirect(url_for("reviews.edit_cycle", cycle_id=copy.id))


@bp.route("/closures", methods=["GET", "POST"])
def closures():
    """Agency closure days (they move every working-day deadline); list and add."""
    if not can_manage_reviews(current_user):
        abort(403)
    form, status = ClosureForm(), 200
    if form.validate_on_submit():
        try:
            add_closure(form.state.data, form.closed_on.data, form.reason.data, actor=current_user)
        except Refused as refusal:
            status = refuse(refusal, form)
        else:
            flash("Closure day added.", "success")
            return redirect(url_for("reviews.closures"))
    rows = db.session.scalars(db.select(ClosureDay).order_by(ClosureDay.closed_on.desc())).all()
    return render_template("reviews/closures.html", form=form, closures=rows), status


@bp.route("/closures/<int:closure_id>/remove", methods=["POST"])
def remove_closure_day(closure_id):
    """Remove a closure day entered by mistake (audited)."""
    closure = load_for(
        current_user, ClosureDay, closure_id, lambda user, _: can_manage_reviews(user)
    )
    if not FlaskForm().validate_on_submit():
        abort(400)
    remove_closure(closure, actor=current_user)
    flash(f"Closure day {closure.closed_on.isoformat()} removed.", "success")
    return redirect(url_for("reviews.closures"))
