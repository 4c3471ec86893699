"""What a policy pack holds, as immutable values: ``Policy`` and its parts (shared/DESIGN.md
section 2).

``workflows.policy`` loads a pack file into these and ``workflows.policy_reader`` validates each
section as it reads it; both import this module, and this module imports neither, so the
dependency runs one way (policy -> policy_reader -> policy_model).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from workflows.calendar import WorkingCalendar
from workflows.packfile import Table
from workflows.renewal import RenewalRule

UNITS = ("working_days", "calendar_days")
DELIVERIES = ("group", "individual")
FEE_CAPS = ("per_pupil_over_min_hours",)
# The deadlines a reminder goes out for (the deadlines dashboard's kinds, the reviewer's due
# date and the provider's final report); `[reminders]` in a pack sets the working days before.
REMINDER_KINDS = (
    "revision",
    "condition",
    "monitoring_report",
    "monitoring_response",
    "corrective_action",
    "appeal_filing",
    "committee_decision",
    "provider_notice",
    "review_due",
    "final_report",
)


class PolicyError(ValueError):
    """A policy pack is unknown or malformed, or a rule it does not have was asked for."""


@dataclass(frozen=True)
class DeadlineRule:
    """A deadline as data: ``count`` ``unit`` after the event ``from_``."""

    name: str
    count: int
    unit: str  # "working_days" | "calendar_days"
    from_: str  # the event the clock runs from, e.g. "notice_received"
    roll_forward: bool  # calendar-day due dates on a non-working day move to the next one
    description: str
    source: str

    def due(self, start: dt.date, calendar: WorkingCalendar) -> dt.date:
        """The due date when the clock starts on ``start`` (start excluded)."""
        if self.unit == "working_days":
            return calendar.add_working_days(start, self.count)
        return calendar.add_calendar_days(start, self.count, roll_forward=self.roll_forward)

    def summary(self) -> str:
        """'10 working days after notice_received' style text."""
        unit = self.unit.replace("_", " ")
        rolled = ", rolled forward to a working day" if self.roll_forward else ""
        return f"{self.count} {unit} after {self.from_.replace('_', ' ')}{rolled}"


@dataclass(frozen=True)
class ViolationKind:
    """A kind of violation in the pack's catalog; immediate kinds always open a removal case."""

    key: str
    label: str
    immediate: bool
    source: str


@dataclass(frozen=True)
class ConditionKind:
    """A condition of a conditional approval; ``deadline_rule`` None means set by hand."""

    key: str
    label: str
    deadline_rule: str | None


@dataclass(frozen=True)
class Effectiveness:
    """Thresholds for the yearly effectiveness determination (DESIGN.md section 6)."""

    min_completers: int  # fewer completers -> no determination
    consecutive_years: int  # years of "not contributed" in a row that call for removal
    not_utilized_years: int  # years in a row with no served students -> approval expires
    improved_categories: tuple[str, ...]  # achievement answers that count as improved


@dataclass(frozen=True)
class Limits:
    """Program limits an application is checked against (DESIGN.md section 11)."""

    students_per_instructor: int | None
    min_hours: Mapping[str, int] | None  # delivery -> minimum total hours
    min_session_minutes: int | None
    description_max_sentences: int | None
    abstract_max_words: int | None
    fee_cap: str | None  # "per_pupil_over_min_hours" or None
    statewide_refused: bool


@dataclass(frozen=True)
class Letterhead:
    """Who the state's letters come from: the agency, its office, address and phone, and the
    person who signs (name and title). Blank values are silent in the documents; a deployment
    fills them from configuration (`Letterhead.merged`)."""

    agency: str = "State Department of Education"
    office: str = ""
    address: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    signer_name: str = ""
    signer_title: str = "SES State Coordinator"

    def merged(self, overrides: Mapping[str, object]) -> Letterhead:
        """A copy with `overrides` (e.g. from configuration) replacing the pack's values;
        unknown keys are an error, an address may be one string with newlines."""
        values: dict[str, Any] = dict(overrides)
        unknown = set(values) - set(self.__dataclass_fields__)
        if unknown:
            raise PolicyError(f"unknown letterhead field(s): {', '.join(sorted(unknown))}")
        if isinstance(values.get("address"), str):
            values["address"] = tuple(
                line.strip() for line in values["address"].splitlines() if line.strip()
            )
        return replace(self, **values)


@dataclass(frozen=True)
class Policy:
    """One state's rules, loaded from a pack file; immutable."""

    code: str
    name: str
    state: str
    timezone: str
    holiday_subdivision: str
    program_year_start: tuple[int, int]
    approval_term_years: int
    min_reviewers: int
    rubric: str
    uses_interview: bool
    calendar: WorkingCalendar = field(repr=False)
    deadlines: Mapping[str, DeadlineRule] = field(repr=False)
    violation_window_years: int
    violation_kinds: Mapping[str, ViolationKind] = field(repr=False)
    effectiveness: Effectiveness
    limits: Limits
    application_fields: tuple[str, ...]
    condition_kinds: Mapping[str, ConditionKind] = field(repr=False)
    monitoring_indicators: tuple[tuple[str, str], ...] = field(repr=False)
    final_report_due: Mapping[str, tuple[int, int]]
    subjects: tuple[str, ...]
    grade_spans: tuple[str, ...]
    renewal: RenewalRule | None = None  # the pack's [renewal] table; None: no renewal round
    # The pack's own signed statements ((number, text), ...) and the document they come from;
    # and the document whose RFP items the application form cites ("" when the pack's documents
    # have no such form: its pages cite nothing rather than another state's document).
    assurances: tuple[tuple[str, str], ...] = ()
    assurances_source: str = ""
    form_document: str = ""
    # {REMINDER_KINDS value: working days before the due date}; empty -> no reminders.
    reminder_days: Mapping[str, int] = field(default_factory=dict, repr=False)
    letterhead: Letterhead = field(default_factory=Letterhead, repr=False)

    @property
    def tzinfo(self) -> ZoneInfo:
        """The pack's time zone as a ``ZoneInfo`` (deadlines with a time are in it)."""
        return ZoneInfo(self.timezone)

    def rule(self, name: str) -> DeadlineRule:
        """The deadline rule called ``name``; unknown -> PolicyError."""
        try:
            return self.deadlines[name]
        except KeyError:
            known = ", ".join(sorted(self.deadlines))
            raise PolicyError(
                f"Policy {self.code} has no deadline rule {name!r}; it has: {known}"
            ) from None

    def due_date(
        self, rule: str, start: dt.date, *, calendar: WorkingCalendar | None = None
    ) -> dt.date:
        """The due date of ``rule`` when its clock starts on ``start``.

        Pass ``calendar`` (e.g. from ``calendar_with``) to count agency closures.
        """
        return self.rule(rule).due(start, calendar or self.calendar)

    def calendar_with(
        self, closures: Mapping[dt.date, str] | Iterable[dt.date] = ()
    ) -> WorkingCalendar:
        """The pack's calendar plus agency closure days stored elsewhere (e.g. the database)."""
        return self.calendar.with_closures(closures)

    def program_year_of(self, day: dt.date) -> int:
        """The calendar year in which the program year containing ``day`` started."""
        if (day.month, day.day) >= self.program_year_start:
            return day.year
        return day.year - 1

    def program_year_start_date(self, program_year: int) -> dt.date:
        """The first day of program year ``program_year``."""
        return dt.date(program_year, *self.program_year_start)

    def final_report_dates(self, program_year: int) -> dict[str, dt.date]:
        """Due dates of the final reports of ``program_year`` (who -> date), inside that year."""
        start = self.program_year_start_date(program_year)
        dates = {}
        for who, (month, day) in self.final_report_due.items():
            due = dt.date(program_year, month, day)
            dates[who] = due if due >= start else dt.date(program_year + 1, month, day)
        return dates

    def reminder_day(
        self,
        kind: str,
        due_on: dt.date,
        calendar: WorkingCalendar | None = None,
    ) -> dt.date | None:
        """The day the reminder of a `kind` deadline due on `due_on` goes out: the working
        day `reminder_days[kind]` working days before it (holidays and closures skipped);
        None when the pack sends no reminder of that kind."""
        days = self.reminder_days.get(kind)
        if not days:
            return None
        return (calendar or self.calendar).working_days_before(due_on, days)

    def describe(self) -> list[tuple[str, str]]:
        """The pack's values as (name, value) rows, for ``flask ses policy PACK``."""
        from workflows.describe import describe_policy

        return describe_policy(self)


def check_timezone(table: Table, key: str) -> str:
    """Read an IANA time zone name and check the system knows it."""
    name: str = table.str(key)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        table.fail(key, f"unknown time zone {name!r}")
    return name


_K = TypeVar("_K")
_V = TypeVar("_V")


def frozen(mapping: Mapping[_K, _V]) -> Mapping[_K, _V]:
    """A read-only view of ``mapping``."""
    return MappingProxyType(mapping)
