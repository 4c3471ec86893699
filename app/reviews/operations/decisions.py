"""The coordinator's decision on a read, and the letter it owes (DESIGN.md section 5).

Approve (term from the pack), approve with conditions (each with a due date), request revisions
(feedback and the cycle's revision date; never on a second read), or deny. A decision that
differs from the rubric's recommendation needs a written reason. Every move goes through
`apply_event` with the table's guards (enough reviewers, every sheet in, a reason, feedback and a
revision date ahead for revisions, a condition for a conditional approval), so the engine words
the refusal; this module adds the figures (how many reviewers, which date) and the form field.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from app.boundary import INPUT_GUARDS
from app.core.lifecycle import allowed_events, apply_event
from app.core.policy import policy_of
from app.extensions import db
from app.letters.operations.service import issue_letter
from app.locking import lock_state
from app.models import Condition, Decision
from app.refusals import Refused
from app.renewals.operations import not_renewable, supersede_renewed
from app.reviews.operations import active_assignments, current_read
from app.reviews.operations.scoring import aggregate
from app.templating import format_instant
from workflows.engine import InvalidTransition, find_transition, next_state
from workflows.states import ApplicationState

# decision outcome -> the recommendation it agrees with (rubrics: approve / revise / deny)
AGREES_WITH = {
    "approve": "approve",
    "approve_with_conditions": "approve",
    "request_revisions": "revise",
    "deny": "deny",
}
LETTERS = {
    "approve": "decision_approved",
    "approve_with_conditions": "decision_conditional",
    "request_revisions": "revision_request",
    "deny": "decision_denied",
}
SUBJECTS = {
    "approve": "Approval as a Supplemental Educational Services provider",
    "approve_with_conditions": "Conditional approval as an SES provider",
    "request_revisions": "Revisions needed to your SES application",
    "deny": "Non-approval of your SES application",
}


@dataclass
class ConditionTerms:
    """One condition the coordinator imposes: its kind (a pack key, or "other"), text, due date
    (None: computed from the kind's deadline rule)."""

    kind: str
    description: str
    due_on: date | None = None
    deadline_rule: str | None = None


@dataclass
class DecisionTerms:
    """What the coordinator chose on the decision form."""

    outcome: str
    reason: str = ""  # the coordinator's note for the record, never printed in letters
    public_reason: str = ""  # the letter's reason (blank: the letter's standard wording)
    feedback: str = ""
    conditions: list = field(default_factory=list)


def decision_outcomes(application):
    """The outcomes the decision form offers, in the table's order: the coordinator's events
    from the application's state (the engine's `allowed_events`), less those with a guard that
    is already known to fail before anything is typed (a second read cannot ask for revisions,
    004 "Application Process and Timeline"). Guards on what is typed are left to the engine."""
    known = {"not_second_read": not application.second_read}
    offered = []
    for event in allowed_events(application, "coordinator"):
        row = find_transition(application.state, event)
        assert row is not None  # allowed_events offers only events with a row
        if event in AGREES_WITH and all(known.get(guard, True) for guard in row.guards):
            offered.append(event)
    return offered


def approval_term_end(policy, approved_on, announcement_on=None):
    """The last day of an approval made on `approved_on`: the day before the program year
    starts `policy.approval_term_years` after the first program year the approval serves.

    The approval serves the cycle's program year: the first one starting on or after the
    cycle's announcement date (SD announces by July 1, 004 "Timeline"; MA's year starts
    September 1), however early or late the decision itself. Without an announcement date, the
    program year containing the decision. SD 2009: approved 2009-07-01 -> 2011-06-30.
    """
    if announcement_on is not None:
        first_year = policy.program_year_of(announcement_on - timedelta(days=1)) + 1
    else:
        first_year = policy.program_year_of(approved_on)
    return policy.program_year_start_date(first_year + policy.approval_term_years) - timedelta(
        days=1
    )


def approve_now(application, policy, today):
    """Set the approval dates of an application that has just become approved."""
    application.approved_on = today
    application.term_ends_on = approval_term_end(policy, today, application.cycle.announcement_on)


# Guards on what the coordinator typed or chose: their refusal is shown beside this field of
# the decision form, as invalid input (422); any other failed guard is a conflict (409).
FORM_GUARDS = {
    "revision_date_set": "outcome",
    "revision_date_ahead": "outcome",
    "feedback_given": "feedback",
    "conditions_chosen": "outcome",
}


def _guards(application, terms, summary, policy, today):
    recommendation = summary.recommendation
    agrees = recommendation is not None and AGREES_WITH[terms.outcome] == recommendation.outcome
    due = application.cycle.revision_due_at
    return {
        "enough_reviewers": len(active_assignments(application)) >= policy.min_reviewers,
        "all_sheets_submitted": summary.complete and recommendation is not None,
        "reason_if_against_recommendation": agrees or bool(terms.reason.strip()),
        "not_second_read": not application.second_read,
        "revision_date_set": due is not None,
        "revision_date_ahead": due is not None and due.astimezone(policy.tzinfo).date() >= today,
        "feedback_given": bool(terms.feedback.strip()),
        "conditions_chosen": bool(terms.conditions),
        "renewable": not not_renewable(application, policy),
    }, agrees


def _refusal(error, application, policy):
    """The engine's reason for a refused decision, with the figures behind it, beside the form
    field it concerns."""
    message = error.reason
    if "enough_reviewers" in error.failed_guards:
        message += (
            f" {len(active_assignments(application))} reviewer(s) without a conflict "
            f"are assigned; {policy.code} requires {policy.min_reviewers}."
        )
    if (
        "revision_date_ahead" in error.failed_guards
        and "revision_date_set" not in error.failed_guards
    ):
        shown = format_instant(application.cycle.revision_due_at, policy.timezone)
        message += f" It was {shown}; move it on the cycle or decide otherwise."
    field = FORM_GUARDS.get(error.guard)
    return Refused(message, field=field, conflict=field is None and error.guard not in INPUT_GUARDS)


def condition_due(item, policy, cycle, today, calendar):
    """A condition's due date: the one entered, or its deadline rule counted from the event the
    rule names - the cycle's Deliberation Meeting for NC's insurance proof (003 "Proof of
    Insurance": 5 business days after it), otherwise the decision day."""
    if item.due_on:
        return item.due_on
    start, rule = today, policy.rule(item.deadline_rule)
    if rule.from_ == "deliberation_meeting":
        start = cycle.deliberation_meeting_on
        if start is None:
            raise Refused(
                f"{item.description} is due {rule.summary()}, and the cycle has "
                "no Deliberation Meeting date; set it on the cycle, or enter "
                "the due date.",
                field="outcome",
            )
    return policy.due_date(item.deadline_rule, start, calendar=calendar)


def decide_application(application, terms, *, actor, today, now, calendar):
    """Decide the current read: check, move the state, store the Decision, create conditions,
    set the dates and issue the letter. Returns the Decision.

    Raises Refused (the engine's reason) when the table refuses the move or a condition's due
    date cannot be computed.
    """
    lock_state(application, noun="application", verb="decided")
    policy = policy_of(application)
    summary = aggregate(application)
    guards, agrees = _guards(application, terms, summary, policy, today)
    recommendation = summary.recommendation
    # Ask the engine first: the dates below must be set before the move is flushed (CHECKs).
    try:
        next_state(application.state, terms.outcome, "coordinator", guards)
    except InvalidTransition as error:
        raise _refusal(error, application, policy) from None
    conditions = terms.conditions if terms.outcome == "approve_with_conditions" else ()
    dues = [condition_due(item, policy, application.cycle, today, calendar) for item in conditions]
    application.decided_at = now
    if terms.outcome == "approve":
        approve_now(application, policy, today)
    elif terms.outcome == "request_revisions":
        application.revision_due_at = application.cycle.revision_due_at
    apply_event(
        application,
        terms.outcome,
        actor=actor,
        role="coordinator",
        guards=guards,
        reason=terms.reason.strip()
        or (f"as recommended ({recommendation.outcome})" if recommendation else None),
    )
    decision = Decision(
        application=application,
        read_number=current_read(application),
        outcome=terms.outcome,
        recommendation=recommendation.outcome if recommendation else None,
        recommendation_total=recommendation.total if recommendation else None,
        against_recommendation=not agrees,
        reason=terms.reason.strip() or None,
        public_reason=terms.public_reason.strip() or None,
        # Only a revision request carries feedback: text typed in the feedback box of a
        # refused attempt with another outcome is not saved on this decision (issue 11).
        feedback=(terms.feedback.strip() or None) if terms.outcome == "request_revisions" else None,
        decided_by=actor,
        decided_at=now,
    )
    db.session.add(decision)
    for item, due in zip(conditions, dues, strict=True):
        db.session.add(
            Condition(
                application=application,
                decision=decision,
                kind=item.kind,
                description=item.description,
                due_on=due,
                deadline_rule=None if item.due_on else item.deadline_rule,
            )
        )
    db.session.flush()
    if application.state == ApplicationState.APPROVED:
        supersede_renewed(application, actor=actor, today=today)
    decision_letter(application, decision, summary, today=today)
    return decision


def reviewer_comments(summary):
    """[(criterion, [comment, ...])] of the submitted sheets, reviewers unnamed, for letters."""
    rows = []
    for criterion in summary.rubric.criteria:
        texts = [a.sheet.comments.get(criterion.key) for a in summary.submitted]
        texts = [t for t in texts if t]
        if texts:
            rows.append((criterion, texts))
    return rows


def decision_letter(application, decision, summary, *, today):
    """Issue the letter for `decision` to the applying organization."""
    policy = policy_of(application)
    context = {
        "decision": decision,
        "policy": policy,
        "conditions": list(decision.conditions),
        "recommendation": summary.recommendation,
        "comments": reviewer_comments(summary),
        "revision_due_at": application.revision_due_at,
        "not_renewable": not_renewable(application, policy),
    }
    return issue_letter(
        LETTERS[decision.outcome],
        subject=SUBJECTS[decision.outcome],
        today=today,
        organization=application.organization,
        application=application,
        context=context,
    )
