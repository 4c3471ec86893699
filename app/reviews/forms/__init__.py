"""Forms of the reviews area: cycles, closure days, assignment, conflict declaration, interview
notes, the decision, and condition entries. The score sheet and the decision form are built from
data (dynamic_forms.py)."""

from datetime import UTC

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    DateTimeLocalField,
    DecimalField,
    Form,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.forms import MultiCheckboxField, choices, db_int
from workflows.policy import PolicyError, available_policies, load_policy
from workflows.states import ApplicationState

LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
DATE_MESSAGE = "Enter a date like 2009-04-09."
INSTANT_MESSAGE = "Enter a date and time like 2009-04-09 17:00."


def local_to_utc(naive, tz):
    """The instant a wall-clock time in `tz` names; None when the time does not exist there
    (the hour skipped when clocks go forward)."""
    aware = naive.replace(tzinfo=tz)
    if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        return None
    return aware.astimezone(UTC)


def utc_to_local(instant, tz):
    """An instant as a naive wall-clock time in `tz`, for a datetime-local input."""
    return instant.astimezone(tz).replace(tzinfo=None) if instant else None


class CycleForm(FlaskForm):
    """A cycle's dates; times are entered in the policy pack's time zone."""

    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    policy_code = SelectField("Policy pack", validators=[DataRequired()])
    opens_on = DateField(
        "Opens on", invalid_value_message=DATE_MESSAGE, validators=[InputRequired(DATE_MESSAGE)]
    )
    due_at = DateTimeLocalField(
        "Applications due (date and time in the pack's time zone)",
        format=LOCAL_FORMATS,
        invalid_value_message=INSTANT_MESSAGE,
        validators=[InputRequired(INSTANT_MESSAGE)],
    )
    review_starts_on = DateField(
        "Review starts on", invalid_value_message=DATE_MESSAGE, validators=[Optional()]
    )
    review_ends_on = DateField(
        "Review ends on", invalid_value_message=DATE_MESSAGE, validators=[Optional()]
    )
    review_due_on = DateField(
        "Score sheets due on (shown in the reviewers' queue)",
        invalid_value_message=DATE_MESSAGE,
        validators=[Optional()],
    )
    revision_due_at = DateTimeLocalField(
        "Revisions due (date and time in the pack's time zone)",
        format=LOCAL_FORMATS,
        invalid_value_message=INSTANT_MESSAGE,
        validators=[Optional()],
    )
    announcement_on = DateField(
        "Announcement date", invalid_value_message=DATE_MESSAGE, validators=[Optional()]
    )
    kind = SelectField(
        "Who may apply",
        choices=choices(
            [
                ("both", "New applicants and renewals"),
                ("new", "New applicants only"),
                ("renewal", "Renewals of current approvals only"),
            ]
        ),
        default="both",
    )
    # NC 003 "Cost of Services": the fee cap is the per-pupil allotment / the minimum hours.
    per_pupil_allotment = DecimalField(
        "Per-pupil allotment (US dollars; the fee cap divides it by the minimum hours)",
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0.01, max=99_999_999.99, message="Enter an amount above $0."),
        ],
    )
    # NC 003 "Proof of Insurance": due 5 business days after the Deliberation Meeting.
    deliberation_meeting_on = DateField(
        "Deliberation Meeting date", invalid_value_message=DATE_MESSAGE, validators=[Optional()]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy_code.choices = choices(
            (code, f"{load_policy(code).name} ({code})") for code in available_policies()
        )

    def policy(self):
        """The chosen policy pack, or None when the choice is not a pack."""
        try:
            return load_policy(self.policy_code.data)
        except PolicyError:
            return None

    def validate(self, extra_validators=None):
        """Field checks, then the order of the dates (in the pack's time zone)."""
        if not super().validate(extra_validators):
            return False
        tz = self.policy().tzinfo
        self.due_utc = self._instant(self.due_at, tz)
        self.revision_utc = self._instant(self.revision_due_at, tz)
        checks = [
            (
                self.due_utc and self.due_utc.astimezone(tz).date() < self.opens_on.data,
                self.due_at,
                "The due date cannot be before the cycle opens.",
            ),
            (
                self.revision_utc and self.due_utc and self.revision_utc <= self.due_utc,
                self.revision_due_at,
                "Revisions must be due after the applications are due.",
            ),
            (
                self.review_starts_on.data
                and self.review_ends_on.data
                and self.review_ends_on.data < self.review_starts_on.data,
                self.review_ends_on,
                "The review cannot end before it starts.",
            ),
            (
                self.review_starts_on.data and self.review_starts_on.data < self.opens_on.data,
                self.review_starts_on,
                "The review cannot start before the cycle opens.",
            ),
            (
                self.review_due_on.data
                and self.due_utc
                and self.review_due_on.data < self.due_utc.astimezone(tz).date(),
                self.review_due_on,
                "Score sheets cannot be due before the applications are.",
            ),
            (
                self.announcement_on.data
                and self.due_utc
                and self.announcement_on.data < self.due_utc.astimezone(tz).date(),
                self.announcement_on,
                "The announcement cannot come before the due date.",
            ),
        ]
        for failed, field, message in checks:
            if failed:
                field.errors.append(message)
        return not self.errors

    @staticmethod
    def _instant(field, tz):
        if field.data is None:
            return None
        instant = local_to_utc(field.data, tz)
        if instant is None:
            field.errors.append(
                f"{field.data:%Y-%m-%d %H:%M} does not exist in {tz.key} "
                "(the clocks go forward that night)."
            )
        return instant


class ClosureForm(FlaskForm):
    """An agency closure day (a governor's proclamation) for one state."""

    state = SelectField("State", validators=[DataRequired()])
    closed_on = DateField(
        "Date", invalid_value_message=DATE_MESSAGE, validators=[InputRequired(DATE_MESSAGE)]
    )
    reason = StringField("Reason", validators=[DataRequired(), Length(max=300)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        states = sorted({load_policy(code).state for code in available_policies()})
        self.state.choices = choices((s, s) for s in states)


class ApplicationFilterForm(Form):
    """Filters of the coordinator's applications list (a GET form: no CSRF)."""

    state = SelectField("State", validators=[Optional()])
    cycle = SelectField("Cycle", validators=[Optional()])
    q = StringField("Organization name", validators=[Optional(), Length(max=200)])

    def __init__(self, *args, cycles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.state.choices = choices(
            [("", "Any state")]
            + [
                (s.value, s.replace("_", " "))
                for s in ApplicationState
                if s != ApplicationState.DRAFT
            ]
        )
        self.cycle.choices = choices([("", "Any cycle")] + [(c.id, c.name) for c in cycles])


class QueueFilterForm(Form):
    """Status filter and sort of the reviewer's queue (a GET form: no CSRF)."""

    status = SelectField("Show", validators=[Optional()])
    sort = SelectField("Sort by", validators=[Optional()])

    def __init__(self, *args, **kwargs):
        from app.reviews.queries import QUEUE_SORTS, QUEUE_STATUSES

        super().__init__(*args, **kwargs)
        self.status.choices = choices([("", "All"), ("open", "Work left")] + list(QUEUE_STATUSES))
        self.sort.choices = choices(QUEUE_SORTS)


class AssignForm(FlaskForm):
    """Choose reviewers for the application's current read."""

    reviewers = MultiCheckboxField("Reviewers", coerce=db_int, validate_choice=False)


class BulkAssignForm(FlaskForm):
    """Reviewers for every application of a cycle, and single cells of the grid."""

    everyone = MultiCheckboxField(
        "Assign to every application of the cycle", coerce=int, validate_choice=False
    )
    pairs = MultiCheckboxField("Single assignments", validate_choice=False)


class StartReviewForm(FlaskForm):
    """A button: start the review."""


class ConflictForm(FlaskForm):
    """The reviewer's conflict-of-interest declaration, made before the application opens."""

    declaration = RadioField(
        "Declaration",
        validators=[InputRequired("Choose one.")],
        choices=choices(
            [
                (
                    "no_conflict",
                    "I have no conflict of interest with this organization or application.",
                ),
                ("conflict", "I have a conflict of interest and cannot review this application."),
            ]
        ),
    )
    note = TextAreaField("If you have a conflict, what is it?", validators=[Length(max=2000)])

    def validate_note(self, field):
        if self.declaration.data == "conflict" and not (field.data or "").strip():
            raise ValidationError("Say briefly what the conflict of interest is.")


class InterviewForm(FlaskForm):
    """Notes of the phone interview with the reviewers (004)."""

    held_on = DateField(
        "Interview date",
        invalid_value_message=DATE_MESSAGE,
        validators=[InputRequired(DATE_MESSAGE)],
    )
    notes = TextAreaField("Notes", validators=[DataRequired(), Length(max=20000)])


class EvidenceForm(FlaskForm):
    """The provider's evidence for a condition."""

    evidence = FileField("Evidence file (PDF, Word, PNG or JPEG; at most 10 MB)")


class MeetConditionForm(FlaskForm):
    """The coordinator records that a condition is met."""

    entry = StringField("Entry (e.g. the vendor code)", validators=[Optional(), Length(max=200)])
    met_on = DateField(
        "Met on", invalid_value_message=DATE_MESSAGE, validators=[InputRequired(DATE_MESSAGE)]
    )


class OtherConditionForm(Form):
    """A free-text condition with its due date."""

    description = StringField("Condition", validators=[Optional(), Length(max=2000)])
    due_on = DateField("Due on", invalid_value_message=DATE_MESSAGE, validators=[Optional()])
