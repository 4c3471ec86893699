"""Forms for registering a provider organization and editing its profile.

The eligibility questions follow 004 "Eligible Service Providers" (a district identified for
improvement, or a school in improvement, corrective action or restructuring, cannot be a
provider) and 003 "Debarment Certification" (E.O. 12549). The application's own sections are
not WTForms forms: a draft keeps anything typed, so they are read by
`app.applications.forms.values`.
"""

import re

from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Email, EqualTo, Length, Optional, ValidationError

from app.applications.operations.admission import eligibility_refusal
from app.forms import choices
from app.models.orgs import ORGANIZATION_CATEGORIES, ORGANIZATION_TYPE_LABELS, ORGANIZATION_TYPES

CATEGORY_LABELS = {
    "in_state": "In-state provider",
    "out_of_state": "Out-of-state provider",
    "online": "On-line provider",
}
LEA_ANSWERS = (("no", "Neither"), ("district", "A school district"), ("school", "A public school"))
_EIN = re.compile(r"^(\d{2})-?(\d{7})$")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class OrganizationForm(FlaskForm):
    """The organization's profile (004 "Supplemental Educational Service Provider Information")
    and the eligibility questions."""

    name = StringField(
        "Organization name", validators=[DataRequired(), Length(max=200)], filters=[_strip]
    )
    org_type = SelectField(
        "Type of organization",
        choices=choices((t, ORGANIZATION_TYPE_LABELS[t]) for t in ORGANIZATION_TYPES),
    )
    category = SelectField(
        "Category", choices=choices((c, CATEGORY_LABELS[c]) for c in ORGANIZATION_CATEGORIES)
    )
    ein = StringField(
        "IRS Employer Identification Number",
        description="For example 46-0123456.",
        validators=[DataRequired(), Length(max=20)],
        filters=[_strip],
    )
    address = TextAreaField(
        "Preferred address", validators=[DataRequired(), Length(max=500)], filters=[_strip]
    )
    phone = StringField("Phone", validators=[DataRequired(), Length(max=40)], filters=[_strip])
    website = StringField(
        "Website", validators=[Optional(), URL(), Length(max=300)], filters=[_strip]
    )
    contact_name = StringField(
        "Application contact: name", validators=[DataRequired(), Length(max=200)], filters=[_strip]
    )
    contact_email = StringField(
        "Application contact: e-mail",
        validators=[DataRequired(), Email(), Length(max=254)],
        filters=[_strip],
    )
    lea_status = RadioField(
        "Is the organization a school district or a public school?",
        choices=choices(LEA_ANSWERS),
        default="no",
    )
    district_id = SelectField("Which district?", coerce=_optional_int, validate_choice=True)
    school_id = SelectField("Which school?", coerce=_optional_int, validate_choice=True)
    debarred = RadioField(
        "Is the organization or any of its principals presently debarred, suspended, proposed "
        "for debarment, declared ineligible, or voluntarily excluded by any Federal department "
        "or agency (E.O. 12549)?",
        choices=choices((("no", "No"), ("yes", "Yes"))),
        validators=[DataRequired(message="Answer this question.")],
    )

    def __init__(self, *args, districts=(), schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._districts = {d.id: d for d in districts}
        self._schools = {s.id: s for s in schools}
        self.district_id.choices = choices(
            [(None, "— choose a district —")] + [(d.id, d.label) for d in districts]
        )
        self.school_id.choices = choices(
            [(None, "— choose a school —")]
            + [(s.id, f"{s.name} ({s.district.label})") for s in schools]
        )

    def validate_ein(self, field):
        match = _EIN.match(field.data or "")
        if match is None:
            raise ValidationError("Enter the nine-digit EIN, for example 46-0123456.")
        field.data = f"{match.group(1)}-{match.group(2)}"

    def validate_district_id(self, field):
        if self.lea_status.data != "district":
            return
        if field.data is None:
            raise ValidationError("Choose the district.")
        refusal = eligibility_refusal(self._districts.get(field.data), None)
        if refusal:
            raise ValidationError(refusal)

    def validate_school_id(self, field):
        if self.lea_status.data != "school":
            return
        if field.data is None:
            raise ValidationError("Choose the school.")
        refusal = eligibility_refusal(None, self._schools.get(field.data))
        if refusal:
            raise ValidationError(refusal)


class RegistrationForm(OrganizationForm):
    """The organization and its first provider account."""

    user_name = StringField(
        "Your full name", validators=[DataRequired(), Length(max=200)], filters=[_strip]
    )
    user_email = StringField(
        "Your e-mail address (you sign in with it)",
        validators=[DataRequired(), Email(), Length(max=254)],
        filters=[_strip],
    )
    password = PasswordField(
        "Password",
        description="At least 12 characters.",
        validators=[DataRequired(), Length(min=12, max=200)],
    )
    confirm = PasswordField(
        "Repeat the password", validators=[EqualTo("password", message="The passwords differ.")]
    )


class ConfirmForm(FlaskForm):
    """A confirmation with an optional reason (withdrawal)."""

    reason = TextAreaField(
        "Reason (optional)", validators=[Optional(), Length(max=2000)], filters=[_strip]
    )
