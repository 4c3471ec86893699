"""Bulk steps across one cycle (issue 11): assign reviewers to many applications in one step,
and start the review of every application that has enough reviewers.

The per-application rules stay the rules: `assign_reviewers` refuses a reviewer who declared a
conflict with the application (DESIGN.md section 5), and `start_review` goes through the engine's
`enough_reviewers` guard. A bulk step applies them pair by pair and reports what it left out and
why, instead of refusing the whole cycle for one conflicted pair.
"""

from dataclasses import dataclass, field

from app.core.lifecycle import allowed_events
from app.extensions import db
from app.models import Application, User
from app.refusals import Refused
from app.reviews.operations import (
    ASSIGNABLE_STATES,
    active_assignments,
    assign_reviewers,
    assignments_of,
    current_read,
    declared_conflicts,
    start_review,
)
from workflows.engine import InvalidTransition


@dataclass
class BulkResult:
    """What a bulk step did: the assignments made or reviews started, and what it left out
    ([(application, reason)])."""

    done: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def cycle_applications(cycle):
    """The cycle's applications that take reviewers now (submitted or under review), by name."""
    from app.models import Organization

    return db.session.scalars(
        db.select(Application)
        .join(Organization)
        .where(Application.cycle_id == cycle.id, Application.state.in_(ASSIGNABLE_STATES))
        .order_by(Organization.name, Application.id)
    ).all()


def assignment_grid(applications):
    """{application id: {reviewer id: "assigned" | "conflict"}} for the current reads."""
    grid = {}
    for application in applications:
        cells = {
            a.reviewer_id: "assigned"
            for a in assignments_of(application, current_read(application))
        }
        cells.update({a.reviewer_id: "conflict" for a in declared_conflicts(application)})
        grid[application.id] = cells
    return grid


def assign_across_cycle(cycle, pairs, *, actor):
    """Assign each (application id, reviewer id) of `pairs` within `cycle`: a pair already
    assigned is left as it is, a reviewer who declared a conflict with the application is not
    assigned (reported); an application outside the cycle or not taking reviewers is refused.
    Returns a BulkResult of the new assignments."""
    if not pairs:
        raise Refused(
            "Choose at least one reviewer for at least one application.", field="everyone"
        )
    applications = {a.id: a for a in cycle_applications(cycle)}
    grid = assignment_grid(applications.values())
    wanted: dict[int, list[int]] = {}
    for application_id, reviewer_id in pairs:
        if application_id not in applications:
            raise Refused(
                "One of the applications is not in this cycle or no longer takes "
                "reviewers; reload the page.",
                conflict=True,
            )
        wanted.setdefault(application_id, [])
        if reviewer_id not in wanted[application_id]:
            wanted[application_id].append(reviewer_id)
    result = BulkResult()
    for application_id, reviewer_ids in wanted.items():
        application = applications[application_id]
        cells = grid[application_id]
        for reviewer_id in reviewer_ids:
            if cells.get(reviewer_id) == "conflict":
                name = db.session.get_one(User, reviewer_id).name  # a conflict names a user
                result.skipped.append(
                    (
                        application,
                        f"{name} declared a conflict of interest "
                        "with this application: not assigned",
                    )
                )
        fresh = [r for r in reviewer_ids if r not in cells]
        if fresh:
            try:
                result.done += assign_reviewers(application, fresh, actor=actor)
            except Refused as refusal:
                raise Refused(
                    f"{application.organization.name}: {refusal.message}",
                    field="everyone",
                    conflict=refusal.conflict,
                ) from None
    return result


def start_reviews(cycle, *, actor, policy):
    """Start the review of every submitted application of `cycle` with the pack's minimum of
    reviewers without a conflict; the others are reported with the engine's reason."""
    result = BulkResult()
    for application in cycle_applications(cycle):
        if "start_review" not in allowed_events(application, "coordinator"):
            continue
        try:
            start_review(application, actor=actor)
        except InvalidTransition as refusal:
            active = len(active_assignments(application))
            result.skipped.append(
                (application, f"{refusal.reason} ({active} of {policy.min_reviewers} assigned)")
            )
        else:
            result.done.append(application)
    return result
