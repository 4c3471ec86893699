"""Forms whose fields come from data: the score sheet (one answer and one comment per rubric
criterion) and the decision form (one entry per condition kind of the policy pack)."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from app.forms import choices
from app.reviews.forms import DATE_MESSAGE, OtherConditionForm
from app.reviews.operations.decisions import ConditionTerms, DecisionTerms

OUTCOMES = (
    ("approve", "Approve"),
    ("approve_with_conditions", "Approve with conditions"),
    ("request_revisions", "Revisions needed"),
    ("deny", "Deny (non-approval)"),
)
MET_CHOICES = (("met", "Met"), ("not_met", "Not Met"))
ADDRESSED_CHOICES = (("yes", "Addressed"), ("no", "Not addressed"))


def answer_name(criterion):
    """Form field name of a criterion's answer."""
    return f"answer_{criterion.key}"


def comment_name(criterion):
    """Form field name of a criterion's comment."""
    return f"comment_{criterion.key}"


def _answer_field(criterion):
    label = f"{criterion.section} {criterion.key}: {criterion.label}"
    if criterion.kind == "points":
        return StringField(
            f"{label} (0 to {criterion.max_points} points)",
            # text, not number: a browser shows back whatever was typed
            render_kw={"inputmode": "numeric", "autocomplete": "off"},
        )
    pairs = MET_CHOICES if criterion.kind == "met" else ADDRESSED_CHOICES
    return RadioField(label, choices=choices(pairs), validate_choice=False)


def sheet_form_class(rubric):
    """A FlaskForm class with an answer and a comment field for every criterion of `rubric`."""
    fields = {}
    for criterion in rubric.criteria:
        fields[answer_name(criterion)] = _answer_field(criterion)
        fields[comment_name(criterion)] = TextAreaField(
            f"Comment on {criterion.section} {criterion.key}", validators=[Length(max=20000)]
        )
    return type(f"ScoreSheetForm_{rubric.code.replace('-', '_')}", (FlaskForm,), fields)


def sheet_form(rubric, sheet=None, **kwargs):
    """The bound score-sheet form; on GET prefilled from `sheet`."""
    from app.reviews.operations.scoring import typed_value

    data = {}
    if sheet is not None:
        for criterion in rubric.criteria:
            data[answer_name(criterion)] = typed_value(criterion, sheet.answers.get(criterion.key))
            data[comment_name(criterion)] = sheet.comments.get(criterion.key, "")
    return sheet_form_class(rubric)(data=data, **kwargs)


def sheet_input(form, rubric):
    """({key: typed answer}, {key: comment}) read from a submitted sheet form."""
    typed = {c.key: form[answer_name(c)].data or "" for c in rubric.criteria}
    comments = {c.key: form[comment_name(c)].data or "" for c in rubric.criteria}
    return typed, comments


def decision_form_class(policy, outcomes):
    """The decision form for `policy`: the outcomes offered (`outcomes`, from the engine: see
    decisions.decision_outcomes), reason, feedback, its condition kinds, and two free-text
    conditions."""
    offered = [(key, label) for key, label in OUTCOMES if key in outcomes]
    fields = {
        "outcome": RadioField("Decision", choices=choices(offered), validate_choice=True),
        "reason": TextAreaField(
            "Internal reason, kept in the record (required when the "
            "decision differs from the recommendation)",
            validators=[Length(max=20000)],
        ),
        "public_reason": TextAreaField(
            "Reason stated in the letter (optional)", validators=[Length(max=20000)]
        ),
        "feedback": TextAreaField(
            "Feedback to the provider (revisions needed)", validators=[Length(max=20000)]
        ),
        "others": FieldList(FormField(OtherConditionForm), min_entries=2, max_entries=5),
    }
    for key, kind in policy.condition_kinds.items():
        fields[f"cond_{key}"] = BooleanField(kind.label)
        hint = (
            "leave blank to compute it from the deadline rule"
            if kind.deadline_rule
            else "required: no deadline rule"
        )
        fields[f"cond_{key}_due"] = DateField(
            f"{kind.label}: due on ({hint})",
            invalid_value_message=DATE_MESSAGE,
            validators=[Optional()],
        )
    return type(f"DecisionForm_{policy.code.replace('-', '_')}", (FlaskForm,), fields)


def decision_terms(form, policy, today):
    """The DecisionTerms the form asks for, or None after adding errors beside the fields."""
    conditions, ok = [], True
    for key, kind in policy.condition_kinds.items():
        if not form[f"cond_{key}"].data:
            continue
        due = form[f"cond_{key}_due"]
        if due.data is None and kind.deadline_rule is None:
            due.errors.append(f"Set a due date for {kind.label}.")
            ok = False
        elif due.data is not None and due.data <= today:
            due.errors.append("A condition must fall due after today.")
            ok = False
        conditions.append(ConditionTerms(key, kind.label, due.data, kind.deadline_rule))
    for entry in form.others:
        text, due = entry.form.description, entry.form.due_on
        if not (text.data or "").strip():
            continue
        if due.data is None or due.data <= today:
            due.errors.append("A condition needs a due date after today.")
            ok = False
        conditions.append(ConditionTerms("other", text.data.strip(), due.data))
    if not ok:
        return None
    return DecisionTerms(
        outcome=form.outcome.data,
        reason=form.reason.data or "",
        public_reason=form.public_reason.data or "",
        feedback=form.feedback.data or "",
        conditions=conditions,
    )
