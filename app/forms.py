"""Form pieces shared by several areas."""

from wtforms import SelectChoice, SelectMultipleField, widgets


def choices(pairs):
    """WTForms choices from (value, label) pairs (WTForms 3.3 retires bare tuples)."""
    return [SelectChoice("" if value is None else str(value), label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes for a multiple choice (rendered as a fieldset)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
