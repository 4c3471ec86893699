"""Forms of the removal and appeals pages. Each has a `prefix` so several can sit on one page
and a failed one re-renders with its typed values beside the others."""

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import DateField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.appeals.operations.committee import MODE_LABELS
from app.appeals.operations.removal import GROUNDS_LABELS
from app.forms import MultiCheckboxField, choices, db_int
from app.models.removals import REMOVAL_GROUNDS

TEXT_MAX = 20_000


def _date(label):
    return DateField(
        label,
        validators=[InputRequired(message="Enter a date.")],
        render_kw={"placeholder": "YYYY-MM-DD"},
    )


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") and str(value).isdigit() else None


class CaseForm(FlaskForm):
    """The coordinator opens a removal case by hand on an approved provider."""

    application_id = SelectField(
        "Approved provider",
        coerce=_int_or_none,
        validators=[DataRequired(message="Choose a provider.")],
    )
    grounds = SelectField(
        "Grounds", choices=choices((g, GROUNDS_LABELS[g]) for g in REMOVAL_GROUNDS)
    )
    subject = SelectField("Subject (effectiveness grounds)", validators=[Optional()])
    summary = TextAreaField(
        "Summary of the findings",
        validators=[DataRequired(message="Describe the findings."), Length(max=TEXT_MAX)],
    )

    def __init__(self, *args, applications=(), subjects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.application_id.choices = choices(
            [(None, "Choose a provider")]
            + [(a.id, f"{a.organization.name} ({a.cycle.name})") for a in applications]
        )
        self.subject.choices = choices(
            [("", "Not applicable")] + [(s, s.title()) for s in subjects]
        )


class RecommendationForm(FlaskForm):
    """The review committee's recommendation to the department."""

    recommendation = TextAreaField(
        "Review committee's recommendation",
        validators=[DataRequired(message="Enter the recommendation."), Length(max=TEXT_MAX)],
    )
    recommended_on = _date("Date of the recommendation")


class DecisionForm(FlaskForm):
    """The department's decision on a removal case."""

    decision = RadioField(
        "Decision",
        choices=choices(
            [
                ("remove", "Remove the provider from the approved list"),
                ("not_remove", "Do not remove: close the case"),
            ]
        ),
        validators=[InputRequired(message="Choose a decision.")],
    )
    reason = TextAreaField(
        "Reason (quoted in the notice)",
        validators=[
            DataRequired(message="Give the reason for the decision."),
            Length(max=TEXT_MAX),
        ],
    )


class CertifiedMailForm(FlaskForm):
    """The date the certified-mail copy of the notice of removal was received."""

    received_on = _date("Certified mail received on")


class AppealForm(FlaskForm):
    """The provider's appeal: a letter and supporting evidence (002 "Appeal")."""

    letter = TextAreaField(
        "Appeal letter",
        validators=[DataRequired(message="Write the appeal letter."), Length(max=TEXT_MAX)],
        description="Why the removal is unwarranted, for statistical or other substantive "
        'reasons (002 "Appeals Process").',
    )
    evidence = MultipleFileField("Supporting evidence (up to 10 files, 10 MB each)")


class ReviewForm(FlaskForm):
    """The department's review of the appeal's evidence."""

    outcome = RadioField(
        "Outcome of the review",
        choices=choices(
            [
                ("rescind", "Rescind the removal (the provider is approved again)"),
                ("retain", "Retain the removal and convene the appeals committee"),
            ]
        ),
        validators=[InputRequired(message="Choose the outcome.")],
    )
    reviewed_on = _date("Date of the review")
    notes = TextAreaField(
        "Notes of the review (quoted in the letter)",
        validators=[DataRequired(message="Summarize the review."), Length(max=TEXT_MAX)],
    )


class AppointForm(FlaskForm):
    """Appoint members to the appeals committee (3 to 5, neutral)."""

    members = MultiCheckboxField("Members to appoint", coerce=db_int)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members.choices = choices((u.id, f"{u.name} ({u.email})") for u in candidates)


class MemberChangeForm(FlaskForm):
    """Remove a member, or put another person in the seat, before the hearing (audited)."""

    member = SelectField("Member", coerce=int, validate_choice=True)
    replacement = SelectField(
        "Replace with (leave empty to remove the member)",
        coerce=lambda v: int(v) if v not in (None, "", "None") else None,
        validate_choice=True,
    )
    reason = TextAreaField(
        "Reason (kept in the record)",
        validators=[
            DataRequired(message="Say why the member leaves the committee."),
            Length(max=TEXT_MAX),
        ],
    )

    def __init__(self, *args, members=(), candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.member.choices = choices((m.id, m.user.name) for m in members)
        self.replacement.choices = choices(
            [(None, "— nobody: remove the member —")]
            + [(u.id, f"{u.name} ({u.email})") for u in candidates]
        )


class HearingForm(FlaskForm):
    """The committee's review where the provider presents its evidence."""

    held_on = _date("Date of the hearing")
    mode = RadioField(
        "How the provider presented its evidence",
        choices=choices(MODE_LABELS.items()),
        validators=[InputRequired(message="Choose how the evidence was presented.")],
    )
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=TEXT_MAX)])


class CommitteeDecisionForm(FlaskForm):
    """The committee's final decision, with its vote and reasons."""

    decision = RadioField(
        "Decision",
        choices=choices([("uphold", "Uphold the removal"), ("overturn", "Overturn the removal")]),
        validators=[InputRequired(message="Choose the decision.")],
    )
    votes_for = IntegerField(
        "Votes for this decision",
        validators=[InputRequired(message="Enter a whole number."), NumberRange(min=0, max=5)],
    )
    votes_against = IntegerField(
        "Votes against this decision",
        validators=[InputRequired(message="Enter a whole number."), NumberRange(min=0, max=5)],
    )
    reasons = TextAreaField(
        "Reasons",
        validators=[DataRequired(message="Give the committee's reasons."), Length(max=TEXT_MAX)],
    )


class FeedTokenForm(FlaskForm):
    """A button (CSRF only) that makes a new secret calendar address."""
