"""The application workflow as one table (shared/DESIGN.md section 4).

Each row says: from this state, this event, taken by one of these roles, leads to that state,
provided every named guard holds. Guards are names, not code: the caller (an operation in the
app, or the sweep) evaluates them against its records and passes the answers in. The tables of
human wording beside it let the engine explain a refusal in a sentence.

Roles: provider, reviewer, coordinator, committee, district, and system (the daily sweep, which
takes the time-driven events: overdue revisions and conditions, ended terms, non-utilization).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from workflows.machine import ROLE_LABELS, ROLES, Transition, rows
from workflows.states import ApplicationState as S

__all__ = [
    "EVENTS",
    "GUARD_MESSAGES",
    "ROLES",
    "ROLE_LABELS",
    "STATE_PHRASES",
    "TRANSITIONS",
    "Transition",
]

# The rows are `workflows.machine.Transition`s; `workflows.lifecycles.APPLICATION` wraps this
# table into the application's machine.
_rows = rows

# A decision needs the policy's minimum of reviewers without a conflict (DESIGN.md section 5),
# every sheet of the read, and a reason when it departs from the rubric's recommendation.
_DECISION_GUARDS = ("enough_reviewers", "all_sheets_submitted", "reason_if_against_recommendation")
# DESIGN.md section 4: a renewal is granted only on a record without two consecutive
# non-contributing years (ESEA 1116(e)(4)(D), 002); a new application's record is empty.
_GRANT_GUARDS = _DECISION_GUARDS + ("renewable",)
# 004 "Eligible Service Providers", 003 "Debarment Certification": only an eligible organization
# submits (the caller words which rule it breaks).
_SUBMIT_GUARDS = ("eligible", "complete")

TRANSITIONS: tuple[Transition, ...] = tuple(
    _rows((S.DRAFT,), "submit", S.SUBMITTED, ("provider",), _SUBMIT_GUARDS + ("before_deadline",))
    # 004 "Application Process and Timeline": revised applications by the revision date, once,
    # for a 2nd read.
    + _rows(
        (S.REVISIONS_NEEDED,),
        "resubmit",
        S.SUBMITTED,
        ("provider",),
        _SUBMIT_GUARDS + ("before_revision_date", "first_revision"),
    )
    + _rows(
        (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.REVISIONS_NEEDED, S.CONDITIONAL),
        "withdraw",
        S.WITHDRAWN,
        ("provider",),
    )
    + _rows((S.SUBMITTED,), "start_review", S.UNDER_REVIEW, ("coordinator",), ("enough_reviewers",))
    + _rows((S.UNDER_REVIEW,), "approve", S.APPROVED, ("coordinator",), _GRANT_GUARDS)
    + _rows(
        (S.UNDER_REVIEW,),
        "approve_with_conditions",
        S.CONDITIONAL,
        ("coordinator",),
        _GRANT_GUARDS + ("conditions_chosen",),
    )
    # Second-read rule (004): a second read ends in approval or non-approval, never revisions.
    # A request carries feedback and the cycle's revision date, which must still be ahead.
    + _rows(
        (S.UNDER_REVIEW,),
        "request_revisions",
        S.REVISIONS_NEEDED,
        ("coordinator",),
        (
            "enough_reviewers",
            "all_sheets_submitted",
            "not_second_read",
            "revision_date_set",
            "revision_date_ahead",
            "feedback_given",
            "reason_if_against_recommendation",
        ),
    )
    + _rows((S.UNDER_REVIEW,), "deny", S.DENIED, ("coordinator",), _DECISION_GUARDS)
    + _rows(
        (S.CONDITIONAL,),
        "conditions_met",
        S.APPROVED,
        ("coordinator", "system"),
        ("all_conditions_met",),
    )
    + _rows((S.CONDITIONAL,), "condition_overdue", S.DENIED, ("system",))
    + _rows((S.REVISIONS_NEEDED,), "revision_overdue", S.DENIED, ("system",))
    # A conditional approval does not run out with the term: its conditions decide it.
    + _rows((S.APPROVED,), "term_ended", S.EXPIRED, ("system",))
    # 002/004 "Monitoring": not utilized within two years -> must reapply.
    + _rows((S.APPROVED,), "not_utilized", S.EXPIRED, ("system",))
    + _rows((S.APPROVED,), "remove", S.REMOVED, ("coordinator",))
    # A granted renewal takes over: the approval it renews leaves the list (not listed twice).
    + _rows((S.APPROVED,), "superseded", S.EXPIRED, ("coordinator",))
    # 002 "Appeals Process": appeal within ten working days after receipt of the notice, once.
    + _rows(
        (S.REMOVED,),
        "appeal",
        S.APPEALED,
        ("provider",),
        ("within_appeal_window", "not_already_appealed"),
    )
    + _rows((S.APPEALED,), "rescind", S.APPROVED, ("coordinator",))
    + _rows((S.APPEALED,), "uphold", S.REMOVED, ("committee",))
    + _rows((S.APPEALED,), "overturn", S.APPROVED, ("committee",))
)

# event -> (what the actor does, what the application becomes) for sentences.
EVENTS: dict[str, tuple[str, str]] = {
    "submit": ("submit the application", "submitted"),
    "resubmit": ("resubmit the application", "resubmitted"),
    "withdraw": ("withdraw the application", "withdrawn"),
    "start_review": ("start the review", "put under review"),
    "approve": ("approve the application", "approved"),
    "approve_with_conditions": (
        "approve the application with conditions",
        "approved with conditions",
    ),
    "request_revisions": ("request revisions", "returned for revisions"),
    "deny": ("deny the application", "denied"),
    "conditions_met": ("record that the conditions are met", "marked as meeting its conditions"),
    "condition_overdue": ("deny for an overdue condition", "denied for an overdue condition"),
    "revision_overdue": ("deny for an overdue revision", "denied for an overdue revision"),
    "term_ended": ("end the approval term", "expired at the end of its term"),
    "not_utilized": ("expire an unused approval", "expired as not utilized"),
    "remove": ("remove the provider", "removed"),
    "superseded": ("replace the approval by its renewal", "superseded by its renewal"),
    "appeal": ("appeal the removal", "appealed"),
    "rescind": ("rescind the removal", "restored by rescinding the removal"),
    "uphold": ("uphold the removal", "kept removed by upholding the removal"),
    "overturn": ("overturn the removal", "restored by overturning the removal"),
}

# state -> how a sentence names an application in it: "An application that is <phrase>".
STATE_PHRASES: Mapping[StrEnum, str] = {
    S.DRAFT: "still a draft",
    S.SUBMITTED: "submitted",
    S.UNDER_REVIEW: "under review",
    S.REVISIONS_NEEDED: "waiting for revisions",
    S.CONDITIONAL: "conditionally approved",
    S.APPROVED: "approved",
    S.DENIED: "denied",
    S.REMOVED: "removed",
    S.APPEALED: "under appeal",
    S.EXPIRED: "expired",
    S.WITHDRAWN: "withdrawn",
}

# guard -> the reason a move is refused when the guard does not hold.
GUARD_MESSAGES: dict[str, str] = {
    "eligible": "the organization may not apply",
    "complete": "the application is not complete and valid",
    "before_deadline": "the submission deadline has passed",
    "before_revision_date": "the revision date has passed",
    "first_revision": "the application has already been resubmitted once",
    "enough_reviewers": "fewer reviewers are assigned than the policy requires",
    "all_sheets_submitted": "not every assigned reviewer has submitted a score sheet",
    "reason_if_against_recommendation": (
        "a decision that differs from the rubric's recommendation needs a written reason"
    ),
    "not_second_read": "a second read can only approve or deny",
    "revision_date_set": "the cycle has no revision due date; set one on the cycle first",
    "revision_date_ahead": "the cycle's revision due date has passed",
    "feedback_given": "revisions need feedback for the provider",
    "conditions_chosen": "no condition is chosen (approve without conditions instead)",
    "all_conditions_met": "not every condition has been met",
    "renewable": (
        "the provider's record shows two consecutive program years without "
        "contributing to student achievement, so the approval cannot be renewed"
    ),
    "within_appeal_window": "the appeal was not filed within the appeal window",
    "not_already_appealed": "this removal has already been appealed",
}
