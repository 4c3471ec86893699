"""Forms of the letters portal: the coordinator's list filters, certified-mail receipt, resend."""

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from app.extensions import db
from app.forms import choices
from app.models import Organization
from app.models.letters import LETTER_KINDS

SUGGESTED_ORGANIZATIONS = 50  # names offered by the organization filter's datalist


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
    # A typed name (the datalist suggests names from SQL, never every organization), or the id
    # of a link (`?organization_id=`), whose name then fills the box.
    organization = StringField(
        "Organization",
        validators=[Length(max=200)],
        render_kw={"list": "organization-names", "autocomplete": "off"},
        description="Type the organization's name.",
    )
    organization_id = IntegerField(
        "Organization", validators=[Optional(), NumberRange(min=1, max=2**31 - 1)]
    )
    district_id = SelectField("District", coerce=_optional_int, validate_choice=True)
    sent_from = DateField("Sent on or after", validators=[Optional()])
    sent_to = DateField("Sent on or before", validators=[Optional()])
    receipt = SelectField(
        "Receipt",
        validate_choice=True,
        default="",
        choices=choices(
            [("", "Any"), ("received", "Received"), ("not_received", "Not received yet")]
        ),
    )

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices([("", "Any kind")] + [(k, kind_label(k)) for k in LETTER_KINDS])
        self.organization_match = None  # the id the organization filter names, once valid
        linked = self.organization_id.data
        if isinstance(linked, int) and not self.organization.data and linked <= 2**31 - 1:
            self.organization.data = db.session.scalar(
                db.select(Organization.name).where(Organization.id == linked)
            )
        self.district_id.choices = choices(
            [(None, "Any district")] + [(d.id, d.label) for d in districts]
        )

    def validate_organization_id(self, field):
        """A linked id must be an organization's."""
        if field.data is not None and not self.organization.data:
            raise ValidationError("Not a valid choice.")

    def validate_organization(self, field):
        """The name typed must be one organization's (case aside); one query, limit 2."""
        name = (field.data or "").strip()
        if not name:
            return
        ids = db.session.scalars(
            db.select(Organization.id)
            .where(db.func.lower(Organization.name) == name.lower())
            .order_by(Organization.id)
            .limit(2)
        ).all()
        linked = self.organization_id.data
        if isinstance(linked, int) and linked in ids:
            self.organization_match = linked  # a link to one of two same-named ones
        elif len(ids) == 1:
            self.organization_match = ids[0]
        elif not ids:
            raise ValidationError("No organization has this name.")
        else:
            raise ValidationError(
                "More than one organization has this name: follow the link "
                "from the organization's page."
            )

    def filters(self):
        """The LetterFilters of these (validated) values."""
        from app.letters.operations import LetterFilters

        return LetterFilters(
            kind=self.kind.data or None,
            organization_id=self.organization_match,
            district_id=self.district_id.data or None,
            sent_from=self.sent_from.data,
            sent_to=self.sent_to.data,
            receipt=self.receipt.data or None,
        )

    def organization_names(self):
        """The datalist's suggestions: the first names starting with what was typed (or the
        first names), limited in SQL."""
        query = db.select(Organization.name).distinct().order_by(Organization.name)
        typed = (self.organization.data or "").strip()
        if typed:
            query = query.where(Organization.name.istartswith(typed, autoescape=True))
        return db.session.scalars(query.limit(SUGGESTED_ORGANIZATIONS)).all()

    def validate_sent_to(self, field):
        """An empty range is a typing mistake, not a filter."""
        if field.data and self.sent_from.data and field.data < self.sent_from.data:
            raise ValidationError("The end date is before the start date.")


class CertifiedMailForm(FlaskForm):
    """The date the recipient signed for the certified-mail copy (entered by the coordinator)."""

    received_on = DateField(
        "Certified mail received on",
        validators=[
            InputRequired(message="Enter the date on the return receipt (e.g. 2009-07-06).")
        ],
    )


class ResendForm(FlaskForm):
    """Send the letter's e-mail again (only a CSRF token)."""
