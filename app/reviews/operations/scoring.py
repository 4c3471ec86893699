"""Score sheets: a reviewer's answers to the pack's rubric, drafts, submission, and the
aggregate the coordinator decides on (DESIGN.md section 5; rubrics/rubric.py for the rules).

A draft keeps exactly what was typed (even "26" for a criterion of 25 points, or "abc"), so
nothing is lost; submission converts the typed text into the rubric's values and lets the rubric
judge them, reporting every problem beside its criterion.
"""

from dataclasses import dataclass

from app.audit import record_change
from app.core.lifecycle import apply_event, require_event
from app.core.policy import policy_of
from app.extensions import db
from app.locking import lock
from app.models import InterviewNote, ScoreSheet
from app.refusals import Refused
from app.reviews.operations import active_assignments, current_read
from rubrics import RubricError, load_rubric
from workflows.states import ApplicationState, ScoreSheetState

# The application states in which the current read's sheets may still change.
UNDER_REVIEW = (ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW)

ADDRESSED_VALUES = {"yes": True, "no": False}


def rubric_of(application):
    """The rubric of the application's policy pack; a renewal's is the pack's renewal rubric."""
    policy = policy_of(application)
    if application.renews_id is not None and policy.renewal is not None:
        return load_rubric(policy.renewal.rubric)
    return load_rubric(policy.rubric)


def typed_value(criterion, stored):
    """A stored answer as the form shows it ("" when unanswered)."""
    if stored is None:
        return ""
    if isinstance(stored, bool):
        return "yes" if stored else "no"
    return str(stored)


def parse_answer(criterion, text):
    """The rubric value for one typed answer; the text itself when it cannot be read, so the
    rubric reports it. None when the answer is blank."""
    text = (text or "").strip()
    if not text:
        return None
    if criterion.kind == "points":
        if text.isascii() and text.isdigit() and len(text) <= 6:
            return int(text)
        return text
    if criterion.kind == "addressed":
        return ADDRESSED_VALUES.get(text, text)
    return text


def sheet_for(assignment, rubric_code):
    """The assignment's score sheet, created empty (a draft) on first use."""
    if assignment.sheet is None:
        assignment.sheet = ScoreSheet(rubric_code=rubric_code, answers={}, comments={})
        db.session.add(assignment.sheet)
        db.session.flush()  # the new sheet takes its first state, the model's default
    return assignment.sheet


def _store(sheet, rubric, typed, comments):
    sheet.answers = {c.key: (typed.get(c.key) or "").strip()[:50] for c in rubric.criteria}
    sheet.comments = {c.key: (comments.get(c.key) or "").strip() for c in rubric.criteria}


def save_sheet(assignment, typed, comments, *, actor):
    """Save a draft: every typed answer and comment is kept as text, valid or not."""
    lock(assignment)
    rubric = rubric_of(assignment.application)
    sheet = sheet_for(assignment, rubric.code)
    require_event(
        sheet,
        "save_score_sheet",
        role="reviewer",
        explain=lambda _error: "This score sheet was submitted and is locked; it cannot change.",
    )
    application = assignment.application
    if application.state not in UNDER_REVIEW or assignment.read_number != current_read(application):
        raise Refused(
            "The review of this read has closed; the sheet can no longer change.", conflict=True
        )
    _store(sheet, rubric, typed, comments)
    db.session.flush()
    return sheet


def submit_sheet(assignment, typed, comments, *, actor, now):
    """Submit the sheet: refused with `RubricError` (problems by criterion) until every criterion
    is answered within range; then the answers are stored as values and the sheet locks."""
    sheet = save_sheet(assignment, typed, comments, actor=actor)
    rubric = rubric_of(assignment.application)
    answers = {}
    for criterion in rubric.criteria:
        value = parse_answer(criterion, typed.get(criterion.key))
        if value is not None:
            answers[criterion.key] = value
    scored = rubric.score(answers)  # raises RubricError with every problem
    sheet.answers = dict(scored.answers)
    sheet.total = scored.total
    sheet.submitted_at = now
    every_scored = {c.key for c in rubric.criteria} <= set(scored.answers)
    apply_event(
        sheet,
        "submit_score_sheet",
        actor=actor,
        role="reviewer",
        guards={"every_criterion_scored": every_scored},
        reason=f"total {scored.total}" if scored.total is not None else "submitted",
    )
    return sheet


@dataclass
class Aggregate:
    """What the coordinator sees: the rubric, the current read's sheets by reviewer, how many
    are still out, and the recommendation once every active reviewer has submitted."""

    rubric: object
    read_number: int
    assignments: list
    submitted: list
    waiting: list
    recommendation: object = None
    problem: str | None = None

    @property
    def complete(self):
        """Every active assignment of the read has a submitted sheet (and there is one)."""
        return bool(self.assignments) and not self.waiting


def aggregate(application):
    """The current read's sheets and, when all are in, the rubric's recommendation."""
    rubric = rubric_of(application)
    assignments = active_assignments(application)
    submitted = [
        a
        for a in assignments
        if a.sheet is not None and a.sheet.status == ScoreSheetState.SUBMITTED
    ]
    waiting = [a for a in assignments if a not in submitted]
    result = Aggregate(rubric, current_read(application), assignments, submitted, waiting)
    if result.complete:
        try:
            result.recommendation = rubric.recommend(
                [a.sheet.answers for a in submitted], second_read=application.second_read
            )
        except RubricError as error:  # a sheet stored under another rubric version
            result.problem = str(error)
    return result


def add_interview_note(application, held_on, notes, *, actor, today):
    """Record the phone interview (004 "Application Process and Timeline")."""
    if not policy_of(application).uses_interview:
        raise Refused("This policy pack has no applicant interview.", conflict=True)
    if held_on > today:
        raise Refused("An interview cannot be recorded before it is held.", field="held_on")
    note = InterviewNote(
        application_id=application.id, author=actor, held_on=held_on, notes=notes.strip()
    )
    db.session.add(note)
    db.session.flush()
    record_change(application, "interview_note", actor=actor, reason=f"interview held {held_on}")
    return note


def interview_notes(application):
    """The application's interview notes, oldest first."""
    return db.session.scalars(
        db.select(InterviewNote)
        .where(InterviewNote.application_id == application.id)
        .order_by(InterviewNote.held_on, InterviewNote.id)
    ).all()
