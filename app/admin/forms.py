"""Account forms for the coordinator."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from app.forms import MultiCheckboxField, choices
from app.models.users import ROLE_LABELS, ROLES


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class UserForm(FlaskForm):
    """Create or edit an account. Provider users need an organization, district users a district."""

    name = StringField("Full name", validators=[DataRequired(), Length(max=200)])
    title = StringField("Title", validators=[Optional(), Length(max=200)])
    email = StringField(
        "E-mail address",
        validators=[DataRequired(), Email(), Length(max=254)],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
    )
    password = PasswordField(
        "Password",
        validators=[Optional(), Length(min=12, max=200)],
        description="At least 12 characters. Leave blank to keep the current one.",
    )
    roles = MultiCheckboxField("Roles", choices=choices((r, ROLE_LABELS[r]) for r in ROLES))
    organization_id = SelectField(
        "Organization (provider users)", coerce=_optional_int, validate_choice=True
    )
    district_id = SelectField(
        "District (district users)", coerce=_optional_int, validate_choice=True
    )
    # 002 "Appeals Committee": members may not represent a district that used the provider;
    # kept whatever the roles, so a committee member's employer is on the record.
    affiliated_district_id = SelectField(
        "Affiliated district (any role: the district this person works for or represents)",
        coerce=_optional_int,
        validate_choice=True,
    )
    affiliated_organization_id = SelectField(
        "Affiliated provider organization (any role)", coerce=_optional_int, validate_choice=True
    )
    active = BooleanField("Account is active", default=True)

    def __init__(self, *args, organizations=(), districts=(), creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.creating = creating
        self.organization_id.choices = choices(
            [(None, "— none —")] + [(o.id, o.name) for o in organizations]
        )
        self.district_id.choices = choices(
            [(None, "— none —")] + [(d.id, d.label) for d in districts]
        )
        self.affiliated_district_id.choices = choices(
            [(None, "— none —")] + [(d.id, f"{d.label} ({d.state})") for d in districts]
        )
        self.affiliated_organization_id.choices = choices(
            [(None, "— none —")] + [(o.id, o.name) for o in organizations]
        )

    def validate_password(self, field):
        if self.creating and not field.data:
            raise ValidationError("A new account needs a password of at least 12 characters.")

    def validate_roles(self, field):
        if not field.data:
            raise ValidationError("Choose at least one role.")

    def validate_organization_id(self, field):
        if "provider" in (self.roles.data or []) and field.data is None:
            raise ValidationError("A provider user must belong to an organization.")

    def validate_district_id(self, field):
        if "district" in (self.roles.data or []) and field.data is None:
            raise ValidationError("A district user must belong to a district.")
