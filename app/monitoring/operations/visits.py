"""Monitoring visits and corrective action plans (001 "Monitoring and Evaluation", "Sample
provider monitoring schedule"; DESIGN.md section 6).

The coordinator schedules a visit to an approved provider; the report and the provider's
response are due after the visit by the pack's rules `monitoring_report` and
`monitoring_response`. Recording the visit rates each of the pack's monitoring indicators Met or
Not Met. Issuing the report (letter `monitoring_report`) opens a corrective action plan for each
Not Met, due by the rule `corrective_action_plan` counted from the report date. The provider
submits each plan (then received); the coordinator accepts it; when every plan is accepted
the visit is closed. A visit with every indicator Met closes when its report is issued.
"""

from app.audit import record_change
from app.core.calendar import working_calendar
from app.core.dates import long_date
from app.core.lifecycle import apply_event, require_event
from app.core.policy import policy_of
from app.extensions import db
from app.letters.operations.service import issue_letter
from app.locking import lock
from app.models import CorrectiveAction, MonitoringVisit
from app.refusals import Refused
from workflows.states import ApplicationState, CorrectiveActionState, VisitState

RATINGS = {"met": "Met", "not_met": "Not Met"}


def schedule_visit(application, *, visit_on, actor, today):
    """Schedule a monitoring visit to an approved provider on `visit_on`."""
    if application.state != ApplicationState.APPROVED:
        raise Refused(
            f"{application.organization.name} is not an approved provider under that application "
            f"(its state is {application.state.replace('_', ' ')}).",
            field="application_id",
        )
    if visit_on is None:
        raise Refused("Give the date of the visit.", field="visit_on")
    policy = policy_of(application)
    calendar = working_calendar(policy)
    visit = MonitoringVisit(
        application=application,
        visit_on=visit_on,
        ratings={},
        indicator_notes={},
        scheduled_by_id=actor.id,
        report_due_on=policy.due_date("monitoring_report", visit_on, calendar=calendar),
        response_due_on=policy.due_date("monitoring_response", visit_on, calendar=calendar),
    )
    db.session.add(visit)
    db.session.flush()
    record_change(
        visit,
        "schedule_visit",
        actor=actor,
        to_state=visit.status,
        reason=f"visit on {visit_on.isoformat()}",
    )
    return visit


def indicators_of(visit):
    """The (key, label) monitoring indicators of the visit's policy pack."""
    return policy_of(visit.application).monitoring_indicators


def record_visit(visit, *, ratings, indicator_notes, notes, actor, today):
    """Record what the visit found: every indicator rated "met" or "not_met", with notes.

    May be corrected until the report is issued. Refuses a visit dated after today and any
    indicator left unrated (naming them).
    """
    lock(visit)
    keys = [key for key, _label in indicators_of(visit)]
    missing = [key for key in keys if ratings.get(key) not in RATINGS]
    guards = {"visit_date_reached": visit.visit_on <= today, "every_indicator_rated": not missing}

    def explain(error):
        if error.guard == "visit_date_reached":
            return (
                f"The visit is scheduled for {long_date(visit.visit_on)}; it can be recorded "
                "on or after that date."
            )
        if error.guard == "every_indicator_rated":
            return Refused(
                f"Rate every indicator Met or Not Met (missing: {', '.join(missing)}).",
                field="ratings",
            )
        return "The report on this visit has been issued; its ratings are final."

    require_event(visit, "record_visit", role="coordinator", guards=guards, explain=explain)
    visit.ratings = {key: ratings[key] for key in keys}
    visit.indicator_notes = {key: (indicator_notes.get(key) or "").strip() for key in keys}
    visit.notes = (notes or "").strip() or None
    visit.recorded_on, visit.recorded_by_id = today, actor.id
    not_met = [key for key in keys if visit.ratings[key] == "not_met"]
    apply_event(
        visit,
        "record_visit",
        actor=actor,
        role="coordinator",
        guards=guards,
        reason=f"{len(keys) - len(not_met)} Met, {len(not_met)} Not Met",
    )
    return visit


def issue_report(visit, *, actor, today):
    """Issue the monitoring report: one corrective action plan per Not Met, due by the pack's
    `corrective_action_plan` rule from today; the provider receives `monitoring_report`."""
    lock(visit)
    policy = policy_of(visit.application)
    not_met = [
        (key, label)
        for key, label in policy.monitoring_indicators
        if visit.ratings.get(key) == "not_met"
    ]
    # The table has one event per outcome: a report with plans due, or one that closes the visit.
    event = "issue_report" if not_met else "issue_report_all_met"
    guards = {"some_indicator_not_met": bool(not_met), "every_indicator_met": not not_met}
    require_event(
        visit,
        event,
        role="coordinator",
        guards=guards,
        explain=lambda _error: (
            "Record the visit before issuing its report."
            if visit.status == VisitState.SCHEDULED
            else "The report on this visit has already been issued."
        ),
    )
    due_on = policy.due_date("corrective_action_plan", today, calendar=working_calendar(policy))
    for key, label in not_met:
        visit.corrective_actions.append(
            CorrectiveAction(
                indicator=key, description=visit.indicator_notes.get(key) or label, due_on=due_on
            )
        )
    visit.report_issued_on, visit.report_issued_by_id = today, actor.id
    db.session.flush()
    apply_event(
        visit,
        event,
        actor=actor,
        role="coordinator",
        guards=guards,
        reason=f"{len(visit.corrective_actions)} corrective action plan(s) due {due_on.isoformat()}"
        if visit.corrective_actions
        else "all Met",
    )
    issue_letter(
        "monitoring_report",
        subject=f"Monitoring report: visit of {long_date(visit.visit_on)}",
        today=today,
        organization=visit.application.organization,
        application=visit.application,
        context={"visit": visit, "indicators": policy.monitoring_indicators, "ratings": RATINGS},
    )
    return visit


def submit_corrective_plan(action, plan, *, actor, today):
    """The provider submits (or resubmits while not yet accepted) a corrective action plan."""
    lock(action)
    require_event(
        action,
        "submit_corrective_plan",
        role="provider",
        explain=lambda _error: "This plan was accepted; it cannot be changed.",
    )
    plan = (plan or "").strip()
    if not plan:
        raise Refused("Write the corrective action plan.", field="plan")
    action.plan, action.received_on, action.submitted_by_id = plan, today, actor.id
    if action.visit.response_received_on is None:
        action.visit.response_received_on = today
    apply_event(
        action,
        "submit_corrective_plan",
        actor=actor,
        role="provider",
        reason=f"indicator {action.indicator}",
    )
    return action


def accept_corrective_plan(action, *, actor, today):
    """Accept a received plan; the visit closes when every plan is accepted."""
    lock(action)
    require_event(
        action,
        "accept_corrective_plan",
        role="coordinator",
        explain=lambda _error: (
            "Only a submitted plan can be accepted."
            if action.status == CorrectiveActionState.OPEN
            else "This plan was already accepted."
        ),
    )
    action.accepted_on, action.accepted_by_id = today, actor.id
    apply_event(
        action,
        "accept_corrective_plan",
        actor=actor,
        role="coordinator",
        reason=f"indicator {action.indicator}",
    )
    visit = action.visit
    every_accepted = all(
        a.status == CorrectiveActionState.ACCEPTED for a in visit.corrective_actions
    )
    if every_accepted:
        apply_event(
            visit,
            "close_visit",
            actor=actor,
            role="coordinator",
            guards={"every_plan_accepted": every_accepted},
            reason="every corrective action plan accepted",
        )
    return action


def overdue_flags(visit, today):
    """What is overdue on `visit` as of `today`: {"report": bool, "response": bool}."""
    report = (
        visit.report_issued_on is None
        and visit.report_due_on is not None
        and today > visit.report_due_on
    )
    response = (
        visit.status == VisitState.REPORT_ISSUED
        and visit.response_received_on is None
        and visit.response_due_on is not None
        and today > visit.response_due_on
    )
    return {"report": report, "response": response}


def action_overdue(action, today):
    """A plan not yet submitted after its due date."""
    return action.status == CorrectiveActionState.OPEN and today > action.due_on
