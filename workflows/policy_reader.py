"""Turns a parsed policy-pack file into a ``Policy``, section by section, validating as it goes.

Each ``_read_*`` function reads one section of the file (see workflows/policies/sd-2009.toml for
the layout) and calls ``finish()`` so an unknown key is an error naming file and key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workflows.calendar import WorkingCalendar
from workflows.packfile import Table
from workflows.policy_model import (
    DELIVERIES,
    FEE_CAPS,
    REMINDER_KINDS,
    UNITS,
    ConditionKind,
    DeadlineRule,
    Effectiveness,
    Letterhead,
    Limits,
    Policy,
    ViolationKind,
    check_timezone,
    frozen,
)
from workflows.renewal import CHANGE_KINDS, CHECKED_CHANGES, RenewalRule

__all__ = ["build_policy", "SHARED_RULES"]

# Rule names every pack must define, so the application can ask for them (DESIGN.md section 2).
SHARED_RULES = (
    "appeal_filing",
    "appeal_committee_decision",
    "appeal_provider_notice",
    "monitoring_report",
    "monitoring_response",
    "corrective_action_plan",
)


def build_policy(top: Table) -> Policy:
    """Read every section of a pack file into a ``Policy``."""
    holidays = top.table("holidays")
    subdivision = holidays.str("subdivision")
    deadlines = _read_deadlines(top.table("deadlines"))
    violations = top.table("violations")
    policy = Policy(
        code=top.str("code"),
        name=top.str("name"),
        state=top.str("state"),
        timezone=check_timezone(top, "timezone"),
        holiday_subdivision=subdivision,
        program_year_start=top.month_day("program_year_start"),
        approval_term_years=top.int("approval_term_years", minimum=1),
        min_reviewers=top.int("min_reviewers", minimum=1),
        rubric=top.str("rubric"),
        uses_interview=top.bool("uses_interview"),
        calendar=_read_calendar(holidays, subdivision),
        deadlines=deadlines,
        violation_window_years=violations.int("window_years", minimum=1),
        violation_kinds=_read_violation_kinds(violations.table("kinds")),
        effectiveness=_read_effectiveness(top.table("effectiveness")),
        limits=_read_limits(top.table("limits")),
        application_fields=top.str_list("application_fields"),
        condition_kinds=_read_conditions(top.table("conditions", {}), deadlines),
        monitoring_indicators=_read_indicators(top.tables("monitoring_indicators")),
        final_report_due=_read_final_reports(top.table("final_report_due")),
        subjects=top.str_list("subjects"),
        grade_spans=top.str_list("grade_spans"),
        reminder_days=_read_reminders(top.table("reminders", {})),
        letterhead=_read_letterhead(top.table("letterhead", {})),
        renewal=_read_renewal(top.table("renewal")) if top.has("renewal") else None,
        form_document=top.str("form_document", ""),
        **_read_assurances(top.table("assurances", {})),
    )
    violations.finish()
    top.finish()
    if "missing_final_report" not in policy.violation_kinds:
        violations.fail("kinds", 'must include missing_final_report (004 "Reporting")')
    return policy


def _read_assurances(table: Table) -> dict[str, Any]:
    """The pack's signed statements, numbered in order, and their source document."""
    statements = table.str_list("statements", ())
    result = {
        "assurances": tuple((str(n), text) for n, text in enumerate(statements, 1)),
        "assurances_source": table.str("source", ""),
    }
    if statements and not result["assurances_source"]:
        table.fail("source", "name the document the statements come from")
    table.finish()
    return result


def _read_calendar(holidays: Table, subdivision: str) -> WorkingCalendar:
    added = {}
    for entry in holidays.tables("added", []):
        added[entry.date("date")] = entry.str("name")
        entry.finish()
    removed = []
    for entry in holidays.tables("removed", []):
        removed.append(entry.date("date"))
        entry.str("reason")
        entry.finish()
    names = holidays.str_list("removed_names", ())
    holidays.finish()
    try:
        return WorkingCalendar(subdivision, removed_names=names, added=added, removed=removed)
    except NotImplementedError:
        holidays.fail("subdivision", f"the holidays package does not know {subdivision!r}")
        raise  # unreachable: fail() raises


def _read_deadlines(table: Table) -> Mapping[str, DeadlineRule]:
    rules = {}
    for name in table.keys():
        entry = table.table(name)
        unit = entry.str("unit", choices=UNITS)
        rules[name] = DeadlineRule(
            name=name,
            count=entry.int("count", minimum=1),
            unit=unit,
            from_=entry.str("from"),
            roll_forward=entry.bool("roll_forward", False),
            description=entry.str("description"),
            source=entry.str("source"),
        )
        if unit == "working_days" and rules[name].roll_forward:
            entry.fail("roll_forward", "only calendar-day rules roll forward")
        entry.finish()
    missing = [name for name in SHARED_RULES if name not in rules]
    if missing:
        table.fail(None, f"missing rule(s) {', '.join(missing)}")
    return frozen(rules)


def _read_violation_kinds(table: Table) -> Mapping[str, ViolationKind]:
    kinds = {}
    for key in table.keys():
        entry = table.table(key)
        kinds[key] = ViolationKind(
            key=key,
            label=entry.str("label"),
            immediate=entry.bool("immediate"),
            source=entry.str("source"),
        )
        entry.finish()
    return frozen(kinds)


def _read_effectiveness(table: Table) -> Effectiveness:
    effectiveness = Effectiveness(
        min_completers=table.int("min_completers", minimum=1),
        consecutive_years=table.int("consecutive_years", minimum=1),
        not_utilized_years=table.int("not_utilized_years", minimum=1),
        improved_categories=table.str_list("improved_categories"),
    )
    table.finish()
    return effectiveness


def _read_limits(table: Table) -> Limits:
    min_hours: Mapping[str, int] | None = None
    if table.has("min_hours"):
        hours = table.table("min_hours")
        min_hours = {delivery: hours.int(delivery, minimum=1) for delivery in DELIVERIES}
        hours.finish()
        min_hours = frozen(min_hours)
    limits = Limits(
        students_per_instructor=table.int("students_per_instructor", None, minimum=1),
        min_hours=min_hours,
        min_session_minutes=table.int("min_session_minutes", None, minimum=1),
        description_max_sentences=table.int("description_max_sentences", None, minimum=1),
        abstract_max_words=table.int("abstract_max_words", None, minimum=1),
        fee_cap=table.str("fee_cap", None, choices=FEE_CAPS),
        statewide_refused=table.bool("statewide_refused"),
    )
    if limits.fee_cap and not limits.min_hours:
        table.fail("fee_cap", "a fee cap over minimum hours needs limits.min_hours")
    table.finish()
    return limits


def _read_conditions(
    table: Table, deadlines: Mapping[str, DeadlineRule]
) -> Mapping[str, ConditionKind]:
    kinds = {}
    for key in table.keys():
        entry = table.table(key)
        rule = entry.str("deadline_rule", None)
        if rule is not None and rule not in deadlines:
            entry.fail("deadline_rule", f"no deadline rule called {rule!r}")
        kinds[key] = ConditionKind(key=key, label=entry.str("label"), deadline_rule=rule)
        entry.finish()
    return frozen(kinds)


def _read_indicators(entries: list[Table]) -> tuple[tuple[str, str], ...]:
    indicators = []
    for entry in entries:
        indicators.append((entry.str("key"), entry.str("label")))
        entry.str("source")
        entry.finish()
    keys = [key for key, _ in indicators]
    if len(set(keys)) != len(keys):
        entries[0].fail(None, "monitoring indicator keys must be unique")
    return tuple(indicators)


def _read_final_reports(table: Table) -> Mapping[str, tuple[int, int]]:
    due = {who: table.month_day(who) for who in ("provider", "district")}
    table.finish()
    return frozen(due)


def _read_reminders(table: Table) -> Mapping[str, int]:
    """`default` working days before every kind, overridden kind by kind; 0 sends none."""
    default = table.int("default", 0, minimum=0)
    days = {kind: table.int(kind, default, minimum=0) for kind in REMINDER_KINDS}
    table.finish()
    return frozen(days)


def _read_letterhead(table: Table) -> Letterhead:
    """The agency's letterhead and signer; every key optional (blank: silent in the documents)."""
    default = Letterhead()
    letterhead = Letterhead(
        agency=table.str("agency", default.agency),
        office=table.str("office", ""),
        address=table.str_list("address", ()),
        phone=table.str("phone", ""),
        email=table.str("email", ""),
        signer_name=table.str("signer_name", ""),
        signer_title=table.str("signer_title", default.signer_title),
    )
    table.finish()
    return letterhead


def _read_renewal(table: Table) -> RenewalRule:
    allowed = table.str_list("allowed_changes")
    refused = table.str_list("new_application_changes")
    for key, kinds, known in (
        ("allowed_changes", allowed, CHANGE_KINDS),
        ("new_application_changes", refused, CHECKED_CHANGES),
    ):
        unknown = [k for k in kinds if k not in known]
        if unknown:
            table.fail(
                key, f"unknown change kind(s) {', '.join(unknown)}; known: {', '.join(known)}"
            )
    if set(allowed) & set(refused):
        table.fail("allowed_changes", "a change cannot be both allowed and refused")
    rule = RenewalRule(
        opens_on=table.month_day("opens_on"),
        rubric=table.str("rubric"),
        allowed_changes=allowed,
        new_application_changes=refused,
        curriculum_field=table.str("curriculum_field", None),
        resign_assurances=table.bool("resign_assurances"),
        copy_documents=table.bool("copy_documents"),
    )
    if "changed_curriculum" in refused and not rule.curriculum_field:
        table.fail("curriculum_field", "needed when changed_curriculum is refused")
    table.finish()
    return rule
