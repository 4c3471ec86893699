"""Copy for next year (workflows/cycles.py): one year on, rolled forward to a working day of
the pack's calendar; times of day kept; names moved on by a year."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from workflows.cycles import next_year_date, next_year_dates, next_year_name
from workflows.policy import load_policy

SD = load_policy("sd-2009")
CENTRAL = ZoneInfo("America/Chicago")


def test_a_working_day_moves_to_the_same_date_next_year():
    # 004 "Timeline": revised applications by May 15, 2009 (a Friday); May 17, 2010 is a Monday.
    assert next_year_date(date(2009, 4, 9), SD.calendar) == date(2010, 4, 9)  # a Friday


def test_a_weekend_rolls_forward_to_monday():
    assert next_year_date(date(2009, 5, 15), SD.calendar) == date(2010, 5, 17)


def test_a_state_holiday_rolls_forward():
    # July 1, 2009 -> July 1, 2010 (Thursday, a working day); July 5, 2009 -> July 5, 2010 is
    # Independence Day observed (SDCL 1-5-1: July 4 on a Sunday -> Monday), so July 6.
    assert next_year_date(date(2009, 7, 1), SD.calendar) == date(2010, 7, 1)
    assert next_year_date(date(2009, 7, 5), SD.calendar) == date(2010, 7, 6)


def test_february_29_becomes_february_28_or_the_next_working_day():
    assert next_year_date(date(2012, 2, 29), SD.calendar) == date(2013, 2, 28)


def test_closure_days_are_skipped():
    calendar = SD.calendar_with({date(2010, 4, 9): "Blizzard"})
    assert next_year_date(date(2009, 4, 9), calendar) == date(2010, 4, 12)


def test_instants_keep_their_wall_clock_time_and_none_stays_none():
    moved = next_year_dates(
        {
            "due_at": datetime(2009, 4, 9, 17, 0, tzinfo=CENTRAL),
            "opens_on": date(2009, 3, 2),
            "announcement_on": None,
        },
        SD.calendar,
    )
    assert moved == {
        "due_at": datetime(2010, 4, 9, 17, 0, tzinfo=CENTRAL),
        "opens_on": date(2010, 3, 2),
        "announcement_on": None,
    }
    assert moved["due_at"].utcoffset() == datetime(2010, 4, 9, 17, tzinfo=CENTRAL).utcoffset()


def test_next_year_date_refuses_a_datetime():
    with pytest.raises(TypeError):
        next_year_date(datetime(2009, 4, 9, 17, 0), SD.calendar)


@pytest.mark.parametrize(
    "name,expected",
    [
        ("SD 2009", "SD 2010"),
        ("NC 2009-2010 round", "NC 2010-2011 round"),
        ("MA renewals", "MA renewals (next year)"),
        ("Room 12345", "Room 12345 (next year)"),
    ],
)
def test_names_move_on_by_a_year(name, expected):
    assert next_year_name(name) == expected


def test_a_by_date_moves_back_to_a_working_day_never_past_the_program_year_start():
    ma = load_policy("ma-2011")
    # September 1, 2012 is a Saturday; Monday September 3 is Labor Day.
    assert next_year_date(date(2011, 9, 1), ma.calendar) == date(2012, 9, 4)
    assert next_year_date(date(2011, 9, 1), ma.calendar, back=True) == date(2012, 8, 31)
    moved = next_year_dates(
        {"announcement_on": date(2011, 9, 1), "opens_on": date(2011, 9, 1)},
        ma.calendar,
        by_dates=("announcement_on",),
    )
    assert moved == {"announcement_on": date(2012, 8, 31), "opens_on": date(2012, 9, 4)}
