"""Removal cases (002 "Policy for Removal"): opening one (the one entry point for every ground),
the review committee's recommendation, the department's decision, the notices to the provider
and its districts. Receipt of the notice (portal opening, certified mail) is recorded on the
letter itself (app.letters.operations)."""

from collections.abc import Sequence

from app.audit import record_change
from app.core.dates import long_date
from app.core.lifecycle import apply_event, require_event
from app.core.policy import policy_of
from app.extensions import db
from app.letters.operations.service import issue_letter
from app.locking import lock, lock_state
from app.models import EffectivenessResult, Letter, RemovalCase
from app.refusals import Refused
from workflows.states import ApplicationState, RemovalCaseState

# How the letters and pages state each ground (002 "Policy for Removal").
GROUNDS_TEXT = {
    "violations": "a second confirmed violation of the provider requirements within two years",
    "immediate_violation": "a violation of a provider responsibility or assurance that "
    "constitutes grounds for immediate removal",
    "effectiveness": "failure, for two consecutive years, to contribute to increasing the "
    "academic proficiency of the students served",
}
GROUNDS_LABELS = {
    "violations": "Second violation within two years",
    "immediate_violation": "Violation calling for immediate removal",
    "effectiveness": "Two years without contributing to achievement",
}


def open_case_for(application):
    """The application's open removal case, or None."""
    return db.session.scalar(
        db.select(RemovalCase).where(
            RemovalCase.application_id == application.id,
            RemovalCase.status == RemovalCaseState.OPEN,
        )
    )


def open_removal_case(application, *, grounds, summary, actor, today, violations=(), subject=None):
    """Open a removal case on `application` unless one is already open; return (case, opened).

    `grounds` is one of REMOVAL_GROUNDS; `violations` the confirmed violations it rests on (added
    to an already open case instead of opening a second). A closed case is never reopened: a
    later ground opens a new case. `actor` None means the sweep opened it.
    """
    lock(application)  # two confirmations at once: the second finds the first's case
    case = open_case_for(application)
    if case is not None:
        for violation in violations:
            if violation not in case.violations:
                case.violations.append(violation)
        db.session.flush()
        return case, False
    case = RemovalCase(
        application=application,
        grounds=grounds,
        summary=summary,
        subject=subject,
        opened_on=today,
        opened_by_id=actor.id if actor is not None else None,
    )
    case.violations = list(violations)
    db.session.add(case)
    db.session.flush()
    record_change(case, "open_removal_case", actor=actor, to_state=case.status, reason=summary)
    return case, True


def open_case_by_hand(application, *, grounds, summary, actor, today, subject=None):
    """The coordinator opens a case on an approved provider (002 "Policy for Removal": the
    department may convene the review committee "on an as-needed basis"). Refused when the
    application is not approved or a case is already open."""
    lock_state(application, noun="application")
    if application.state != ApplicationState.APPROVED:
        raise Refused(
            f"Only an approved provider can be considered for removal; this application "
            f"is {application.state.replace('_', ' ')}.",
            field="application_id",
            conflict=True,
        )
    if open_case_for(application) is not None:
        raise Refused(
            "This provider already has an open removal case; add to that one.",
            field="application_id",
            conflict=True,
        )
    case, _ = open_removal_case(
        application, grounds=grounds, summary=summary, actor=actor, today=today, subject=subject
    )
    return case


def record_recommendation(case, *, recommendation, recommended_on, actor, today):
    """Record the review committee's recommendation to the department (002 "Evaluation of
    Information": "Recommendations provided to DOE")."""
    lock(case)
    _require(case, "record_recommendation")
    if recommended_on > today:
        raise Refused("The recommendation date cannot be in the future.", field="recommended_on")
    if recommended_on < case.opened_on:
        raise Refused(
            f"The recommendation date cannot be before the case was opened "
            f"({long_date(case.opened_on)}).",
            field="recommended_on",
        )
    case.committee_recommendation = recommendation
    case.recommendation_on = recommended_on
    apply_event(
        case, "record_recommendation", actor=actor, role="coordinator", reason=recommendation
    )


def decide_removal(case, *, remove, reason, actor, today):
    """The department's decision (002 "DOE renders decision for removal"): remove the provider,
    or close the case without removal. Returns the letters issued."""
    lock(case)
    event = "remove" if remove else "not_remove"
    _require(case, event)
    if remove:
        apply_event(case.application, "remove", actor=actor, role="coordinator", reason=reason)
    case.decided_on, case.decided_by_id, case.decision_reason = today, actor.id, reason
    apply_event(case, event, actor=actor, role="coordinator", reason=reason)
    return issue_removal_notices(case, today=today) if remove else []


def issue_removal_notices(case, *, today):
    """The notice of removal to the provider and, at once, a notice to every district in the
    service area (002 "Resulting Action": provider and districts "immediately notified")."""
    application = case.application
    organization = application.organization
    policy = policy_of(application)
    context = {
        "case": case,
        "appeal_rule": policy.rule("appeal_filing"),
        "grounds_text": GROUNDS_TEXT[case.grounds],
    }
    letters = [
        issue_letter(
            "removal_notice",
            subject=f"Notice of removal from the approved SES provider list: {organization.name}",
            today=today,
            organization=organization,
            application=application,
            context=context,
            removal_case_id=case.id,
        )
    ]
    for district in application.service_area:
        letters.append(
            issue_letter(
                "district_removal_notice",
                subject="Provider removed from the approved SES provider list: "
                f"{organization.name}",
                today=today,
                organization=organization,
                district=district,
                application=application,
                context=context,
                removal_case_id=case.id,
            )
        )
    return letters


def removal_notice(case):
    """The notice of removal sent to the provider for `case`, or None before removal."""
    return db.session.scalar(
        db.select(Letter)
        .where(
            Letter.removal_case_id == case.id,
            Letter.kind == "removal_notice",
            Letter.district_id.is_(None),
        )
        .order_by(Letter.id)
        .limit(1)
    )


def case_grounds(case):
    """What the case rests on: its confirmed violations and, for effectiveness grounds, the
    provider's yearly effectiveness results in the case's subject."""
    results: Sequence[EffectivenessResult] = []
    if case.grounds == "effectiveness":
        query = db.select(EffectivenessResult).where(
            EffectivenessResult.organization_id == case.application.organization_id
        )
        if case.subject:
            query = query.where(EffectivenessResult.subject == case.subject)
        results = db.session.scalars(
            query.order_by(EffectivenessResult.subject, EffectivenessResult.program_year)
        ).all()
    return {"violations": list(case.violations), "effectiveness": results}


def _require(case, event):
    """Refuse unless the coordinator may take `event` on `case` now; a decided case's refusal
    names the day it was decided."""
    require_event(
        case,
        event,
        role="coordinator",
        explain=lambda _error: (
            f"This removal case was already decided on {long_date(case.decided_on)}."
        ),
    )
