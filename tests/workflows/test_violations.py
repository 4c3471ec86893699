"""The violation window on its boundaries (002 "Resulting Action"; DESIGN.md section 6).

A second confirmed violation whose earlier citation is on or after the same calendar date two
years before opens a removal case; Feb 29 maps to Feb 28 in a non-leap year.
"""

from datetime import date

import pytest

from workflows.policy import load_policy
from workflows.violations import is_immediate, violation_outcome, window_start

SD = load_policy("sd-2009")


@pytest.mark.parametrize(
    ("prior", "cited_on", "expected", "why"),
    [
        ([], date(2011, 6, 1), "noted", "a first violation is noted"),
        ([date(2009, 6, 1)], date(2011, 6, 1), "removal", "exact anniversary is inside"),
        ([date(2009, 5, 31)], date(2011, 6, 1), "noted", "a day past the anniversary is outside"),
        ([date(2011, 6, 1)], date(2011, 6, 1), "removal", "same day counts"),
        ([date(2011, 6, 2)], date(2011, 6, 1), "noted", "a later citation is not earlier"),
        ([date(2010, 2, 28)], date(2012, 2, 29), "removal", "Feb 29 opens on Feb 28"),
        ([date(2010, 2, 27)], date(2012, 2, 29), "noted", "the day before Feb 28 is outside"),
        ([date(2010, 3, 1)], date(2012, 2, 29), "removal", "inside"),
        ([date(2008, 2, 29)], date(2010, 2, 28), "removal", "earlier Feb 29 is after Feb 28, 2008"),
        ([date(2008, 2, 29)], date(2010, 3, 1), "noted", "window opens Mar 1, 2008"),
        ([date(2008, 2, 28)], date(2010, 2, 28), "removal", "exact anniversary, non-leap end"),
        # A rolling third violation: only the earlier citations inside the window count.
        ([date(2009, 1, 15), date(2010, 9, 1)], date(2012, 8, 31), "removal", "second one inside"),
        ([date(2009, 1, 15), date(2010, 9, 1)], date(2012, 9, 1), "removal", "exact anniversary"),
        ([date(2009, 1, 15), date(2010, 9, 1)], date(2012, 9, 2), "noted", "both have rolled off"),
        ([date(2009, 1, 15)], date(2010, 9, 1), "removal", "second in two years"),
    ],
)
def test_window(prior, cited_on, expected, why):
    assert violation_outcome(prior, cited_on, policy=SD) == expected, why


def test_prior_can_be_any_iterable():
    assert violation_outcome(iter([date(2010, 1, 1)]), date(2011, 1, 1), policy=SD) == "removal"


def test_immediate_kinds_always_remove():
    assert violation_outcome([], date(2011, 6, 1), immediate=True, policy=SD) == "removal"
    assert is_immediate(SD, "code_of_ethics_breach")
    assert not is_immediate(SD, "missing_final_report")
    with pytest.raises(KeyError, match="no violation kind"):
        is_immediate(SD, "jaywalking")


def test_window_start():
    assert window_start(date(2012, 2, 29), 2) == date(2010, 2, 28)
    assert window_start(date(2012, 2, 29), 4) == date(2008, 2, 29)
    assert window_start(date(2011, 6, 1), 2) == date(2009, 6, 1)
