"""Renewal rules without an app or database (workflows/renewal.py): the window each pack opens
(MA 001 "each year, in June"; SD 004 "valid for two years, at that time providers must
re-apply"; NC decided from 003), who may enter which kind of round, the changes a renewal may
not carry (MA 001: added subject, changed core curriculum, added grades need a new RFR), and
renewability on the record (ESEA 1116(e)(4)(D), 002)."""

import itertools
from datetime import date

import pytest

from workflows.packfile import Table
from workflows.policy import PolicyError, load_policy
from workflows.policy_reader import _read_renewal
from workflows.renewal import (
    CYCLE_KINDS,
    RenewalRule,
    change_problems,
    entry_kind,
    not_renewable_reasons,
    renewal_changes,
    renewal_opens_on,
    renewal_window_open,
)

MA, SD, NC = (load_policy(c) for c in ("ma-2011", "sd-2009", "nc-2009"))


def test_every_pack_has_a_renewal_rule_naming_its_own_rubric():
    for policy in (MA, SD, NC):
        assert policy.renewal is not None and policy.renewal.rubric == policy.rubric
        assert policy.renewal.resign_assurances


def test_ma_renews_each_june_for_the_term_ending_august_31():
    # MA program year starts September 1 (001), one-year term: ends August 31.
    assert renewal_opens_on(MA.renewal, date(2012, 8, 31)) == date(2012, 6, 1)
    assert not renewal_window_open(MA.renewal, date(2012, 8, 31), date(2012, 5, 31))
    assert renewal_window_open(MA.renewal, date(2012, 8, 31), date(2012, 6, 1))
    assert renewal_window_open(MA.renewal, date(2012, 8, 31), date(2012, 8, 31))
    assert not renewal_window_open(MA.renewal, date(2012, 8, 31), date(2012, 9, 1))


def test_sd_reapplies_in_the_last_year_of_the_two_year_term():
    assert renewal_opens_on(SD.renewal, date(2011, 6, 30)) == date(2011, 1, 1)
    assert renewal_window_open(SD.renewal, date(2011, 6, 30), date(2011, 3, 1))
    assert not renewal_window_open(SD.renewal, date(2011, 6, 30), date(2010, 3, 1))


def test_a_term_ending_before_the_opening_day_opens_the_year_before():
    rule = RenewalRule((6, 1), "ma-2011", (), (), None, True, False)
    assert renewal_opens_on(rule, date(2012, 5, 31)) == date(2011, 6, 1)
    leap = RenewalRule((2, 29), "ma-2011", (), (), None, True, False)
    assert renewal_opens_on(leap, date(2013, 3, 1)) == date(2013, 2, 28)
    assert renewal_opens_on(leap, date(2012, 3, 1)) == date(2012, 2, 29)


WINDOW = (date(2011, 1, 1), date(2011, 6, 30))
DAYS = {
    "before": date(2010, 12, 31),
    "opens": date(2011, 1, 1),
    "ends": date(2011, 6, 30),
    "after": date(2011, 7, 1),
}
# (cycle kind, has a renewable approval, day) -> how it enters (None: refused)
EXPECTED = {
    **{("new", has, day): "new" for has in (False, True) for day in DAYS},
    **{("both", False, day): "new" for day in DAYS},
    **{("renewal", False, day): None for day in DAYS},
    ("both", True, "before"): None,
    ("both", True, "opens"): "renewal",
    ("both", True, "ends"): "renewal",
    ("both", True, "after"): "new",
    ("renewal", True, "before"): None,
    ("renewal", True, "opens"): "renewal",
    ("renewal", True, "ends"): "renewal",
    ("renewal", True, "after"): None,
}


@pytest.mark.parametrize("kind,has,day", list(itertools.product(CYCLE_KINDS, (False, True), DAYS)))
def test_entry_for_every_kind_approval_and_day(kind, has, day):
    entered, reason = entry_kind(
        kind, window=WINDOW if has else None, today=DAYS[day], has_approval=has
    )
    assert entered == EXPECTED[(kind, has, day)]
    assert (reason is None) == (entered is not None)


def test_entry_refusals_say_why():
    assert "renewal round" in entry_kind("renewal", window=None, today=DAYS["opens"])[1]
    assert "opens on {opens}" in entry_kind("both", window=WINDOW, today=DAYS["before"])[1]
    assert "term ended" in entry_kind("renewal", window=WINDOW, today=DAYS["after"])[1]
    with pytest.raises(ValueError):
        entry_kind("sometimes", window=None, today=DAYS["opens"])
    with pytest.raises(ValueError):
        entry_kind("new", window=None, today=DAYS["opens"], has_approval=True)


CURRENT = {
    "subjects_by_grade": {"reading": ["K-2", "3-5"], "math": ["3-5"]},
    "curriculum": "Phonics first, then  fluency.",
}


def test_ma_refuses_an_added_subject_added_grades_and_a_changed_curriculum():
    proposed = {
        "subjects_by_grade": {
            "reading": ["K-2", "3-5", "6-8"],
            "math": ["3-5"],
            "science": ["6-8"],
        },
        "curriculum": "A new curriculum.",
    }
    assert renewal_changes(CURRENT, proposed) == {
        "added_subject": ["science"],
        "added_grades": ["reading 6-8"],
        "changed_curriculum": ["the curriculum description differs"],
    }
    problems = change_problems(MA.renewal, CURRENT, proposed)
    assert [p.field for p in problems] == ["subjects_by_grade", "subjects_by_grade", "narrative.1"]
    assert all("needs a new application" in p.message for p in problems)
    assert "science" in problems[0].message and "reading 6-8" in problems[1].message


def test_ma_allows_fewer_grades_a_dropped_subject_and_the_same_curriculum_reflowed():
    proposed = {
        "subjects_by_grade": {"reading": ["3-5"]},
        "curriculum": "Phonics first, then fluency. ",
    }
    assert renewal_changes(CURRENT, proposed) == {}
    assert change_problems(MA.renewal, CURRENT, proposed) == []


def test_sd_and_nc_renewals_may_carry_any_change():
    proposed = {"subjects_by_grade": {"science": ["6-8"]}, "curriculum": "new"}
    assert change_problems(SD.renewal, CURRENT, proposed) == []
    assert change_problems(NC.renewal, CURRENT, proposed) == []


def test_malformed_grids_count_as_no_subjects():
    assert renewal_changes({"subjects_by_grade": "x"}, {"subjects_by_grade": {"math": []}}) == {}


def test_two_consecutive_failing_years_make_a_renewal_ungrantable():
    record = {
        "math": {2009: "not_contributed", 2010: "not_contributed"},
        "reading": {2009: "not_contributed", 2010: "contributed"},
    }
    [reason] = not_renewable_reasons(record, SD)
    assert "math" in reason and "2009-10, 2010-11" in reason and "1116(e)(4)(D)" in reason


@pytest.mark.parametrize(
    "statuses",
    [
        {2009: "not_contributed", 2010: "insufficient_data", 2011: "not_contributed"},
        {2009: "not_contributed", 2011: "not_contributed"},
        {2009: "contributed", 2010: "not_contributed"},
        {},
    ],
)
def test_a_broken_chain_leaves_the_renewal_grantable(statuses):
    assert not_renewable_reasons({"math": statuses}, SD) == []


def _table(data):
    return Table(data, "x.toml", "renewal", PolicyError)


GOOD = {
    "opens_on": [6, 1],
    "rubric": "ma-2011",
    "allowed_changes": ["contact"],
    "new_application_changes": ["added_subject"],
    "resign_assurances": True,
    "copy_documents": False,
}


@pytest.mark.parametrize(
    "change,message",
    [
        ({"allowed_changes": ["colour"]}, "unknown change kind"),
        ({"new_application_changes": ["contact"]}, "unknown change kind"),
        ({"allowed_changes": ["added_subject"]}, "both allowed and refused"),
        ({"new_application_changes": ["changed_curriculum"]}, "curriculum_field"),
        ({"opens_on": [13, 1]}, "month, day"),
        ({"surprise": 1}, "unknown key"),
    ],
)
def test_a_malformed_renewal_table_is_refused_naming_the_key(change, message):
    with pytest.raises(PolicyError, match=message):
        _read_renewal(_table({**GOOD, **change}))


def test_a_good_renewal_table_reads():
    assert _read_renewal(_table(GOOD)).opens_on == (6, 1)
