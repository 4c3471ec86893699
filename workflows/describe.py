"""A pack's values as rows of (name, value) text, for ``flask ses policy PACK`` to print."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from workflows.policy import Policy

__all__ = ["describe_policy"]


def _month_day(pair: tuple[int, int]) -> str:
    return f"{pair[0]:02d}-{pair[1]:02d}"


def _or_none(value: object) -> str:
    return "-" if value is None else str(value)


def _limit_rows(policy: Policy) -> list[tuple[str, str]]:
    limits = policy.limits
    hours = limits.min_hours
    return [
        ("limit: students per instructor (max)", _or_none(limits.students_per_instructor)),
        (
            "limit: minimum total hours",
            ", ".join(f"{k} {v}" for k, v in hours.items()) if hours else "-",
        ),
        ("limit: minimum session minutes", _or_none(limits.min_session_minutes)),
        ("limit: description sentences (max)", _or_none(limits.description_max_sentences)),
        ("limit: abstract words (max)", _or_none(limits.abstract_max_words)),
        ("limit: fee cap", _or_none(limits.fee_cap)),
        ("limit: statewide service area refused", "yes" if limits.statewide_refused else "no"),
    ]


def describe_policy(policy: Policy) -> list[tuple[str, str]]:
    """Every value of ``policy`` as (name, value) rows, deadlines and catalogs included."""
    cal = policy.calendar
    rows = [
        ("code", policy.code),
        ("name", policy.name),
        ("state", policy.state),
        ("time zone", policy.timezone),
        ("holiday subdivision", policy.holiday_subdivision),
        (
            "holiday corrections",
            f"{len(cal.added)} added, {len(cal.removed)} removed, names removed: "
            f"{', '.join(sorted(cal.removed_names)) or '-'}",
        ),
        ("program year starts", _month_day(policy.program_year_start)),
        ("approval term (years)", str(policy.approval_term_years)),
        ("minimum reviewers", str(policy.min_reviewers)),
        ("rubric", policy.rubric),
        ("phone interview", "yes" if policy.uses_interview else "no"),
        ("subjects", ", ".join(policy.subjects)),
        ("grade spans", ", ".join(policy.grade_spans)),
        ("extra application fields", ", ".join(policy.application_fields) or "-"),
        ("violation window (years)", str(policy.violation_window_years)),
        ("effectiveness: minimum completers", str(policy.effectiveness.min_completers)),
        ("effectiveness: consecutive years", str(policy.effectiveness.consecutive_years)),
        ("not utilized after (years)", str(policy.effectiveness.not_utilized_years)),
    ]
    return rows + _limit_rows(policy) + _catalog_rows(policy)


def _catalog_rows(policy: Policy) -> list[tuple[str, str]]:
    rows = [
        (f"final report due: {who}", _month_day(md)) for who, md in policy.final_report_due.items()
    ]
    rows += [(f"deadline: {r.name}", r.summary()) for r in policy.deadlines.values()]
    rows += [
        (f"violation: {k.key}", f"{k.label} ({'immediate' if k.immediate else 'standard'})")
        for k in policy.violation_kinds.values()
    ]
    rows += [
        (f"condition: {c.key}", f"{c.label} (due: {c.deadline_rule or 'set by hand'})")
        for c in policy.condition_kinds.values()
    ]
    rows += [(f"monitoring indicator: {key}", label) for key, label in policy.monitoring_indicators]
    if policy.renewal is not None:
        rule = policy.renewal
        opens = f"the last {_month_day(rule.opens_on)} on or before the term ends"
        rows += [
            ("renewal opens", opens),
            ("renewal rubric", rule.rubric),
            ("renewal may change", ", ".join(rule.allowed_changes) or "-"),
            ("renewal needs a new application for", ", ".join(rule.new_application_changes) or "-"),
        ]
    return rows
