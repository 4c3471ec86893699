"""WorkingCalendar: counting rules, closures, corrections and properties (DESIGN.md section 3)."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflows.calendar import WorkingCalendar
from workflows.policy import load_policy

PACKS = ("sd-2009", "nc-2009", "ma-2011")
days = st.dates(min_value=date(2009, 1, 1), max_value=date(2027, 12, 31))
counts = st.integers(min_value=1, max_value=60)
packs = st.sampled_from(PACKS)
quick = settings(max_examples=150, deadline=None, database=None)


@quick
@given(packs, days, counts)
def test_due_date_is_a_working_day_after_start(pack, start, n):
    calendar = load_policy(pack).calendar
    due = calendar.add_working_days(start, n)
    assert due > start and calendar.is_working_day(due)


@quick
@given(packs, days, counts)
def test_due_date_grows_with_n(pack, start, n):
    calendar = load_policy(pack).calendar
    assert calendar.add_working_days(start, n + 1) > calendar.add_working_days(start, n)


@quick
@given(packs, days, counts)
def test_between_inverts_add(pack, start, n):
    calendar = load_policy(pack).calendar
    assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n


@quick
@given(packs, days, days)
def test_between_is_antisymmetric(pack, a, b):
    calendar = load_policy(pack).calendar
    assert calendar.working_days_between(a, b) == -calendar.working_days_between(b, a)


@quick
@given(packs, days)
def test_roll_forward_is_the_first_working_day_on_or_after(pack, day):
    calendar = load_policy(pack).calendar
    rolled = calendar.roll_forward(day)
    assert rolled >= day and calendar.is_working_day(rolled)
    skipped = (day + timedelta(days=k) for k in range((rolled - day).days))
    assert not any(calendar.is_working_day(d) for d in skipped)


def test_n_below_one_is_refused():
    calendar = load_policy("sd-2009").calendar
    for n in (0, -1, True, 1.5):
        with pytest.raises(ValueError):
            calendar.add_working_days(date(2009, 7, 2), n)


def test_same_day_is_zero():
    assert (
        load_policy("sd-2009").calendar.working_days_between(date(2009, 7, 2), date(2009, 7, 2))
        == 0
    )


def test_weekends_are_not_working_days():
    calendar = load_policy("ma-2011").calendar
    assert not calendar.is_working_day(date(2009, 7, 11))  # Saturday
    assert not calendar.is_working_day(date(2009, 7, 12))  # Sunday
    assert calendar.roll_forward(date(2009, 7, 11)) == date(2009, 7, 13)


def test_closures_without_code_change():
    policy = load_policy("sd-2009")
    storm = policy.calendar_with({date(2009, 7, 6): "Blizzard closure"})
    assert not storm.is_working_day(date(2009, 7, 6))
    assert storm.holiday_name(date(2009, 7, 6)) == "Blizzard closure"
    assert policy.calendar.is_working_day(date(2009, 7, 6)), "the pack's calendar is unchanged"
    due = policy.due_date("appeal_filing", date(2009, 7, 2), calendar=storm)
    assert due == date(2009, 7, 20)
    plain = policy.calendar_with([date(2009, 7, 7)])
    assert plain.holiday_name(date(2009, 7, 7)) == "Agency closure"


def test_corrections_added_removed_and_by_name():
    calendar = WorkingCalendar(
        "SD",
        removed_names=["Veterans Day"],
        added={date(2009, 11, 2): "Statehood Day (hypothetical)"},
        removed=[date(2009, 11, 26)],
    )
    assert calendar.is_working_day(date(2009, 11, 11))
    assert not calendar.is_working_day(date(2009, 11, 2))
    assert calendar.is_working_day(date(2009, 11, 26))
    assert calendar.holidays_between(date(2009, 11, 1), date(2009, 11, 30)) == [
        (date(2009, 11, 2), "Statehood Day (hypothetical)")
    ]


def test_observed_names_are_removed_with_their_holiday():
    calendar = WorkingCalendar("NC", removed_names=["Juneteenth National Independence Day"])
    assert calendar.is_working_day(date(2021, 6, 18))  # Juneteenth (Sat) observed Friday
    assert calendar.is_working_day(date(2022, 6, 20))  # Juneteenth (Sun) observed Monday


def test_bad_inputs():
    with pytest.raises(TypeError):
        WorkingCalendar("SD", closures=["2009-07-06"])
    calendar = load_policy("sd-2009").calendar
    with pytest.raises(TypeError):
        calendar.add_working_days(datetime(2009, 7, 2, 9, 0), 1)
    with pytest.raises(TypeError):
        calendar.is_working_day("2009-07-03")
    with pytest.raises(NotImplementedError):
        WorkingCalendar("ZZ")


def test_working_days_before_skips_weekends_and_holidays():
    from workflows.policy import load_policy

    calendar = load_policy("sd-2009").calendar
    # Tuesday Sept 8, 2009 follows Labor Day: 3 working days before is Wednesday Sept 2.
    assert calendar.working_days_before(date(2009, 9, 8), 3) == date(2009, 9, 2)
    assert calendar.working_days_before(date(2009, 9, 10), 1) == date(2009, 9, 9)
    for end in (date(2009, 9, 8), date(2009, 12, 28), date(2010, 1, 4)):
        for n in (1, 2, 5):
            start = calendar.working_days_before(end, n)
            assert calendar.is_working_day(start)
            assert calendar.working_days_between(start, end) == n
    with pytest.raises(ValueError):
        calendar.working_days_before(date(2009, 9, 8), 0)


def test_reminder_days_per_pack():
    from workflows.policy import REMINDER_KINDS, load_policy

    for code in ("sd-2009", "nc-2009", "ma-2011"):
        policy = load_policy(code)
        assert set(policy.reminder_days) == set(REMINDER_KINDS)
        assert policy.reminder_day("appeal_filing", date(2009, 9, 8)) == date(2009, 9, 3)


def test_letterhead_per_pack_and_overrides():
    from workflows.policy import PolicyError

    sd = load_policy("sd-2009").letterhead
    assert (sd.agency, sd.signer_name, sd.phone) == (
        "South Dakota Department of Education",
        "Beth Schiltz",
        "(605) 773-4716",
    )
    assert (
        load_policy("nc-2009").letterhead.agency
        == "North Carolina Department of Public Instruction"
    )
    merged = sd.merged({"address": "A\n\n B ", "signer_name": "C"})
    assert merged.address == ("A", "B") and merged.signer_name == "C" and sd.signer_name != "C"
    with pytest.raises(PolicyError):
        sd.merged({"signature": "x"})
