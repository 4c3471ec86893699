"""The approval term (004 "approval is valid for two years") across packs and decision dates."""

from datetime import date

import pytest

from app.reviews.operations.decisions import approval_term_end
from workflows.policy import load_policy


@pytest.mark.parametrize(
    "pack, approved_on, announced_on, ends_on",
    [
        ("sd-2009", date(2009, 7, 1), None, date(2011, 6, 30)),  # the brief's example
        ("sd-2009", date(2009, 5, 1), date(2009, 7, 1), date(2011, 6, 30)),  # decided before July 1
        ("sd-2009", date(2009, 8, 14), date(2009, 7, 1), date(2011, 6, 30)),  # conditions met late
        ("sd-2009", date(2009, 6, 30), None, date(2010, 6, 30)),  # no announcement date
        ("nc-2009", date(2009, 5, 1), date(2009, 7, 1), date(2010, 6, 30)),  # NC: one year
        ("ma-2011", date(2011, 6, 15), date(2011, 7, 1), date(2012, 8, 31)),  # MA: year from Sept 1
    ],
)
def test_term_end(pack, approved_on, announced_on, ends_on):
    assert approval_term_end(load_policy(pack), approved_on, announced_on) == ends_on
