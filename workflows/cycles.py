"""A cycle's dates carried to next year ("copy for next year").

The documents give each year's dates afresh (004 "Timeline": due April 9, revisions May 15,
announced by July 1, 2009); none says how next year's are found. The rule chosen here: every
date moves to the same calendar day one year later (February 29 becomes February 28), and a
day that is then not a working day of the pack's calendar (a weekend, a state holiday, an
agency closure) rolls forward to the next working day, so a deadline never lands on a day the
office is closed. A date and time keeps its wall-clock time in the pack's time zone. The
coordinator reviews the copy before it opens.

The exception is a "by" date the approval term is computed from - the announcement (004:
approvals "announced by July 1"; it names the program year the approvals serve): it moves back
to the working day before instead, so it never slips past the program year's first day (MA:
September 1, 2012 is a Saturday and September 3 Labor Day; rolling forward to September 4
would make the approvals serve the wrong year).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from workflows.calendar import WorkingCalendar

__all__ = ["next_year_date", "next_year_dates", "next_year_name"]


def _plus_one_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # February 29
        return day.replace(year=day.year + 1, day=28)


def next_year_date(day: dt.date, calendar: WorkingCalendar, *, back: bool = False) -> dt.date:
    """``day`` one year later, rolled forward (``back``: back) to a working day of
    ``calendar``."""
    if isinstance(day, dt.datetime):
        raise TypeError("next_year_date takes a date; use next_year_dates for date and time")
    moved = _plus_one_year(day)
    if not back:
        return calendar.roll_forward(moved)
    while not calendar.is_working_day(moved):
        moved -= dt.timedelta(days=1)
    return moved


def next_year_dates(
    dates: Mapping[str, dt.date | dt.datetime | None],
    calendar: WorkingCalendar,
    *,
    by_dates: tuple[str, ...] = (),
) -> dict[str, dt.date | dt.datetime | None]:
    """Each value of ``dates`` carried to next year; None stays None. A ``datetime`` (local
    wall-clock time, aware or naive) keeps its time of day on the moved date. Keys in
    ``by_dates`` move back to a working day instead of forward."""
    moved: dict[str, dt.date | dt.datetime | None] = {}
    for key, value in dates.items():
        if value is None:
            moved[key] = None
        elif isinstance(value, dt.datetime):
            day = next_year_date(value.date(), calendar)
            moved[key] = value.replace(year=day.year, month=day.month, day=day.day)
        else:
            moved[key] = next_year_date(value, calendar, back=key in by_dates)
    return moved


_YEAR = re.compile(r"(?<!\d)(19|20)(\d\d)(?!\d)")


def next_year_name(name: str) -> str:
    """The cycle's name with each year in it moved on by one ("SD 2009-10" stays readable:
    only four-digit years change); a name without a year gets " (next year)"."""
    if not _YEAR.search(name):
        return f"{name} (next year)"
    return _YEAR.sub(lambda m: str(int(m.group(0)) + 1), name)
