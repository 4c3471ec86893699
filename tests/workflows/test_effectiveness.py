"""Effectiveness per program year and the removal chain (DESIGN.md section 6; 002, 004)."""

import pytest

from workflows.effectiveness import not_utilized_due, removal_due, year_status
from workflows.policy import load_policy

SD = load_policy("sd-2009")  # min_completers 10, consecutive_years 2, not_utilized_years 2
C, N, INSUFFICIENT = "contributed", "not_contributed", "insufficient_data"


@pytest.mark.parametrize(
    ("completed", "improved", "expected"),
    [
        (9, 9, INSUFFICIENT),  # one below the minimum: no determination
        (0, 0, INSUFFICIENT),
        (10, 6, C),  # strict majority
        (10, 5, N),  # exactly half is not a majority
        (11, 6, C),
        (11, 5, N),
        (10, 0, N),
        (10, 10, C),
    ],
)
def test_year_status(completed, improved, expected):
    assert year_status(completed, improved, SD) == expected


@pytest.mark.parametrize(("completed", "improved"), [(5, 6), (-1, 0), (10, -1), (True, 0)])
def test_year_status_refuses_impossible_counts(completed, improved):
    with pytest.raises(ValueError):
        year_status(completed, improved, SD)


@pytest.mark.parametrize(
    ("statuses", "due", "why"),
    [
        ({}, False, "no years"),
        ({2009: N}, False, "one year"),
        ({2009: N, 2010: N}, True, "two consecutive years"),
        ({2010: N, 2009: N}, True, "order of the mapping does not matter"),
        ({2009: N, 2011: N}, False, "a missing year breaks the chain"),
        ({2009: N, 2010: INSUFFICIENT, 2011: N}, False, "no determination breaks the chain"),
        ({2009: N, 2010: C, 2011: N}, False, "a good year breaks the chain"),
        ({2009: N, 2010: C, 2011: N, 2012: N}, True, "a new chain after a break"),
        ({2009: C, 2010: C}, False, "contributed"),
    ],
)
def test_removal_due(statuses, due, why):
    assert removal_due(statuses, SD) is due, why


def test_removal_due_refuses_unknown_status():
    with pytest.raises(ValueError):
        removal_due({2009: "bad"}, SD)


def test_not_utilized():
    """002/004 "Monitoring": not utilized within a two-year period -> must reapply."""
    assert not_utilized_due({}, 2010, SD)
    assert not_utilized_due({2009: 0, 2010: 0}, 2010, SD)
    assert not not_utilized_due({2009: 3, 2010: 0}, 2010, SD)
    assert not not_utilized_due({2010: 1}, 2010, SD)
    assert not_utilized_due({2008: 5}, 2010, SD)
