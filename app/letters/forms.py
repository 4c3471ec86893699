"""Forms of the letters portal: the coordinator's list filters, certified-mail receipt, resend."""

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import InputRequired, Optional, ValidationError

from app.forms import choices
from app.models.letters import LETTER_KINDS


def kind_label(kind):
    """'decision_approved' -> 'Decision approved'."""
    return kind.replace("_", " ").capitalize()


def _optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class LetterFilterForm(FlaskForm):
    """Filters on the coordinator's list of all letters (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    kind = SelectField("Kind", validate_choice=True, default="")
    organization_id = SelectField("Organization", coerce=_optional_int, validate_choice=True)
    district_id = SelectField("District", coerce=_optional_int, validate_choice=True)
    sent_from = DateField("Sent on or after", validators=[Optional()])
    sent_to = DateField("Sent on or before", validators=[Optional()])
    receipt = SelectField("Receipt", validate_choice=True, default="", choices=choices([
        ("", "Any"), ("received", "Received"), ("not_received", "Not received yet")]))

    def __init__(self, *args, organizations=(), districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices([("", "Any kind")] + [(k, kind_label(k)) for k in LETTER_KINDS])
        self.organization_id.choices = choices([(None, "Any organization")]
                                               + [(o.id, o.name) for o in organizations])
        self.district_id.choices = choices([(None, "Any district")]
                                           + [(d.id, d.label) for d in districts])

    def validate_sent_to(self, field):
        """An empty range is a typing mistake, not a filter."""
        if field.data and self.sent_from.data and field.data < self.sent_from.data:
            raise ValidationError("The end date is before the start date.")


class CertifiedMailForm(FlaskForm):
    """The date the recipient signed for the certified-mail copy (entered by the coordinator)."""

    received_on = DateField("Certified mail received on", validators=[InputRequired(
        message="Enter the date on the return receipt (e.g. 2009-07-06).")])


class ResendForm(FlaskForm):
    """Send the letter's e-mail again (only a CSRF token)."""
