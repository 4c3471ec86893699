"""Working days of one state's government (shared/DESIGN.md section 3).

A working day is Monday to Friday and not a holiday of the state. Holidays come from the
``holidays`` package for a US subdivision, corrected by a table the policy pack owns: the package
is not an HR calendar, so a pack can drop holidays its state does not give (``removed_names``,
``removed``) and add days the state does give (``added``). Agency closures (a governor's
proclamation, a storm) are passed in as data, so the agency records them without a code change.

Counting follows South Dakota's statutory convention (SDCL 15-6-6(a)): the start day is excluded,
and "N working days after D" is the N-th working day after D.

A ``WorkingCalendar`` is immutable; ``with_closures`` returns a new one. Holidays are computed per
year on first use and cached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import holidays as holidays_package

__all__ = ["WorkingCalendar"]

_ONE_DAY = dt.timedelta(days=1)
_OBSERVED = " (observed)"
_SATURDAY = 5


def _base_name(name: str) -> str:
    """Return a holiday name without the package's " (observed)" suffix."""
    return name[: -len(_OBSERVED)] if name.endswith(_OBSERVED) else name


def _date(value: dt.date) -> dt.date:
    """``value`` if it is a plain date; datetimes would silently miss every holiday."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise TypeError(f"expected a date, got {value!r}")
    return value


def _as_named_dates(
    days: Mapping[dt.date, str] | Iterable[dt.date], default: str
) -> dict[dt.date, str]:
    """Normalise a mapping of date -> name or an iterable of dates into a dict."""
    if isinstance(days, Mapping):
        named = dict(days)
    else:
        named = {day: default for day in days}
    for day in named:
        _date(day)
    return named


class WorkingCalendar:
    """The working days of one state: weekdays that are not holidays or agency closures."""

    def __init__(
        self,
        subdivision: str,
        *,
        country: str = "US",
        removed_names: Iterable[str] = (),
        added: Mapping[dt.date, str] | Iterable[dt.date] = (),
        removed: Iterable[dt.date] = (),
        closures: Mapping[dt.date, str] | Iterable[dt.date] = (),
    ) -> None:
        """Build a calendar for ``country``/``subdivision`` with the pack's corrections.

        ``removed_names``: holiday names (as the package spells them, without " (observed)") the
        state does not give its employees. ``added``: extra state holidays, date -> name.
        ``removed``: package dates that are working days in this state. ``closures``: agency
        closure days, date -> reason (or plain dates).
        """
        self.country = country
        self.subdivision = subdivision
        self.removed_names = frozenset(removed_names)
        self.added = MappingProxyType(_as_named_dates(added, "State holiday"))
        self.removed = frozenset(_as_named_dates(removed, ""))
        self.closures = MappingProxyType(_as_named_dates(closures, "Agency closure"))
        self._years: dict[int, dict[dt.date, str]] = {}
        # Fail now, not on first use, if the package does not know the subdivision.
        self._holidays_of_year(2009)

    def with_closures(self, closures: Mapping[dt.date, str] | Iterable[dt.date]) -> WorkingCalendar:
        """Return a copy of this calendar with ``closures`` added to its agency closure days."""
        merged = dict(self.closures)
        merged.update(_as_named_dates(closures, "Agency closure"))
        return WorkingCalendar(
            self.subdivision,
            country=self.country,
            removed_names=self.removed_names,
            added=self.added,
            removed=self.removed,
            closures=merged,
        )

    def _holidays_of_year(self, year: int) -> dict[dt.date, str]:
        """The corrected holidays and closures of one year, date -> name (cached)."""
        if year not in self._years:
            listed = holidays_package.country_holidays(
                self.country, subdiv=self.subdivision, years=year
            )
            days: dict[dt.date, str] = {}
            for day, names in listed.items():
                kept = [n for n in names.split("; ") if _base_name(n) not in self.removed_names]
                if kept and day not in self.removed:
                    days[day] = "; ".join(kept)
            for source in (self.added, self.closures):
                for day, name in source.items():
                    if day.year == year:
                        days[day] = f"{days[day]}; {name}" if day in days else name
            self._years[year] = days
        return self._years[year]

    def holiday_name(self, day: dt.date) -> str | None:
        """The holiday or closure that falls on ``day``, or None."""
        return self._holidays_of_year(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        """True if ``day`` is a weekday and neither a state holiday nor an agency closure."""
        _date(day)
        return day.weekday() < _SATURDAY and day not in self._holidays_of_year(day.year)

    def roll_forward(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the next working day."""
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``start`` (start excluded; ``n`` < 1 -> ValueError)."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"n must be a whole number of at least 1, got {n!r}")
        day = _date(start)
        while n:
            day += _ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_before(self, end: dt.date, n: int) -> dt.date:
        """The working day ``n`` working days before ``end``: the day from which
        ``working_days_between`` counts ``n`` up to ``end`` (``n`` < 1 -> ValueError)."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"n must be a whole number of at least 1, got {n!r}")
        day = _date(end)
        while n:
            day -= _ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def add_calendar_days(self, start: dt.date, n: int, *, roll_forward: bool = False) -> dt.date:
        """``start`` + ``n`` days; moved to the next working day when ``roll_forward`` is set."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"n must be a whole number of at least 1, got {n!r}")
        due = _date(start) + dt.timedelta(days=n)
        return self.roll_forward(due) if roll_forward else due

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``.

        If ``end`` is before ``start`` the answer is negative: minus the working days after
        ``end`` up to and including ``start``, so the count is antisymmetric.
        """
        if _date(end) < _date(start):
            return -self.working_days_between(end, start)
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return count

    def holidays_between(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
        """Holidays and closures from ``start`` to ``end`` inclusive, weekends included, by date."""
        found: list[tuple[dt.date, str]] = []
        for year in range(start.year, end.year + 1):
            for day, name in self._holidays_of_year(year).items():
                if start <= day <= end:
                    found.append((day, name))
        return sorted(found)

    def __repr__(self) -> str:
        return (
            f"WorkingCalendar({self.country}-{self.subdivision}, "
            f"{len(self.added)} added, {len(self.removed) + len(self.removed_names)} removed, "
            f"{len(self.closures)} closures)"
        )
