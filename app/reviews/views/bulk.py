"""Coordinator pages for the bulk steps of one cycle: reviewers for every application in one
step, and the start of every review that has enough reviewers (bulk.py)."""

import re

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.core.loading import load_for
from app.models import Cycle
from app.refusals import Refused
from app.reviews import bp
from app.reviews.forms import BulkAssignForm, StartReviewForm
from app.reviews.operations import eligible_reviewers
from app.reviews.operations.bulk import (
    assign_across_cycle,
    assignment_grid,
    cycle_applications,
    start_reviews,
)
from app.reviews.permissions import can_manage_reviews
from workflows.policy import load_policy

PAIR = re.compile(r"^([0-9]{1,9}):([0-9]{1,9})$")


def _load(cycle_id):
    cycle = load_for(current_user, Cycle, cycle_id, lambda user, _: can_manage_reviews(user))
    return cycle


def requested_pairs(form, applications):
    """(application id, reviewer id) pairs the form asks for: every application with each
    reviewer under "everyone", plus each ticked cell; None when a cell value is malformed."""
    pairs = [(a.id, r) for a in applications for r in form.everyone.data or []]
    for value in form.pairs.data or []:
        match = PAIR.match(value)
        if match is None:
            return None
        pairs.append((int(match.group(1)), int(match.group(2))))
    return pairs


@bp.route("/cycles/<int:cycle_id>/reviewers", methods=["GET", "POST"])
def cycle_reviewers(cycle_id):
    """Assign reviewers across the cycle in one step."""
    cycle = _load(cycle_id)
    applications, reviewers = cycle_applications(cycle), eligible_reviewers()
    form = BulkAssignForm()
    form.everyone.choices = [(r.id, r.name) for r in reviewers]
    status = 200
    if form.validate_on_submit():
        pairs = requested_pairs(form, applications)
        try:
            if pairs is None:
                raise Refused("The form was not understood; reload the page.")
            result = assign_across_cycle(cycle, pairs, actor=current_user)
        except Refused as refusal:  # the boundary rolls the whole batch back (a 4xx)
            form.everyone.errors.append(refusal.message)
            status = refusal.status_code
        else:
            _report("assigned", len(result.done), result.skipped)
            return redirect(url_for("reviews.cycle_reviewers", cycle_id=cycle.id))
    return render_template(
        "reviews/cycle_reviewers.html",
        cycle=cycle,
        form=form,
        applications=applications,
        reviewers=reviewers,
        grid=assignment_grid(applications),
        start_form=StartReviewForm(),
        policy=load_policy(cycle.policy_code),
    ), status


@bp.route("/cycles/<int:cycle_id>/start-reviews", methods=["POST"])
def start_cycle_reviews(cycle_id):
    """Start every review of the cycle that has the pack's minimum of reviewers."""
    cycle = _load(cycle_id)
    if not StartReviewForm().validate_on_submit():
        abort(400)
    result = start_reviews(cycle, actor=current_user, policy=load_policy(cycle.policy_code))
    _report("started", len(result.done), result.skipped)
    return redirect(url_for("reviews.cycle_reviewers", cycle_id=cycle.id))


def _report(verb, count, skipped):
    noun = "assignment(s) made" if verb == "assigned" else "review(s) started"
    flash(f"{count} {noun}.", "success")
    for application, reason in skipped:
        flash(f"{application.organization.name}: {reason}.", "error")
