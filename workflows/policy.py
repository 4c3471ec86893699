"""Policy packs: one product, many states (shared/DESIGN.md section 2).

Every number, deadline, catalog and holiday correction a state's rules need lives in
``workflows/policies/<code>.toml``, each value with a comment naming its source document. This
module loads a pack into an immutable ``Policy`` and validates it on load: a missing, mistyped or
unknown value raises ``PolicyError`` naming the file and the key.

    >>> from datetime import date
    >>> policy = load_policy("sd-2009")
    >>> policy.due_date("appeal_filing", date(2009, 7, 2))
    datetime.date(2009, 7, 17)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from workflows.calendar import WorkingCalendar
from workflows.packfile import Table, read_toml
from workflows.renewal import RenewalRule

__all__ = [
    "DEFAULT_POLICY",
    "POLICY_DIR",
    "ConditionKind",
    "DeadlineRule",
    "Effectiveness",
    "Limits",
    "Policy",
    "PolicyError",
    "ViolationKind",
    "available_policies",
    "load_policy",
    "load_policy_file",
]

POLICY_DIR = Path(__file__).parent / "policies"
DEFAULT_POLICY = "sd-2009"
UNITS = ("working_days", "calendar_days")
DELIVERIES = ("group", "individual")
FEE_CAPS = ("per_pupil_over_min_hours",)
_CODE = re.compile(r"^[a-z]{2}-[0-9]{4}$")


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

    def describe(self) -> list[tuple[str, str]]:
        """The pack's values as (name, value) rows, for ``flask ses policy PACK``."""
        from workflows.describe import describe_policy

        return describe_policy(self)


def available_policies() -> tuple[str, ...]:
    """Codes of the packs shipped in ``workflows/policies``."""
    return tuple(sorted(p.stem for p in POLICY_DIR.glob("*.toml")))


@lru_cache(maxsize=None)
def load_policy(code: str = DEFAULT_POLICY) -> Policy:
    """Load the pack called ``code`` (e.g. "sd-2009"); unknown or malformed -> PolicyError."""
    if not isinstance(code, str) or not _CODE.match(code):
        raise PolicyError(f"{code!r} is not a policy pack code (expected e.g. 'sd-2009')")
    path = POLICY_DIR / f"{code}.toml"
    if not path.is_file():
        known = ", ".join(available_policies())
        raise PolicyError(f"There is no policy pack {code!r}; known packs: {known}")
    return load_policy_file(path)


def load_policy_file(path: Path | str) -> Policy:
    """Load and validate a pack file; its ``code`` must match the file name."""
    from workflows.policy_reader import build_policy

    path = Path(path)
    top = read_toml(path, PolicyError)
    policy = build_policy(top)
    if policy.code != path.stem:
        top.fail("code", f"is {policy.code!r} but the file is named {path.name}")
    return policy


def check_timezone(table: Table, key: str) -> str:
    """Read an IANA time zone name and check the system knows it."""
    name = table.str(key)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        table.fail(key, f"unknown time zone {name!r}")
    return name


def frozen(mapping: dict) -> Mapping:
    """A read-only view of ``mapping``."""
    return MappingProxyType(mapping)
