"""The transition table (DESIGN.md section 4), every (state, event, role) allowed or refused.

``SPEC`` restates the table from the issue independently of workflows/transitions.py; every
combination of state x event x role is checked against it, with the reason for each refusal.
"""

import itertools

import pytest

from workflows.engine import (
    EVENTS,
    ROLES,
    TRANSITIONS,
    InvalidTransition,
    allowed_events,
    next_state,
)
from workflows.states import ApplicationState as S
from workflows.transitions import GUARD_MESSAGES

DECIDE = ("enough_reviewers", "all_sheets_submitted", "reason_if_against_recommendation")
GRANT = DECIDE + ("renewable",)
# (from state, event) -> (to state, roles, guards)
SPEC = {
    (S.DRAFT, "submit"): (S.SUBMITTED, {"provider"}, ("eligible", "complete", "before_deadline")),
    (S.REVISIONS_NEEDED, "resubmit"): (
        S.SUBMITTED,
        {"provider"},
        ("eligible", "complete", "before_revision_date", "first_revision"),
    ),
    **{
        (state, "withdraw"): (S.WITHDRAWN, {"provider"}, ())
        for state in (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.REVISIONS_NEEDED, S.CONDITIONAL)
    },
    (S.SUBMITTED, "start_review"): (S.UNDER_REVIEW, {"coordinator"}, ("enough_reviewers",)),
    (S.UNDER_REVIEW, "approve"): (S.APPROVED, {"coordinator"}, GRANT),
    (S.UNDER_REVIEW, "approve_with_conditions"): (
        S.CONDITIONAL,
        {"coordinator"},
        GRANT + ("conditions_chosen",),
    ),
    (S.UNDER_REVIEW, "request_revisions"): (
        S.REVISIONS_NEEDED,
        {"coordinator"},
        (
            "enough_reviewers",
            "all_sheets_submitted",
            "not_second_read",
            "revision_date_set",
            "revision_date_ahead",
            "feedback_given",
            "reason_if_against_recommendation",
        ),
    ),
    (S.UNDER_REVIEW, "deny"): (S.DENIED, {"coordinator"}, DECIDE),
    (S.CONDITIONAL, "conditions_met"): (
        S.APPROVED,
        {"coordinator", "system"},
        ("all_conditions_met",),
    ),
    (S.CONDITIONAL, "condition_overdue"): (S.DENIED, {"system"}, ()),
    (S.REVISIONS_NEEDED, "revision_overdue"): (S.DENIED, {"system"}, ()),
    (S.APPROVED, "term_ended"): (S.EXPIRED, {"system"}, ()),
    (S.APPROVED, "not_utilized"): (S.EXPIRED, {"system"}, ()),
    (S.APPROVED, "remove"): (S.REMOVED, {"coordinator"}, ()),
    (S.APPROVED, "superseded"): (S.EXPIRED, {"coordinator"}, ()),
    (S.REMOVED, "appeal"): (
        S.APPEALED,
        {"provider"},
        ("within_appeal_window", "not_already_appealed"),
    ),
    (S.APPEALED, "rescind"): (S.APPROVED, {"coordinator"}, ()),
    (S.APPEALED, "uphold"): (S.REMOVED, {"committee"}, ()),
    (S.APPEALED, "overturn"): (S.APPROVED, {"committee"}, ()),
}
ALL_EVENTS = sorted({event for _, event in SPEC})
CASES = list(itertools.product(list(S), ALL_EVENTS, ROLES))


def all_true(guards):
    return {guard: True for guard in guards}


def test_table_matches_spec_row_for_row():
    table = {(t.from_state, t.event): (t.to_state, set(t.roles), t.guards) for t in TRANSITIONS}
    assert len(table) == len(TRANSITIONS), "a (state, event) pair appears twice"
    assert table == SPEC


def test_every_event_and_guard_has_wording():
    assert set(EVENTS) == set(ALL_EVENTS)
    assert {g for t in TRANSITIONS for g in t.guards} <= set(GUARD_MESSAGES)


@pytest.mark.parametrize(("state", "event", "role"), CASES)
def test_every_state_event_role(state, event, role):
    row = SPEC.get((state, event))
    if row is not None and role in row[1]:
        assert next_state(state, event, role, all_true(row[2])) == row[0]
        assert event in allowed_events(state, role)
        return
    assert event not in allowed_events(state, role)
    with pytest.raises(InvalidTransition) as refused:
        next_state(state, event, role, all_true(GUARD_MESSAGES))
    reason = str(refused.value)
    assert refused.value.guard is None and reason == refused.value.reason
    if row is None:
        assert reason.startswith("An application that is ") and " cannot be " in reason
    else:
        assert reason.startswith("Only ") and reason.endswith("cannot.")


GUARDED = [(s, e, g) for (s, e), (_, _, guards) in SPEC.items() for g in guards]


@pytest.mark.parametrize(("state", "event", "guard"), GUARDED)
def test_each_failed_guard_refuses_with_its_message(state, event, guard):
    to, roles, guards = SPEC[(state, event)]
    role = sorted(roles)[0]
    answers = all_true(guards) | {guard: False}
    with pytest.raises(InvalidTransition) as refused:
        next_state(state, event, role, answers)
    assert refused.value.guard == guard
    assert GUARD_MESSAGES[guard] in str(refused.value)
    answers.pop(guard)  # a guard left out of the mapping counts as failed
    with pytest.raises(InvalidTransition) as missing:
        next_state(state, event, role, answers)
    assert missing.value.guard == guard


def test_readable_reasons():
    with pytest.raises(
        InvalidTransition,
        match=r"^An application that is approved cannot be "
        r"submitted; only an application that is still a draft can\.$",
    ):
        next_state("approved", "submit", "provider")
    with pytest.raises(
        InvalidTransition,
        match="^Only the provider can submit the application; a reviewer cannot.$",
    ):
        next_state("draft", "submit", "reviewer")
    with pytest.raises(InvalidTransition, match="the submission deadline has passed"):
        next_state(
            "draft",
            "submit",
            "provider",
            {"eligible": True, "complete": True, "before_deadline": False},
        )
    with pytest.raises(InvalidTransition, match="no event called 'publish'"):
        next_state("draft", "publish", "provider")
    with pytest.raises(InvalidTransition, match="not an application state"):
        next_state("lost", "submit", "provider")
    with pytest.raises(InvalidTransition, match="not a role"):
        allowed_events("draft", "janitor")


def test_all_failed_guards_listed_first_one_named():
    with pytest.raises(InvalidTransition) as refused:
        next_state("draft", "submit", "provider", {})
    assert refused.value.guard == "eligible"
    assert refused.value.failed_guards == ("eligible", "complete", "before_deadline")


def test_second_read_cannot_request_revisions():
    guards = {
        "enough_reviewers": True,
        "all_sheets_submitted": True,
        "reason_if_against_recommendation": True,
        "not_second_read": False,
        "revision_date_set": True,
        "revision_date_ahead": True,
        "feedback_given": True,
    }
    with pytest.raises(InvalidTransition, match="a second read can only approve or deny"):
        next_state(S.UNDER_REVIEW, "request_revisions", "coordinator", guards)
    assert next_state(S.UNDER_REVIEW, "deny", "coordinator", guards) == S.DENIED


def test_sweep_events():
    assert allowed_events(S.APPROVED, "system") == ["term_ended", "not_utilized"]
    assert allowed_events(S.CONDITIONAL, "system") == ["conditions_met", "condition_overdue"]
    assert allowed_events(S.REVISIONS_NEEDED, "system") == ["revision_overdue"]
    for state in (S.DENIED, S.EXPIRED, S.WITHDRAWN):
        assert all(allowed_events(state, role) == [] for role in ROLES)


def test_strings_are_accepted_for_states():
    assert next_state("approved", "remove", "coordinator") is S.REMOVED
