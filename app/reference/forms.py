"""Forms of the reference-data pages: the state shown, and the import of a spreadsheet."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField

from app.forms import choices
from app.reference.checks import states


class ImportForm(FlaskForm):
    """A CSV or XLSX file for one state."""

    state = SelectField("State", validate_choice=True)
    file = FileField("File (CSV UTF-8 or Excel .xlsx)", validators=[
        FileRequired(message="Choose the file to import."),
        FileAllowed(["csv", "xlsx"], message="Import a .csv or .xlsx file.")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state.choices = choices((s, s) for s in states())


class ProviderImportForm(ImportForm):
    """The existing provider list, into the state's imported cycle or a chosen one."""

    cycle_id = SelectField("Cycle", coerce=lambda v: int(v) if v not in (None, "", "None")
                           else None, validate_choice=True)

    def __init__(self, *args, cycles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle_id.choices = choices(
            [(None, "A new “imported” cycle for the state (never open for applications)")]
            + [(c.id, f"{c.name} ({c.policy_code})") for c in cycles])
