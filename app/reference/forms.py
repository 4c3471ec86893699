"""Forms of the reference-data pages: the state shown, and the import of a spreadsheet."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from app.forms import choices
from app.reference.operations.checks import states


class ImportForm(FlaskForm):
    """A CSV or XLSX file for one state."""

    state = SelectField("State", validate_choice=True)
    file = FileField(
        "File (CSV UTF-8 or Excel .xlsx)",
        validators=[
            FileRequired(message="Choose the file to import."),
            FileAllowed(["csv", "xlsx"], message="Import a .csv or .xlsx file."),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state.choices = choices((s, s) for s in states())


class ProviderImportForm(ImportForm):
    """The existing provider list, into the state's imported cycle or a chosen one."""

    cycle_id = SelectField(
        "Cycle",
        coerce=lambda v: int(v) if v not in (None, "", "None") else None,
        validate_choice=True,
    )

    def __init__(self, *args, cycles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle_id.choices = choices(
            [(None, "A new “imported” cycle for the state (never open for applications)")]
            + [(c.id, f"{c.name} ({c.policy_code})") for c in cycles]
        )


class RecordForm(FlaskForm):
    """A status, a school or a contact typed by hand for one district (the import's rules)."""

    district_id = SelectField(
        "District",
        coerce=lambda v: int(v) if v not in (None, "", "None") else None,
        validate_choice=True,
    )
    school = StringField(
        "School (leave empty for the district itself)", validators=[Optional(), Length(max=200)]
    )
    program_year = StringField("Program year (e.g. 2009-10)", validators=[Optional()])
    status = SelectField(
        "Status that year",
        choices=choices(
            [
                ("", "— no status —"),
                ("none", "Not identified"),
                ("improvement", "Improvement"),
                ("corrective_action", "Corrective action"),
                ("restructuring", "Restructuring"),
            ]
        ),
        validate_choice=True,
    )
    contact_name = StringField("SES contact name", validators=[Optional(), Length(max=200)])
    contact_email = StringField("SES contact e-mail", validators=[Optional(), Length(max=254)])
    contact_phone = StringField("SES contact phone", validators=[Optional(), Length(max=40)])

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.district_id.choices = choices(
            [(None, "— choose —")] + [(d.id, f"{d.label} ({d.state})") for d in districts]
        )
