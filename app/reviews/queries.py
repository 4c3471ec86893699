"""The reviewer's workspace: each rubric criterion beside the parts of the application it scores,
the running total against the rubric's thresholds, and the reviewer's queue with its due dates,
statuses, sort and filter (issue 11 "The working day").

Which parts a criterion scores is data in the rubric file (`application_parts`: "section" or
"section.field" of the application form); this module only resolves those names against the
pack's form and reads the stored answers.
"""

from dataclasses import dataclass
from datetime import date

from app.applications.forms.sections import sections_for
from app.applications.queries.checklist import section_values
from app.core.policy import policy_of
from app.reviews.operations import ASSIGNABLE_STATES, current_read
from app.reviews.operations.scoring import parse_answer
from workflows.states import ScoreSheetState

# Queue statuses in the order a reviewer works through them, with their labels.
QUEUE_STATUSES = (
    ("declare", "Conflicts to declare"),
    ("score", "To score"),
    ("draft", "Draft saved"),
    ("submitted", "Submitted"),
    ("closed", "Read closed"),
    ("conflict", "Ended (conflict)"),
)
QUEUE_SORTS = (
    ("due", "Due date"),
    ("organization", "Organization"),
    ("cycle", "Cycle"),
    ("status", "Status"),
)
OPEN_STATUSES = ("declare", "score", "draft")


@dataclass(frozen=True)
class Part:
    """A part of the application shown beside a criterion: a section, the fields of it shown
    (every field when the whole section is named) and the stored answers."""

    section: object
    specs: tuple
    values: dict
    whole: bool


def _part(sections, application, reference):
    key, _, field_key = reference.partition(".")
    section = sections.get(key)
    if section is None:
        return None
    specs = section.fields
    if field_key:
        spec = section.field(field_key)
        if spec is None:
            return None
        specs = (spec,)
    return Part(section, specs, section_values(application, section), not field_key)


def criterion_parts(application, rubric):
    """{criterion key: [Part]} for every criterion of `rubric`; a name the pack's form does not
    have is left out (a rubric file test keeps every shipped name resolvable)."""
    sections = {s.key: s for s in sections_for(policy_of(application))}
    parts = {}
    for criterion in rubric.criteria:
        found = (_part(sections, application, ref) for ref in criterion.application_parts)
        parts[criterion.key] = [p for p in found if p is not None]
    return parts


def other_sections(application, parts):
    """[(section, values)] of the sections no criterion shows whole, for the reference panel."""
    shown = {p.section.key for items in parts.values() for p in items if p.whole}
    return [
        (s, section_values(application, s))
        for s in sections_for(policy_of(application))
        if s.key not in shown and s.key != "narrative"
    ]


def running_total(rubric, typed):
    """The sum of the points answers that are whole numbers within their criterion's range
    (None when the rubric has no points). The server shows it after every save; the static
    script recomputes it while typing."""
    if rubric.max_total is None:
        return None
    total = 0
    for criterion in rubric.criteria:
        if criterion.kind != "points":
            continue
        value = parse_answer(criterion, typed.get(criterion.key))
        if isinstance(value, int) and 0 <= value <= criterion.max_points:
            total += value
    return total


def queue_status(assignment):
    """Where the assignment stands for its reviewer (a key of QUEUE_STATUSES)."""
    application = assignment.application
    if assignment.conflict_status == "conflict":
        return "conflict"
    if assignment.sheet is not None and assignment.sheet.status == ScoreSheetState.SUBMITTED:
        return "submitted"
    if application.state not in ASSIGNABLE_STATES or assignment.read_number != current_read(
        application
    ):
        return "closed"
    if assignment.conflict_status == "undeclared":
        return "declare"
    return "draft" if assignment.sheet is not None else "score"


def due_on(assignment):
    """The day the assignment's score sheet is due: the cycle's review due date, else the day
    its review ends; None when the cycle sets neither."""
    cycle = assignment.application.cycle
    return cycle.review_due_on or cycle.review_ends_on


@dataclass(frozen=True)
class QueueRow:
    """One line of the reviewer's queue."""

    assignment: object
    status: str
    due_on: date | None

    def overdue(self, today):
        """Still open after its due date."""
        return self.status in OPEN_STATUSES and self.due_on is not None and self.due_on < today


def _sort_key(sort):
    order = [key for key, _ in QUEUE_STATUSES]

    def by_due(r):
        return (r.due_on is None, r.due_on or date.min)

    keys = {
        "due": lambda r: (*by_due(r), r.assignment.application.organization.name.lower()),
        "organization": lambda r: (r.assignment.application.organization.name.lower(), *by_due(r)),
        "cycle": lambda r: (r.assignment.application.cycle.name.lower(), *by_due(r)),
        "status": lambda r: (order.index(r.status), *by_due(r)),
    }
    return keys.get(sort, keys["due"])


def queue_rows(assignments, *, status="", sort="due"):
    """The queue's rows, filtered to one status when given ("open": every status with work left)
    and sorted (the earliest due first by default; undated last)."""
    rows = [QueueRow(a, queue_status(a), due_on(a)) for a in assignments]
    if status == "open":
        rows = [r for r in rows if r.status in OPEN_STATUSES]
    elif status:
        rows = [r for r in rows if r.status == status]
    return sorted(rows, key=_sort_key(sort))


def next_to_score(assignments, after):
    """The first assignment, in due-date order, still waiting for this reviewer (other than
    `after`): the one "submit and open the next" goes to; None when nothing is left."""
    rows = queue_rows([a for a in assignments if a.id != after.id], status="open")
    return rows[0].assignment if rows else None
