"""Program terms an application proposes, checked against the pack's limits (DESIGN.md 5, 11).

``program_problems(policy, terms)`` returns every problem at once (a draft shows them all); an
empty list means the terms are within the limits. Keys of ``terms`` that are absent, or limits the
pack does not set, are not checked: completeness is the form's concern, limits are this module's.

Counting rules, stated because the documents do not:
* sentences are found by pysbd's rule-based segmenter (the "Golden Rules" of sentence boundary
  disambiguation), so titles, degrees, times and street names ("Dr.", "B.A.", "p.m.", "St.") are
  not sentence ends: 004 "12. Program Description" allows three sentences, and a reader counts
  sentences, not full stops. A run of "!" or "?" ("Wow!!!") is one end (pysbd would otherwise
  join it to the next sentence); text without a closing stop is still a sentence.
* a word is a run of non-space characters (the 75-word abstract of 003 "SECTION II").
* without ``delivery``, hours are checked against the smallest minimum of the pack and the fee cap
  against the most generous cap, so only terms that fail under every delivery mode are refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pysbd

from workflows.funding import max_hourly_rate, to_money

if TYPE_CHECKING:  # pragma: no cover
    from workflows.policy import Policy

__all__ = ["Problem", "program_problems", "count_sentences", "count_words"]

DELIVERIES = ("group", "individual")
_MARK_RUN = re.compile(r"([!?])[!?]+")
# One segmenter for the process: building it compiles pysbd's rules. clean=False keeps the text
# as written (cleaning would rejoin lines and change what is counted).
_SEGMENTER = pysbd.Segmenter(language="en", clean=False)


@dataclass(frozen=True)
class Problem:
    """One problem with one field of the proposed terms."""

    field: str
    message: str


def count_sentences(text: str) -> int:
    """Sentences in ``text`` (see the module docstring for the rule)."""
    text = _MARK_RUN.sub(r"\1", text.strip())
    if not text:
        return 0
    return sum(1 for sentence in _SEGMENTER.segment(text) if sentence.strip())


def count_words(text: str) -> int:
    """Words (runs of non-space characters) in ``text``."""
    return len(text.split())


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _min_hours(policy: Policy, terms: Mapping[str, Any]) -> int | None:
    hours = policy.limits.min_hours
    if not hours:
        return None
    delivery = terms.get("delivery")
    if isinstance(delivery, str) and delivery in hours:
        return hours[delivery]
    return min(hours.values())


def _ratio(policy: Policy, terms: Mapping[str, Any]) -> list[Problem]:
    value, limit = terms["students_per_instructor"], policy.limits.students_per_instructor
    if not _whole(value) or value < 1:
        return [Problem("students_per_instructor", "Enter the number of students per instructor.")]
    if limit is not None and value > limit:
        return [
            Problem(
                "students_per_instructor",
                f"At most {limit} students per instructor are allowed; {value} were entered.",
            )
        ]
    return []


def _delivery(policy: Policy, terms: Mapping[str, Any]) -> list[Problem]:
    if terms["delivery"] not in DELIVERIES:
        return [Problem("delivery", "Choose group or individual delivery.")]
    return []


def _hours(policy: Policy, terms: Mapping[str, Any]) -> list[Problem]:
    value, minimum = terms["total_hours"], _min_hours(policy, terms)
    if not isinstance(value, (int, Decimal)) or isinstance(value, bool) or value <= 0:
        return [Problem("total_hours", "Enter the total hours of instruction.")]
    if minimum is not None and value < minimum:
        mode = terms.get("delivery")
        mode = f" of {mode} instruction" if mode in DELIVERIES else ""
        return [
            Problem(
                "total_hours",
                f"The program must offer at least {minimum} hours{mode}; {value} were entered.",
            )
        ]
    return []


def _session(policy: Policy, terms: Mapping[str, Any]) -> list[Problem]:
    value, minimum = terms["session_minutes"], policy.limits.min_session_minutes
    if not _whole(value) or value <= 0:
        return [Problem("session_minutes", "Enter the length of a session in minutes.")]
    if minimum is not None and value < minimum:
        return [
            Problem(
                "session_minutes",
                f"Each session must last at least {minimum} minutes; {value} were entered.",
            )
        ]
    return []


def _rate(policy: Policy, terms: Mapping[str, Any]) -> list[Problem]:
    try:
        rate = to_money(terms["hourly_rate"], "hourly_rate")
    except (TypeError, ValueError):
        return [Problem("hourly_rate", "Enter the hourly rate as an amount of money.")]
    if rate <= 0:
        return [Problem("hourly_rate", "The hourly rate must be more than $0.00.")]
    minimum = _min_hours(policy, terms)
    if policy.limits.fee_cap != "per_pupil_over_min_hours" or "per_pupil_allotment" not in terms:
        return []
    if minimum is None:  # the pack reader refuses this fee cap without limits.min_hours
        return []
    try:
        cap = max_hourly_rate(terms["per_pupil_allotment"], minimum)
    except (TypeError, ValueError):
        return [Problem("per_pupil_allotment", "Enter the per-pupil allotment as money.")]
    if rate > cap:
        return [
            Problem(
                "hourly_rate",
                f"The hourly rate cannot exceed the per-pupil allotment divided by the minimum "
                f"hours (${cap} an hour); ${rate} was entered.",
            )
        ]
    return []


def _service_area(policy: Policy, terms: Mapping[str, Any]) -> list[Problem]:
    area = terms["service_area"]
    if isinstance(area, str) and area.strip().lower() == "statewide":
        if policy.limits.statewide_refused:
            return [
                Problem(
                    "service_area", "Statewide will not be accepted; list the districts you serve."
                )
            ]
        return []
    if isinstance(area, str) or not area or not all(isinstance(d, str) and d for d in area):
        return [Problem("service_area", "List at least one district you are able to serve.")]
    return []


def _description(policy: Policy, terms: Mapping[str, Any]) -> list[Problem]:
    limit, text = policy.limits.description_max_sentences, terms["description"]
    if limit is None or not isinstance(text, str):
        return []
    found = count_sentences(text)
    if found > limit:
        return [
            Problem(
                "description",
                f"The description may have at most {limit} sentences; it has {found}.",
            )
        ]
    return []


def _abstract(key: str, language: str) -> Callable[[Policy, Mapping[str, Any]], list[Problem]]:
    def check(policy: Policy, terms: Mapping[str, Any]) -> list[Problem]:
        """The abstract in ``key`` is within the pack's word limit."""
        limit, text = policy.limits.abstract_max_words, terms[key]
        if limit is None or not isinstance(text, str):
            return []
        found = count_words(text)
        if found > limit:
            return [
                Problem(
                    key, f"The {language} abstract may have at most {limit} words; it has {found}."
                )
            ]
        return []

    return check


# key of terms -> its check; a check runs only when its key is present.
_CHECKS = {
    "students_per_instructor": _ratio,
    "delivery": _delivery,
    "total_hours": _hours,
    "session_minutes": _session,
    "hourly_rate": _rate,
    "service_area": _service_area,
    "description": _description,
    "abstract_en": _abstract("abstract_en", "English"),
    "abstract_es": _abstract("abstract_es", "Spanish"),
}


def program_problems(policy: Policy, terms: Mapping[str, Any]) -> list[Problem]:
    """Every way ``terms`` break ``policy``'s program limits, in a stable order; [] if none.

    Keys: students_per_instructor, total_hours, delivery ("group" | "individual"), hourly_rate,
    per_pupil_allotment, session_minutes, service_area (district codes or "statewide"),
    description, abstract_en, abstract_es. Absent keys are not checked.
    """
    problems: list[Problem] = []
    for key, check in _CHECKS.items():
        if key in terms:
            problems.extend(check(policy, terms))
    return problems
