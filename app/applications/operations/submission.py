"""Submitting, resubmitting and withdrawing an application.

Submission is refused to an organization that may not apply (debarred, or identified for
improvement: guard `eligible`), until the application is complete and valid, and after the
cycle's due instant (004: "Application must be received ... by 5:00 p.m. CST, April 9, 2009");
the engine's guards `complete` and `before_deadline` carry those answers. A returned application
may be resubmitted once, by the revision date, for a second read (004 "Application Process and
Timeline": guards `before_revision_date`, `first_revision`). Each submission freezes a version
and issues the `submission_receipt` letter.
"""

from app.applications.operations.admission import organization_refusal
from app.applications.operations.versions import snapshot
from app.applications.queries.checklist import application_problems, is_complete, problem_lines
from app.core.lifecycle import allowed_events, apply_event
from app.core.policy import policy_of
from app.extensions import db
from app.letters.operations.service import issue_letter
from app.locking import lock_state
from app.models import ApplicationVersion
from app.refusals import Refused
from app.templating import format_instant
from workflows.engine import InvalidTransition


def revision_due(application):
    """The instant a returned application must be resubmitted by (its own, else the cycle's)."""
    return application.revision_due_at or application.cycle.revision_due_at


def _guards(application, *, eligible, complete, now):
    """The provider's event (resubmit where the table allows it, else submit) and its guards."""
    if "resubmit" in allowed_events(application, "provider"):
        due = revision_due(application)
        return "resubmit", {
            "eligible": eligible,
            "complete": complete,
            "before_revision_date": due is not None and now <= due,
            "first_revision": application.revision_count == 0,
        }
    return "submit", {
        "eligible": eligible,
        "complete": complete,
        "before_deadline": now <= application.cycle.due_at,
    }


def _refusal(error, application, policy, lines, ineligible):
    """The engine's reason, with the rule the organization breaks and the deadline that passed
    in the pack's time zone."""
    message = error.reason
    if "eligible" in error.failed_guards:
        message += f" {ineligible}"
    if "before_deadline" in error.failed_guards:
        message += (
            f" Applications were due {format_instant(application.cycle.due_at, policy.timezone)}."
        )
    if "before_revision_date" in error.failed_guards:
        due = revision_due(application)
        message += (
            f" Revised applications were due {format_instant(due, policy.timezone)}."
            if due
            else " No revision date is set for this cycle."
        )
    return Refused(
        message, problems=lines if "complete" in error.failed_guards else (), conflict=True
    )


def submit_application(application, *, actor, now, today):
    """Submit a draft, or resubmit a returned application; returns the new version.

    Refused (with the problems, or the deadline) as the transition table and the eligibility
    rules say.
    """
    lock_state(application, noun="application")
    policy = policy_of(application)
    ineligible = organization_refusal(application.organization, application.cycle)
    problems = application_problems(application, policy)
    event, guards = _guards(
        application, eligible=not ineligible, complete=is_complete(problems), now=now
    )
    before = application.submitted_at
    if event == "submit":
        application.submitted_at = now  # the CHECK wants it with the state, in one flush
    try:
        apply_event(application, event, actor=actor, role="provider", guards=guards)
    except InvalidTransition as error:
        application.submitted_at = before
        raise _refusal(
            error, application, policy, problem_lines(application, problems, policy), ineligible
        ) from None
    if event == "resubmit":
        application.second_read = True
        application.revision_count = 1
    version = ApplicationVersion(
        application=application,
        number=len(application.versions) + 1,
        snapshot=snapshot(application),
        submitted_at=now,
        submitted_by=actor,
    )
    db.session.add(version)
    db.session.flush()
    _receipt(application, version, policy, today)
    return version


def _receipt(application, version, policy, today):
    resubmitted = version.number > 1
    issue_letter(
        "submission_receipt",
        today=today,
        organization=application.organization,
        application=application,
        subject=(
            f"Receipt of your {'revised ' if resubmitted else ''}SES provider application "
            f"({application.cycle.name})"
        ),
        context={
            "version": version,
            "resubmitted": resubmitted,
            "received_at": format_instant(version.submitted_at, policy.timezone),
            "cycle": application.cycle,
            "policy": policy,
        },
    )


def withdraw_application(application, *, actor, reason=None):
    """The provider withdraws the application (any state the transition table allows)."""
    lock_state(application, noun="application")
    try:
        apply_event(
            application,
            "withdraw",
            actor=actor,
            role="provider",
            reason=reason or "withdrawn by the provider",
        )
    except InvalidTransition as error:
        raise Refused(error.reason, conflict=True) from error
