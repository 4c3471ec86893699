"""Typed answers: what a draft stores for each kind of field, and what is wrong with it.

A draft keeps whatever was typed (DESIGN.md section 5): `normalize` turns form input into the
stored value, the clean value when the input reads as its kind (an int, "38.00" for money, an
ISO date) and the text exactly as typed otherwise. `problem` says what is missing or malformed in
a stored value; `typed` gives the value as Python for the rules engine, or None when it is not
well formed. Readers of stored drafts must expect text where a number belongs.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from app.core.dates import long_date

TEXT_MAX = 300
_INT = re.compile(r"^\d{1,9}$")
_NUMBER = re.compile(r"^\d{1,7}(\.\d{1,2})?$")
_MONEY = re.compile(r"^\$?\s*(\d{1,9}(\.\d{1,2})?)$")


def _clean(raw):
    return str(raw).strip().replace(",", "") if raw is not None else ""


def _int(spec, value):
    """(int or None, message or None) for an int field."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = _clean(value)
        if not _INT.match(text):
            return None, f"Enter a whole number; “{value}” is not one."
        number = int(text)
    if not spec.minimum <= number <= spec.maximum:
        return (
            None,
            f"Enter a whole number from {spec.minimum:,} to {spec.maximum:,}; "
            f"{number:,} is out of range.",
        )
    return number, None


def _number(spec, value):
    """(Decimal or None, message) for hours, which may have up to two decimals."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        text = _clean(value)
        if not _NUMBER.match(text):
            return None, f"Enter a number of hours such as 30 or 1.5; “{value}” is not one."
        number = Decimal(text)
    if not Decimal(0) < number <= spec.maximum:
        return (
            None,
            f"Enter a number of hours above 0 and at most {spec.maximum:,}; "
            f"{number} is out of range.",
        )
    return number, None


def _money(spec, value):
    """(Decimal with cents or None, message)."""
    match = _MONEY.match(_clean(value))
    if match is None:
        return None, f"Enter an amount in dollars and cents, such as 38.00; “{value}” is not one."
    amount = Decimal(match.group(1)).quantize(Decimal("0.01"))
    if not Decimal(0) < amount <= spec.maximum:
        return None, f"Enter an amount above $0.00 and at most ${spec.maximum:,}."
    return amount, None


def _date(spec, value):
    """(date or None, message): ISO (from a date input) or month/day/year."""
    text = value.strip() if isinstance(value, str) else ""
    for pattern in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            day = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if day.year < 2000:
            return None, "Enter the date the assurances were signed."
        return day, None
    return None, f"Enter a date such as 2009-04-01; “{value}” is not a date."


PARSERS = {"int": _int, "number": _number, "money": _money, "date": _date}


def _store_number(value):
    return int(value) if value == value.to_integral_value() else str(value)


def normalize(spec, raw):
    """The value a draft stores for form input `raw` of field `spec`."""
    if spec.kind in PARSERS:
        text = raw.strip() if isinstance(raw, str) else ""
        if not text:
            return None
        value, message = PARSERS[spec.kind](spec, text)
        if message is not None:
            return text
        if spec.kind == "money":
            return f"{value:.2f}"
        if spec.kind == "date":
            return value.isoformat()
        return _store_number(value) if spec.kind == "number" else value
    if spec.kind in ("text", "textarea"):
        return raw.strip() if isinstance(raw, str) else ""
    return raw


def is_blank(value):
    """True for an unanswered value (None, "", [], {}, False)."""
    return value is None or value == "" or value == [] or value == {} or value is False


def problem(spec, value):
    """What is wrong with stored `value` of `spec`, or None (completeness and format only)."""
    if spec.kind == "assurances":
        missing = [k for k, _ in spec.choices if k not in (value or [])]
        if missing:
            return "Check every assurance; not yet checked: " + ", ".join(missing) + "."
        return None
    if spec.kind == "agree":
        return None if value is True else "This certification must be checked."
    if is_blank(value) or (spec.kind == "grid" and not any((value or {}).values())):
        return _missing(spec) if spec.required else None
    if spec.kind in PARSERS:
        return PARSERS[spec.kind](spec, value)[1]
    if spec.kind in ("text", "textarea") and isinstance(value, str):
        limit = TEXT_MAX if spec.kind == "text" else spec.maximum
        if len(value) > limit:
            return f"Keep this under {limit:,} characters; it has {len(value):,}."
    return None


def _missing(spec):
    if spec.kind in ("multi", "grid", "districts", "choice"):
        return "Choose at least one." if spec.kind != "choice" else "Choose one."
    return "This is required."


def typed(spec, value):
    """`value` as Python (int, Decimal, date, text...) for the rules, or None if not usable."""
    if is_blank(value) and spec.kind not in ("bool",):
        return None
    if spec.kind in PARSERS:
        try:
            parsed, message = PARSERS[spec.kind](spec, value)
        except (InvalidOperation, TypeError, ValueError):
            return None
        return parsed if message is None else None
    return value


def display(spec, value):
    """Stored `value` as text for read-only pages and the list of changes."""
    if value is None or value == "":
        return ""
    if spec is not None and spec.kind in ("bool", "agree"):
        return "Yes" if value is True else "No"
    if spec is not None and spec.kind == "grid" and isinstance(value, dict):
        labels = dict(spec.rows)
        return "; ".join(f"{labels.get(k, k)}: {', '.join(v)}" for k, v in value.items() if v)
    if spec is not None and spec.kind in ("multi", "choice", "assurances"):
        labels = dict(spec.choices)
        items = value if isinstance(value, list) else [value]
        if spec.kind == "assurances":
            return f"{len(items)} of {len(spec.choices)} checked: {', '.join(map(str, items))}"
        return ", ".join(labels.get(v, str(v)) for v in items)
    if spec is not None and spec.kind == "money" and typed(spec, value) is not None:
        return f"${value}"
    if spec is not None and spec.kind == "date" and typed(spec, value) is not None:
        return long_date(date.fromisoformat(value))
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)
