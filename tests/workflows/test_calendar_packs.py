"""Each pack's working days over 2009-2011 and 2026, checked by hand against state holiday law.

Expected dates are written literally. Weekdays: 2009-07-03 Fri, 2009-11-26 Thu, 2009-12-25 Fri,
2010-07-04 Sun, 2010-12-25 Sat, 2011-01-01 Sat, 2011-12-25 Sun, 2012-01-01 Sun, 2026-07-04 Sat,
2026-12-25 Fri.

SD - SDCL 1-5-1: New Year, MLK, Presidents' Day, Memorial, Juneteenth (SL 2022, ch 1), July 4,
Labor, Native Americans' Day (2nd Mon Oct), Veterans, Thanksgiving, Christmas; Saturday holidays on
the Friday before, Sunday on the Monday after. No day after Thanksgiving; Statehood Day (Nov 2) is a
"working holiday" (SDCL 1-5-1.3).
NC - G.S. 126-4 and the State Human Resources Commission's schedule: New Year, MLK, Good Friday,
Memorial, July 4, Labor, Veterans, Thanksgiving x2, Christmas x3 (Christmas Eve, Christmas Day, day
after, moved off weekends: 2009: Dec 24, 25, 28; 2010: Dec 23, 24, 27; 2011: Dec 23, 26, 27;
2026: Dec 24, 25, 28); no Presidents' Day, no Juneteenth.
MA - M.G.L. c. 4 s. 7 cl. 18th: New Year, MLK, Washington's Birthday, Patriots' Day, Memorial,
Juneteenth (2021-), July 4, Labor, Columbus, Veterans, Thanksgiving, Christmas; Sunday holidays on
Monday, Saturday holidays not moved. Evacuation Day and Bunker Hill Day are Suffolk County only
(DESE is in Malden, Middlesex County): working days.
"""

from datetime import date

import pytest

from workflows.policy import load_policy

D = date

# (pack, day, is a working day, why)
DAYS = [
    # South Dakota
    ("sd-2009", D(2009, 7, 2), True, "Thursday before the July 4th weekend"),
    ("sd-2009", D(2009, 7, 3), False, "July 4 (Sat) observed Friday"),
    ("sd-2009", D(2009, 7, 6), True, "Monday after"),
    ("sd-2009", D(2009, 10, 12), False, "Native Americans' Day, 2nd Monday of October"),
    ("sd-2009", D(2009, 11, 2), True, "Statehood Day is a working day"),
    ("sd-2009", D(2009, 11, 11), False, "Veterans Day"),
    ("sd-2009", D(2009, 11, 26), False, "Thanksgiving"),
    ("sd-2009", D(2009, 11, 27), True, "no day after Thanksgiving in SD"),
    ("sd-2009", D(2009, 12, 24), True, "Christmas Eve is a working day"),
    ("sd-2009", D(2009, 12, 25), False, "Christmas"),
    ("sd-2009", D(2010, 1, 1), False, "New Year's Day"),
    ("sd-2009", D(2010, 7, 5), False, "July 4 (Sun) observed Monday"),
    ("sd-2009", D(2010, 12, 24), False, "Christmas (Sat) observed Friday"),
    ("sd-2009", D(2010, 12, 31), False, "New Year 2011 (Sat) observed Friday"),
    ("sd-2009", D(2011, 10, 10), False, "Native Americans' Day"),
    ("sd-2009", D(2011, 12, 26), False, "Christmas (Sun) observed Monday"),
    ("sd-2009", D(2012, 1, 2), False, "New Year (Sun) observed Monday"),
    ("sd-2009", D(2021, 6, 18), True, "Juneteenth was not an SD holiday in 2021"),
    ("sd-2009", D(2026, 6, 19), False, "Juneteenth, SDCL 1-5-1 as amended by SL 2022, ch 1"),
    ("sd-2009", D(2026, 7, 3), False, "July 4 (Sat) observed Friday"),
    ("sd-2009", D(2026, 11, 2), True, "Statehood Day is a working day"),
    ("sd-2009", D(2026, 11, 27), True, "no day after Thanksgiving"),
    # North Carolina
    ("nc-2009", D(2009, 2, 16), True, "Presidents' Day is not an NC State holiday"),
    ("nc-2009", D(2009, 4, 10), False, "Good Friday"),
    ("nc-2009", D(2009, 7, 3), False, "July 4 (Sat) observed Friday"),
    ("nc-2009", D(2009, 11, 27), False, "second Thanksgiving day"),
    ("nc-2009", D(2009, 12, 24), False, "Christmas day 1 of 3"),
    ("nc-2009", D(2009, 12, 28), False, "Christmas day 3 of 3"),
    ("nc-2009", D(2009, 12, 29), True, "back to work"),
    ("nc-2009", D(2010, 4, 2), False, "Good Friday"),
    ("nc-2009", D(2010, 12, 23), False, "Christmas day 1 of 3"),
    ("nc-2009", D(2010, 12, 27), False, "Christmas day 3 of 3"),
    ("nc-2009", D(2010, 12, 31), False, "New Year 2011 (Sat) observed Friday"),
    ("nc-2009", D(2011, 11, 25), False, "second Thanksgiving day"),
    ("nc-2009", D(2011, 12, 23), False, "Christmas day 1 of 3"),
    ("nc-2009", D(2011, 12, 27), False, "Christmas day 3 of 3"),
    ("nc-2009", D(2011, 12, 28), True, "back to work"),
    ("nc-2009", D(2026, 2, 16), True, "Presidents' Day is not an NC State holiday"),
    ("nc-2009", D(2026, 6, 19), True, "Juneteenth is not an NC State holiday"),
    ("nc-2009", D(2026, 12, 28), False, "Christmas day 3 of 3"),
    # Massachusetts
    ("ma-2011", D(2009, 3, 17), True, "Evacuation Day: Suffolk County only"),
    ("ma-2011", D(2009, 4, 20), False, "Patriots' Day"),
    ("ma-2011", D(2009, 6, 17), True, "Bunker Hill Day: Suffolk County only"),
    ("ma-2011", D(2009, 7, 3), True, "July 4 (Sat) is not moved to Friday"),
    ("ma-2011", D(2009, 10, 12), False, "Columbus Day"),
    ("ma-2011", D(2009, 11, 27), True, "no day after Thanksgiving"),
    ("ma-2011", D(2010, 7, 5), False, "July 4 (Sun) observed Monday"),
    ("ma-2011", D(2010, 12, 24), True, "Christmas (Sat) is not moved to Friday"),
    ("ma-2011", D(2010, 12, 31), True, "New Year 2011 (Sat) is not moved to Friday"),
    ("ma-2011", D(2011, 4, 18), False, "Patriots' Day"),
    ("ma-2011", D(2011, 12, 26), False, "Christmas (Sun) observed Monday"),
    ("ma-2011", D(2026, 6, 19), False, "Juneteenth (c. 4 s. 7, from 2021)"),
    ("ma-2011", D(2026, 7, 3), True, "July 4 (Sat) is not moved to Friday"),
]


@pytest.mark.parametrize(("pack", "day", "working", "why"), DAYS)
def test_working_day(pack, day, working, why):
    assert load_policy(pack).calendar.is_working_day(day) is working, why


# (pack, start, n, n-th working day after start, why)
ADDED = [
    ("sd-2009", D(2009, 7, 2), 10, D(2009, 7, 17), "skips Fri Jul 3: Jul 6-10, 13-17"),
    ("sd-2009", D(2009, 11, 25), 1, D(2009, 11, 27), "skips Thanksgiving only"),
    ("sd-2009", D(2009, 12, 23), 3, D(2009, 12, 29), "Dec 24, 28, 29"),
    ("sd-2009", D(2010, 7, 2), 1, D(2010, 7, 6), "skips Mon Jul 5"),
    ("sd-2009", D(2010, 12, 23), 1, D(2010, 12, 27), "skips Fri Dec 24"),
    ("sd-2009", D(2011, 12, 23), 2, D(2011, 12, 28), "skips Mon Dec 26: Dec 27, 28"),
    ("sd-2009", D(2011, 12, 30), 1, D(2012, 1, 3), "skips Mon Jan 2"),
    ("sd-2009", D(2026, 7, 2), 10, D(2026, 7, 17), "skips Fri Jul 3"),
    ("nc-2009", D(2009, 11, 25), 1, D(2009, 11, 30), "skips Thanksgiving Thu and Fri"),
    ("nc-2009", D(2009, 12, 23), 1, D(2009, 12, 29), "skips Dec 24, 25, 28"),
    ("nc-2009", D(2009, 12, 21), 5, D(2009, 12, 31), "insurance proof: Dec 22, 23, 29, 30, 31"),
    ("nc-2009", D(2010, 12, 22), 1, D(2010, 12, 28), "skips Dec 23, 24, 27"),
    ("nc-2009", D(2011, 12, 22), 1, D(2011, 12, 28), "skips Dec 23, 26, 27"),
    ("nc-2009", D(2026, 12, 23), 1, D(2026, 12, 29), "skips Dec 24, 25, 28"),
    ("ma-2011", D(2009, 7, 2), 10, D(2009, 7, 16), "Fri Jul 3 counts: Jul 3, 6-10, 13-16"),
    ("ma-2011", D(2010, 12, 23), 1, D(2010, 12, 24), "Fri Dec 24 is a working day"),
    ("ma-2011", D(2026, 7, 2), 1, D(2026, 7, 3), "Fri Jul 3 is a working day"),
]


@pytest.mark.parametrize(("pack", "start", "n", "due", "why"), ADDED)
def test_add_working_days(pack, start, n, due, why):
    assert load_policy(pack).calendar.add_working_days(start, n) == due, why


# (pack, start, end, working days after start up to and including end)
BETWEEN = [
    ("sd-2009", D(2009, 12, 24), D(2010, 1, 4), 5),  # Dec 28-31, Jan 4
    ("sd-2009", D(2010, 12, 23), D(2011, 1, 3), 5),  # Dec 27-30, Jan 3
    ("nc-2009", D(2009, 12, 23), D(2010, 1, 4), 4),  # Dec 29-31, Jan 4
    ("nc-2009", D(2010, 12, 22), D(2011, 1, 3), 4),  # Dec 28-30, Jan 3
    ("ma-2011", D(2010, 12, 23), D(2011, 1, 3), 7),  # Dec 24, 27-31, Jan 3
]


@pytest.mark.parametrize(("pack", "start", "end", "count"), BETWEEN)
def test_working_days_between(pack, start, end, count):
    calendar = load_policy(pack).calendar
    assert calendar.working_days_between(start, end) == count
    assert calendar.working_days_between(end, start) == -count


def test_the_cli_example():
    """`flask ses due-date sd-2009 appeal_filing 2009-07-02` prints 2009-07-17 (002 "Appeal")."""
    assert load_policy("sd-2009").due_date("appeal_filing", D(2009, 7, 2)) == D(2009, 7, 17)


def test_holidays_between_lists_corrections_by_name():
    holidays = load_policy("nc-2009").calendar.holidays_between(D(2009, 12, 20), D(2010, 1, 2))
    assert [day for day, _ in holidays] == [
        D(2009, 12, 24),
        D(2009, 12, 25),
        D(2009, 12, 28),
        D(2010, 1, 1),
    ]
    assert all(name for _, name in holidays)
