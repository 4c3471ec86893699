"""Monitoring visits: the coordinator schedules, records and reports; the provider reads its
reports and submits corrective action plans."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.audit import history
from app.boundary import refuse
from app.clock import today
from app.core.lifecycle import allowed_events
from app.core.loading import load_for
from app.core.policy import policy_of
from app.extensions import db
from app.models import Application, CorrectiveAction, MonitoringVisit
from app.monitoring import bp, queries
from app.monitoring.forms import ActionForm, PlanForm, VisitForm, record_visit_form
from app.monitoring.operations import approved_applications
from app.monitoring.operations.visits import (
    RATINGS,
    accept_corrective_plan,
    action_overdue,
    indicators_of,
    issue_report,
    overdue_flags,
    record_visit,
    schedule_visit,
    submit_corrective_plan,
)
from app.monitoring.permissions import (
    can_list_visits,
    can_manage_visits,
    can_submit_corrective_plan,
    can_view_visit,
)
from app.refusals import Refused


@bp.route("/visits")
def visits():
    """Every monitoring visit (coordinator), or the provider's own, with overdue flags."""
    if not can_list_visits(current_user):
        abort(403)
    organization_id = None if can_manage_visits(current_user) else current_user.organization_id
    rows = queries.list_visits(organization_id=organization_id, status=request.args.get("status"))
    day = today()
    return render_template(
        "monitoring/visits.html",
        rows=rows,
        today_=day,
        flags={v.id: overdue_flags(v, day) for v in rows},
        manage=can_manage_visits(current_user),
    )


@bp.route("/visits/new", methods=["GET", "POST"])
def new_visit():
    """Schedule a monitoring visit to an approved provider."""
    if not can_manage_visits(current_user):
        abort(403)
    form = VisitForm(applications=approved_applications())
    status = 200
    if form.validate_on_submit():
        try:
            visit = schedule_visit(
                db.session.get(Application, form.application_id.data),
                visit_on=form.visit_on.data,
                actor=current_user,
                today=today(policy_of(None)),
            )
        except Refused as error:
            status = refuse(error, form)
        else:
            flash("Visit scheduled; the report and response due dates are set.", "success")
            return redirect(url_for("monitoring.visit", visit_id=visit.id))
    return render_template("monitoring/visit_form.html", form=form), status


def _visit_page(visit, status=200, plan_forms=None, **forms):
    """The visit's page: ratings (once recorded), report, due dates, corrective actions."""
    manage = can_manage_visits(current_user)
    day = today(policy_of(visit.application))
    plan_forms = dict(plan_forms or {})
    for action in visit.corrective_actions:
        if can_submit_corrective_plan(
            current_user, action
        ) and "submit_corrective_plan" in allowed_events(action, "provider"):
            plan_forms.setdefault(
                action.id,
                PlanForm(formdata=None, prefix=f"action{action.id}", data={"plan": action.plan}),
            )
    show_ratings = manage or visit.report_issued_on is not None
    return render_template(
        "monitoring/visit.html",
        visit=visit,
        manage=manage,
        today_=day,
        flags=overdue_flags(visit, day),
        action_overdue=action_overdue,
        ratings=RATINGS,
        indicators=indicators_of(visit),
        show_ratings=show_ratings,
        plan_forms=plan_forms,
        action_form=forms.pop("action_form", ActionForm(formdata=None)),
        letters=queries.visit_letters(visit),
        history=history(visit) if manage else [],
        policy=policy_of(visit.application),
        **forms,
    ), status


@bp.route("/visits/<int:visit_id>")
def visit(visit_id):
    """One monitoring visit."""
    record = load_for(current_user, MonitoringVisit, visit_id, can_view_visit)
    return _visit_page(record)


@bp.route("/visits/<int:visit_id>/record", methods=["GET", "POST"])
def record_visit_view(visit_id):
    """Rate each of the pack's indicators Met / Not Met, with notes."""
    record = load_for(
        current_user, MonitoringVisit, visit_id, lambda user, _: can_manage_visits(user)
    )
    indicators = indicators_of(record)
    saved = {f"rating_{k}": record.ratings.get(k) for k, _ in indicators}
    saved.update({f"notes_{k}": (record.indicator_notes or {}).get(k) for k, _ in indicators})
    form = record_visit_form(indicators, data={**saved, "notes": record.notes})
    status = 200
    if form.validate_on_submit():
        try:
            record_visit(
                record,
                ratings={k: form[f"rating_{k}"].data for k, _ in indicators},
                indicator_notes={k: form[f"notes_{k}"].data for k, _ in indicators},
                notes=form.notes.data,
                actor=current_user,
                today=today(policy_of(record.application)),
            )
        except Refused as error:
            status = refuse(error, form)
        else:
            flash("Visit recorded. Issue the report when it is final.", "success")
            return redirect(url_for("monitoring.visit", visit_id=record.id))
    return render_template(
        "monitoring/visit_record.html", form=form, visit=record, indicators=indicators
    ), status


@bp.route("/visits/<int:visit_id>/report", methods=["POST"])
def issue_report_view(visit_id):
    """Issue the monitoring report; corrective action plans open for each Not Met."""
    record = load_for(
        current_user, MonitoringVisit, visit_id, lambda user, _: can_manage_visits(user)
    )
    form = ActionForm()
    if not form.validate_on_submit():
        return _visit_page(record, 400, action_form=form)
    try:
        issue_report(record, actor=current_user, today=today(policy_of(record.application)))
    except Refused as error:
        return _visit_page(record, refuse(error, form), action_form=form)
    flash("Monitoring report issued to the provider.", "success")
    return redirect(url_for("monitoring.visit", visit_id=record.id))


@bp.route("/corrective-actions/<int:action_id>/plan", methods=["POST"])
def submit_plan(action_id):
    """The provider submits its corrective action plan for one Not Met indicator."""
    action = load_for(current_user, CorrectiveAction, action_id, can_submit_corrective_plan)
    form = PlanForm(prefix=f"action{action.id}")
    try:
        if not form.validate_on_submit():
            return _visit_page(action.visit, plan_forms={action.id: form})
        submit_corrective_plan(
            action,
            form.plan.data,
            actor=current_user,
            today=today(policy_of(action.visit.application)),
        )
    except Refused as error:
        return _visit_page(action.visit, refuse(error, form), plan_forms={action.id: form})
    flash("Corrective action plan submitted.", "success")
    return redirect(url_for("monitoring.visit", visit_id=action.visit_id))


@bp.route("/corrective-actions/<int:action_id>/accept", methods=["POST"])
def accept_plan(action_id):
    """The coordinator accepts a submitted corrective action plan."""
    action = load_for(
        current_user, CorrectiveAction, action_id, lambda user, _: can_manage_visits(user)
    )
    form = ActionForm()
    if not form.validate_on_submit():
        return _visit_page(action.visit, 400, action_form=form)
    try:
        accept_corrective_plan(
            action, actor=current_user, today=today(policy_of(action.visit.application))
        )
    except Refused as error:
        return _visit_page(action.visit, refuse(error, form), action_form=form)
    flash("Corrective action plan accepted.", "success")
    return redirect(url_for("monitoring.visit", visit_id=action.visit_id))
