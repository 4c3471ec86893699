"""Slots and the fee cap on the documents' own examples (000, 001, 003)."""

from decimal import Decimal

import pytest

from workflows.funding import max_hourly_rate, ses_slots


def test_missouri_example():
    """000: $37,000 set aside at $1,200 per child: 30.83, rounded down to 30 (the note says
    "approximately 31"; the product rounds down so no slot is promised without money)."""
    assert ses_slots(37000, 1200) == 30
    assert ses_slots(Decimal("37000.00"), "1200") == 30


def test_massachusetts_example():
    """001 "Determine how many students can be served": $85,000 / $1,200 = 70.8 -> 70."""
    assert ses_slots(85000, 1200) == 70


def test_slots_exact_and_edge():
    assert ses_slots(2400, 1200) == 2
    assert ses_slots(2399, 1200) == 1
    assert ses_slots(0, 1200) == 0


def test_fee_cap():
    """003 "Cost of Services": allotment / minimum hours, rounded down to the cent."""
    assert max_hourly_rate(1200, 30) == Decimal("40.00")
    assert max_hourly_rate(1000, 30) == Decimal("33.33")
    assert max_hourly_rate(2000, 30) == Decimal("66.66")  # 66.666..., down not half up
    assert max_hourly_rate("1200.50", 25) == Decimal("48.02")


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: ses_slots(37000.0, 1200), TypeError),
        (lambda: ses_slots(37000, 0), ValueError),
        (lambda: ses_slots(-1, 1200), ValueError),
        (lambda: ses_slots("lots", 1200), ValueError),
        (lambda: max_hourly_rate(1200, 0), ValueError),
        (lambda: max_hourly_rate(1200, 30.0), TypeError),
        (lambda: max_hourly_rate("NaN", 30), ValueError),
    ],
)
def test_refused_inputs(call, error):
    with pytest.raises(error):
        call()
