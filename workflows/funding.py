"""District SES money: slots and the hourly fee cap, in ``Decimal`` with stated rounding.

* ``ses_slots``: how many students the district's SES amount can serve at the per-pupil cap,
  rounded down to a whole student (000: $37,000 / $1,200 = 30.83 -> 30; 001 "Determine how many
  students can be served": $85,000 / $1,200 = 70.8 -> 70, the document's "approximately 70").
* ``max_hourly_rate``: the highest hourly fee a provider may charge, the per-pupil allotment
  divided by the minimum hours (003 "Cost of Services p7 H"), rounded down to the cent so the
  capped fee times the minimum hours never exceeds the allotment.

Amounts may be ``Decimal``, ``int`` or numeric text; floats are refused because they cannot hold
money exactly.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal, InvalidOperation

__all__ = ["ses_slots", "max_hourly_rate", "to_money"]

CENT = Decimal("0.01")


def to_money(value: Decimal | int | str, name: str = "amount") -> Decimal:
    """``value`` as a finite ``Decimal``; floats, bools and non-numbers -> TypeError/ValueError."""
    if isinstance(value, (float, bool)):
        kind = type(value).__name__
        raise TypeError(f"{name} must be a Decimal, int or numeric text, not {kind}")
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError) as exc:
        raise ValueError(f"{name} is not a number: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"{name} is not a finite number: {value!r}")
    return amount


def ses_slots(amount: Decimal | int | str, per_pupil: Decimal | int | str) -> int:
    """Students ``amount`` can serve at ``per_pupil`` each, rounded down (``per_pupil`` > 0)."""
    amount, per_pupil = to_money(amount), to_money(per_pupil, "per_pupil")
    if per_pupil <= 0:
        raise ValueError(f"per_pupil must be more than 0, got {per_pupil}")
    if amount < 0:
        raise ValueError(f"amount cannot be negative, got {amount}")
    return int((amount / per_pupil).to_integral_value(rounding=ROUND_DOWN))


def max_hourly_rate(per_pupil: Decimal | int | str, min_hours: Decimal | int | str) -> Decimal:
    """``per_pupil`` / ``min_hours``, rounded down to the cent (``min_hours`` > 0)."""
    per_pupil, hours = to_money(per_pupil, "per_pupil"), to_money(min_hours, "min_hours")
    if hours <= 0:
        raise ValueError(f"min_hours must be more than 0, got {hours}")
    if per_pupil < 0:
        raise ValueError(f"per_pupil cannot be negative, got {per_pupil}")
    return (per_pupil / hours).quantize(CENT, rounding=ROUND_DOWN)
