"""Renewal of an approval (DESIGN.md section 4): when it opens, what it may change, and whether
the provider's record lets it be granted.

A pack's ``[renewal]`` table (workflows/policies/*.toml) says:

* ``opens_on`` [month, day]: a provider may start its renewal from the last such day on or before
  its term ends, until the term ends (MA: "each year, in June", 001 "Renew status as a State
  approved SES provider"; SD: in the term's last program year, 004 "valid for two years, at that
  time providers must re-apply");
* ``rubric``: the rubric a renewal is read against;
* ``allowed_changes``: the kinds of change a renewal may carry (shown to the provider);
* ``new_application_changes``: the changes a renewal may not carry - they need a new
  application (MA: an added subject, a changed core curriculum, added grades; 001);
* ``curriculum_field``: where the core curriculum is written ("store.key" of the form);
* ``resign_assurances``: the assurances are signed again, not copied (MA 001);
* ``copy_documents``: whether the approval's attachments are carried into the renewal (MA:
  "providers submit updated procurement documents", 001, so they are not).

Renewability is the effectiveness rule seen from the renewal: a subject with a removal-length
run of "not_contributed" years (ESEA 1116(e)(4)(D), 002) makes the renewal ungrantable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workflows.effectiveness import removal_due
from workflows.eligibility import Problem

if TYPE_CHECKING:  # pragma: no cover
    from workflows.policy import Policy

__all__ = [
    "CHANGE_KINDS",
    "CYCLE_KINDS",
    "RenewalRule",
    "entry_kind",
    "change_problems",
    "not_renewable_reasons",
    "renewal_opens_on",
    "renewal_window_open",
    "renewal_changes",
]

# Kinds of change a renewal can be checked for, and how a refusal names each (001 wording).
CHANGE_KINDS = {
    "contact": "contact information",
    "service_area": "the service area",
    "rates": "rates",
    "added_subject": "an added subject area",
    "changed_curriculum": "a change of the core curriculum used for instruction",
    "added_grades": "added grades served",
}
CHECKED_CHANGES = ("added_subject", "changed_curriculum", "added_grades")
# Who may enter a round: new applicants, renewing providers, or both (several run at once).
CYCLE_KINDS = ("new", "renewal", "both")
# Refusals of entry; {name} the round, {opens} and {ends} the renewal window.
NOT_FOR_NEW = (
    "{name} is a renewal round, for providers renewing a current approval; new "
    "applicants apply in a round open to new applicants."
)
NOT_YET = (
    "Your current approval runs through {ends}; its renewal opens on {opens}, so "
    "{name} cannot be entered before then."
)
ENDED = (
    "Your approval's term ended on {ends}, so it can no longer be renewed; apply in a round "
    "open to new applicants."
)


@dataclass(frozen=True)
class RenewalRule:
    """A pack's renewal rule (see the module docstring)."""

    opens_on: tuple[int, int]
    rubric: str
    allowed_changes: tuple[str, ...]
    new_application_changes: tuple[str, ...]
    curriculum_field: str | None
    resign_assurances: bool
    copy_documents: bool


def renewal_opens_on(rule: RenewalRule, term_ends_on: dt.date) -> dt.date:
    """The first day a provider whose term ends ``term_ends_on`` may start its renewal: the
    last ``rule.opens_on`` day on or before the term's end (Feb 29 falls back to Feb 28)."""
    month, day = rule.opens_on
    for year in (term_ends_on.year, term_ends_on.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            candidate = dt.date(year, month, 28)
        if candidate <= term_ends_on:
            return candidate
    raise AssertionError("unreachable: a day of the year before is always earlier")


def renewal_window_open(rule: RenewalRule, term_ends_on: dt.date, today: dt.date) -> bool:
    """True while the approval ending ``term_ends_on`` may be renewed on ``today``."""
    return renewal_opens_on(rule, term_ends_on) <= today <= term_ends_on


def entry_kind(
    cycle_kind: str,
    *,
    window: tuple[dt.date, dt.date] | None,
    today: dt.date,
    has_approval: bool | None = None,
) -> tuple[str | None, str | None]:
    """("new" | "renewal", None) for how an organization enters a round of ``cycle_kind`` on
    ``today``, or (None, the refusal's sentence).

    ``window`` is its current approval's renewal window (opens on, term ends), None when it has
    no approval the round's pack can renew. A "new" round takes anyone as a new applicant (MA:
    an added subject needs a new RFR, 001); a "renewal" round only renewals in their window; a
    "both" round takes a renewal in its window and a new applicant, but not an approved
    provider outside its window (it would be listed twice).
    """
    if cycle_kind not in CYCLE_KINDS:
        raise ValueError(f"unknown cycle kind {cycle_kind!r}")
    if has_approval is not None and has_approval != (window is not None):
        raise ValueError("has_approval must agree with window")
    if cycle_kind == "new":
        return "new", None
    if window is None:
        return ("new", None) if cycle_kind == "both" else (None, NOT_FOR_NEW)
    opens, ends = window
    if today > ends:
        return (None, ENDED) if cycle_kind == "renewal" else ("new", None)
    if today < opens:
        return None, NOT_YET
    return "renewal", None


def _spans(grid: object) -> dict[str, set[str]]:
    if not isinstance(grid, Mapping):
        return {}
    return {
        subject: set(spans)
        for subject, spans in grid.items()
        if isinstance(spans, (list, tuple, set)) and spans
    }


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def renewal_changes(
    current: Mapping[str, Any], proposed: Mapping[str, Any]
) -> dict[str, list[str]]:
    """{change kind: details} of the checked changes from ``current`` to ``proposed``.

    Both map ``subjects_by_grade`` ({subject: [grade spans]}) and ``curriculum`` (text).
    """
    before, after = (
        _spans(current.get("subjects_by_grade")),
        _spans(proposed.get("subjects_by_grade")),
    )
    found: dict[str, list[str]] = {}
    added = sorted(set(after) - set(before))
    if added:
        found["added_subject"] = added
    grades = [
        f"{subject} {span}"
        for subject in sorted(set(after) & set(before))
        for span in sorted(after[subject] - before[subject])
    ]
    if grades:
        found["added_grades"] = grades
    if _text(current.get("curriculum")) != _text(proposed.get("curriculum")):
        found["changed_curriculum"] = ["the curriculum description differs"]
    return found


def change_problems(
    rule: RenewalRule, current: Mapping[str, Any], proposed: Mapping[str, Any]
) -> list[Problem]:
    """Problems for each change the renewal may not carry under ``rule`` (they need a new
    application); an empty list when the renewal stays within its allowed changes."""
    fields = {
        "added_subject": "subjects_by_grade",
        "added_grades": "subjects_by_grade",
        "changed_curriculum": rule.curriculum_field or "curriculum",
    }
    problems = []
    for kind, details in renewal_changes(current, proposed).items():
        if kind not in rule.new_application_changes:
            continue
        problems.append(
            Problem(
                fields[kind],
                f"A renewal cannot carry {CHANGE_KINDS[kind]} "
                f"({', '.join(details)}); that needs a new application.",
            )
        )
    return problems


def not_renewable_reasons(
    statuses_by_subject: Mapping[str, Mapping[int, str]], policy: Policy
) -> list[str]:
    """Why the record makes a renewal ungrantable: one sentence per subject with a run of
    ``consecutive_years`` "not_contributed" years (ESEA 1116(e)(4)(D), 002 "Policy for
    Removal"); an empty list when the record allows renewal."""
    needed = policy.effectiveness.consecutive_years
    reasons = []
    for subject, statuses in sorted(statuses_by_subject.items()):
        if not removal_due(statuses, policy):
            continue
        failing = sorted(y for y, s in statuses.items() if s == "not_contributed")
        run = [y for y in failing if all(y - k in failing for k in range(needed))]
        end = run[-1]
        years = ", ".join(f"{y}-{(y + 1) % 100:02d}" for y in range(end - needed + 1, end + 1))
        reasons.append(
            f"Did not contribute to increasing student achievement in {subject} in "
            f"{needed} consecutive program years ({years}): ESEA 1116(e)(4)(D), 002 "
            '"Policy for Removal".'
        )
    return reasons
