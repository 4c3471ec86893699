"""Form pieces shared by several areas.

Text reaches forms already cleaned of control characters (app/inputs.py); integers that name
records go through `db_int` so a database never sees one outside its integer range.
"""

from wtforms import SelectChoice, SelectMultipleField, widgets

DB_INT_MAX = 2**31 - 1  # PostgreSQL `integer`, the type of every id


def db_int(value):
    """`value` as a positive id-sized integer; ValueError otherwise (WTForms then reports
    "Invalid choice" and `request.args.get(..., type=db_int)` falls back to its default)."""
    number = int(value)
    if not 0 < number <= DB_INT_MAX:
        raise ValueError(f"{value!r} is not a record id")
    return number


def choices(pairs):
    """WTForms choices from (value, label) pairs (WTForms 3.3 retires bare tuples)."""
    return [SelectChoice("" if value is None else str(value), label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes for a multiple choice (rendered as a fieldset)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
