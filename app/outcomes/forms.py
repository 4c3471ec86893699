"""Forms of the outcomes area: outcome data upload, district API tokens, final reports."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from app.forms import choices


def year_choices(current_year, back=10):
    """Program years from the current one back `back` years, labelled '2009-10'."""
    return choices(
        (y, f"{y}-{(y + 1) % 100:02d}") for y in range(current_year, current_year - back - 1, -1)
    )


class OutcomeUploadForm(FlaskForm):
    """A program year's outcome data as a CSV file (coordinators choose the district)."""

    district_id = SelectField("District", coerce=int, validate_choice=True)
    program_year = SelectField("Program year", coerce=int)
    file = FileField(
        "Outcome data (CSV, UTF-8)",
        validators=[FileRequired("Choose a CSV file.")],
        description="One row per student who applied for or received services, "
        "with the columns listed below.",
    )

    def __init__(self, *args, districts, current_year, choose_district, **kwargs):
        super().__init__(*args, **kwargs)
        self.district_id.choices = choices((d.id, d.label) for d in districts)
        self.program_year.choices = year_choices(current_year)
        if not choose_district:
            del self.district_id


class NoStudentsForm(FlaskForm):
    """An explicit report that the district served no SES students in a program year."""

    district_id = SelectField("District", coerce=int, validate_choice=True)
    program_year = SelectField("Program year", coerce=int)
    confirm = BooleanField(
        "No student applied for or received SES in this program year",
        validators=[DataRequired("Tick the box to confirm.")],
    )

    def __init__(self, *args, districts, current_year, choose_district, **kwargs):
        super().__init__(*args, **kwargs)
        self.district_id.choices = choices((d.id, d.label) for d in districts)
        self.program_year.choices = year_choices(current_year)
        if not choose_district:
            del self.district_id


class ApiTokenForm(FlaskForm):
    """Issue a token for a district's own system (coordinators choose the district)."""

    district_id = SelectField("District", coerce=int)
    label = StringField(
        "What the token is for",
        validators=[DataRequired("Say which system will use the token."), Length(max=200)],
        description='e.g. "Student information system nightly export"',
    )

    def __init__(self, *args, districts, choose_district, **kwargs):
        super().__init__(*args, **kwargs)
        self.district_id.choices = choices((d.id, d.label) for d in districts)
        if not choose_district:
            del self.district_id


class FinalReportForm(FlaskForm):
    """A final report for a program year (district users name the provider it is about)."""

    organization_id = SelectField("Provider", coerce=int)
    program_year = SelectField("Program year", coerce=int)
    file = FileField(
        "Final report (PDF, Word or plain text; at most 10 MB)",
        validators=[FileRequired("Choose the report file.")],
    )

    def __init__(self, *args, providers, current_year, choose_provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization_id.choices = choices((o.id, o.name) for o in providers)
        self.program_year.choices = year_choices(current_year)
        if not choose_provider:
            del self.organization_id


class ConfirmForm(FlaskForm):
    """A button that only needs its CSRF token (revoke a token)."""
