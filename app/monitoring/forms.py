"""Forms of the monitoring area: citations, decisions, complaints, visits, corrective plans.

Choices that depend on the records (approved providers, the pack's catalog and indicators) are
filled in by the constructors, so a posted value outside them is refused as "Not a valid choice".
"""

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.forms import choices
from app.models.monitoring import VIOLATION_SOURCES

SOURCE_LABELS = {
    "monitoring_visit": "Monitoring visit",
    "district_report": "District report",
    "parent_complaint": "Parent complaint through the district",
    "third_party_evaluation": "Third-party evaluation",
    "missing_report": "Missing report",
}
TEXT_MAX = 20_000


def int_or_none(value):
    """Coerce a posted id; anything that is not a small positive integer becomes None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def check_application(field):
    """Refuse a provider choice that names no application. The list offers approved providers
    only; a posted id of another application reaches the operation, which says why it refuses."""
    from app.extensions import db
    from app.models import Application

    if field.data is None or db.session.get(Application, field.data) is None:
        raise ValidationError("Choose a provider from the list.")


def application_choices(applications):
    """Select choices naming each approved provider and its cycle."""
    return choices(
        [(None, "— choose a provider —")]
        + [(a.id, f"{a.organization.name} ({a.cycle.name})") for a in applications]
    )


def kind_choices(policies):
    """The violation kinds of `policies`' catalogs, each marked standard or immediate."""
    seen: dict[str, str] = {}
    for policy in policies:
        for key, kind in policy.violation_kinds.items():
            seen.setdefault(key, f"{kind.label} ({'immediate' if kind.immediate else 'standard'})")
    return choices([(None, "— choose a kind —")] + sorted(seen.items(), key=lambda kv: kv[1]))


class ViolationForm(FlaskForm):
    """Cite a violation against an approved provider."""

    application_id = SelectField(
        "Approved provider",
        coerce=int_or_none,
        validate_choice=False,
        validators=[InputRequired("Choose the provider.")],
    )
    kind = SelectField(
        "Kind of violation",
        validators=[DataRequired("Choose the kind.")],
        description="Immediate kinds open a removal case when confirmed.",
    )
    cited_on = DateField("Date of the citation", validators=[InputRequired("Give a date.")])
    source = SelectField(
        "Source",
        choices=choices(
            [(None, "— choose a source —")] + [(s, SOURCE_LABELS[s]) for s in VIOLATION_SOURCES]
        ),
        validators=[DataRequired("Choose the source.")],
    )
    description = TextAreaField(
        "What happened", validators=[DataRequired("Describe what happened."), Length(max=TEXT_MAX)]
    )
    evidence = MultipleFileField(
        "Evidence files (optional)", description="Up to 10 MB each: letters, photos, rosters."
    )
    visit_id = HiddenField(filters=[int_or_none])  # cited from a monitoring visit's page

    def __init__(self, *args, applications=(), policies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.application_id.choices = application_choices(applications)
        self.kind.choices = kind_choices(policies)

    def validate_application_id(self, field):
        """The chosen application must exist; whether it is approved is the operation's to say."""
        check_application(field)


class EvidenceForm(FlaskForm):
    """Add evidence files to a violation."""

    evidence = MultipleFileField("Evidence files", description="Up to 10 MB each.")


class InvestigationForm(FlaskForm):
    """Investigation notes (violation or complaint)."""

    notes = TextAreaField(
        "Investigation notes", validators=[DataRequired("Write the notes."), Length(max=TEXT_MAX)]
    )


class ConfirmForm(FlaskForm):
    """Confirm a violation; the findings are optional."""

    findings = TextAreaField("Findings (optional)", validators=[Optional(), Length(max=TEXT_MAX)])


class DismissForm(FlaskForm):
    """Dismiss a violation or a complaint: a reason is required."""

    reason = TextAreaField(
        "Reason for dismissal",
        validators=[DataRequired("A dismissal needs a reason."), Length(max=TEXT_MAX)],
    )


class ComplaintForm(FlaskForm):
    """A district's complaint or withdrawal report about a provider serving it."""

    organization_id = SelectField(
        "Provider",
        coerce=int_or_none,
        validate_choice=False,
        validators=[InputRequired("Choose the provider.")],
    )
    kind = RadioField(
        "This is",
        choices=choices(
            [
                ("complaint", "A complaint about the provider's services"),
                ("withdrawal", "A report that the provider withdrew from the district"),
            ]
        ),
        validators=[InputRequired("Choose a complaint or a withdrawal report.")],
    )
    on_behalf_of_parent = BooleanField("Filed on behalf of a parent")
    description = TextAreaField(
        "What happened", validators=[DataRequired("Describe the complaint."), Length(max=TEXT_MAX)]
    )

    def __init__(self, *args, providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organization_id.choices = choices(
            [(None, "— choose a provider —")] + [(o.id, o.name) for o in providers]
        )

    def validate_organization_id(self, field):
        """The placeholder is not a provider."""
        if field.data is None:
            raise ValidationError("Choose the provider.")


class ComplaintViolationForm(FlaskForm):
    """Turn a complaint into a violation of a kind from the provider's catalog."""

    kind = SelectField("Kind of violation", validators=[DataRequired("Choose the kind.")])
    description = TextAreaField(
        "Description for the citation (optional)",
        validators=[Optional(), Length(max=TEXT_MAX)],
        description="Left blank, the complaint's own text is cited.",
    )

    def __init__(self, *args, policies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = kind_choices(policies)


class VisitForm(FlaskForm):
    """Schedule a monitoring visit."""

    application_id = SelectField(
        "Approved provider",
        coerce=int_or_none,
        validate_choice=False,
        validators=[InputRequired("Choose the provider.")],
    )
    visit_on = DateField("Date of the visit", validators=[InputRequired("Give a date.")])

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.application_id.choices = application_choices(applications)

    def validate_application_id(self, field):
        """The chosen application must exist; whether it is approved is the operation's to say."""
        check_application(field)


def record_visit_form(indicators, **kwargs):
    """A form rating each of `indicators` ((key, label) pairs) Met / Not Met, with notes."""

    class RecordVisitForm(FlaskForm):
        notes = TextAreaField("General notes", validators=[Optional(), Length(max=TEXT_MAX)])

    for key, label in indicators:
        setattr(
            RecordVisitForm,
            f"rating_{key}",
            RadioField(
                label,
                choices=choices([("met", "Met"), ("not_met", "Not Met")]),
                validators=[InputRequired("Rate this indicator Met or Not Met.")],
            ),
        )
        setattr(
            RecordVisitForm,
            f"notes_{key}",
            TextAreaField("Notes", validators=[Optional(), Length(max=TEXT_MAX)]),
        )
    return RecordVisitForm(**kwargs)


class PlanForm(FlaskForm):
    """The provider's corrective action plan for one Not Met indicator."""

    plan = TextAreaField(
        "Corrective action plan",
        validators=[DataRequired("Write the corrective action plan."), Length(max=TEXT_MAX)],
    )


class ActionForm(FlaskForm):
    """A button-only form (issue the report, accept a plan): the CSRF token is its content."""
