"""Review operations: assigning reviewers, starting the review, declaring conflicts.

Shared helpers for the other review modules live here too: the current read of an application,
its active assignments (DESIGN.md section 5: "Reviewers declare conflicts before they can open an
application; a conflicted reviewer cannot be assigned"). A refused action raises
`app.refusals.Refused`.
"""

from flask import url_for
from markupsafe import escape

from app.audit import record_change
from app.core.dates import long_date
from app.core.lifecycle import apply_event
from app.core.policy import policy_of
from app.extensions import db
from app.locking import lock, lock_state
from app.mail import queue_email
from app.models import ReviewerAssignment, User, UserRole
from app.refusals import Refused
from workflows.states import ApplicationState, ScoreSheetState

# The states in which an application takes reviewers (its read is open).
ASSIGNABLE_STATES = (ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW)


def current_read(application):
    """1 for the first read, 2 once the application was resubmitted for a second read."""
    return 2 if application.second_read else 1


def assignments_of(application, read_number=None):
    """All assignments of `application` (of one read when given), oldest first."""
    query = db.select(ReviewerAssignment).where(ReviewerAssignment.application_id == application.id)
    if read_number is not None:
        query = query.where(ReviewerAssignment.read_number == read_number)
    return db.session.scalars(query.order_by(ReviewerAssignment.id)).all()


def active_assignments(application, read_number=None):
    """The current read's assignments that have not ended in a declared conflict."""
    read_number = read_number or current_read(application)
    return [a for a in assignments_of(application, read_number) if a.conflict_status != "conflict"]


def declared_conflicts(application):
    """Assignments of `application` (any read) that ended in a declared conflict."""
    return [a for a in assignments_of(application) if a.conflict_status == "conflict"]


def eligible_reviewers():
    """Active users holding the reviewer role, by name."""
    return db.session.scalars(
        db.select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "reviewer", User.active.is_(True))
        .order_by(User.name)
    ).all()


def _check_assignable(application, reviewer, conflicted, current):
    if reviewer is None or not reviewer.active or not reviewer.has_role("reviewer"):
        raise Refused(
            "Only active users with the reviewer role can be assigned.", field="reviewers"
        )
    if reviewer.id in conflicted:
        when = long_date(conflicted[reviewer.id].declared_at)
        raise Refused(
            f"{reviewer.name} declared a conflict of interest with this application on {when} "
            "and can never be assigned to it.",
            field="reviewers",
        )
    if reviewer.id in current:
        raise Refused(
            f"{reviewer.name} is already assigned to this read.", field="reviewers", conflict=True
        )


def assign_reviewers(application, reviewer_ids, *, actor):
    """Assign each reviewer in `reviewer_ids` to the application's current read.

    Refused (nothing assigned) unless the application is submitted or under review, or when a
    reviewer declared a conflict with this application, is already assigned, or is no reviewer.
    Returns the new assignments.
    """
    lock_state(application, noun="application")
    if application.state not in ASSIGNABLE_STATES:
        raise Refused(
            "Reviewers are assigned to a submitted application or one under "
            f"review; this one is {application.state.replace('_', ' ')}.",
            conflict=True,
        )
    if not reviewer_ids:
        raise Refused("Choose at least one reviewer.", field="reviewers")
    read = current_read(application)
    conflicted = {a.reviewer_id: a for a in declared_conflicts(application)}
    current = {a.reviewer_id for a in assignments_of(application, read)}
    created = []
    for reviewer_id in reviewer_ids:
        reviewer = db.session.get(User, reviewer_id)
        _check_assignable(application, reviewer, conflicted, current)
        assert reviewer is not None  # _check_assignable refuses a missing reviewer
        assignment = ReviewerAssignment(
            application=application, reviewer=reviewer, read_number=read, assigned_by=actor
        )
        db.session.add(assignment)
        db.session.flush()
        record_change(
            assignment,
            "assign_reviewer",
            actor=actor,
            to_state="undeclared",
            reason=f"{reviewer.name} assigned to read {read}",
        )
        created.append(assignment)
        current.add(reviewer.id)
    return created


def start_review(application, *, actor):
    """Move a submitted application under review once the policy's minimum of reviewers
    without a declared conflict is assigned (guard enough_reviewers)."""
    lock_state(application, noun="application")
    policy = policy_of(application)
    active = len(active_assignments(application))
    return apply_event(
        application,
        "start_review",
        actor=actor,
        role="coordinator",
        guards={"enough_reviewers": active >= policy.min_reviewers},
        reason=f"{active} reviewer(s) assigned; {policy.code} requires {policy.min_reviewers}",
    )


def declare_conflict(assignment, *, conflict, note, actor, now):
    """Record the reviewer's declaration. A conflict ends the assignment: the audit log says so
    and every coordinator is e-mailed; the coordinator's page flags it. A reviewer who declared
    no conflict may still declare one (a conflict found while reading) until the score sheet is
    submitted."""
    lock(assignment)
    before = assignment.conflict_status
    late_conflict = (
        before == "no_conflict"
        and conflict
        and not (assignment.sheet and assignment.sheet.status == ScoreSheetState.SUBMITTED)
    )
    if before != "undeclared" and not late_conflict:
        raise Refused(
            "A declaration has already been made for this assignment"
            + ("; the score sheet is submitted." if before == "no_conflict" else "."),
            conflict=True,
        )
    note = (note or "").strip()
    if conflict and not note:
        raise Refused("Say briefly what the conflict of interest is.", field="note")
    assignment.conflict_status = "conflict" if conflict else "no_conflict"
    assignment.conflict_note = note or None
    assignment.declared_at = now
    record_change(
        assignment,
        "declare_conflict" if conflict else "declare_no_conflict",
        actor=actor,
        from_state=before,
        to_state=assignment.conflict_status,
        reason=note or "no conflict of interest",
    )
    if conflict:
        _tell_coordinators(assignment, note)
    return assignment


def _tell_coordinators(assignment, note):
    """E-mail every active coordinator that a reviewer left an application for a conflict."""
    application = assignment.application
    coordinators = db.session.scalars(
        db.select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "coordinator", User.active.is_(True))
    ).all()
    subject = (
        f"Conflict of interest declared: {assignment.reviewer.name} on "
        f"{application.organization.name}"
    )
    link = url_for("reviews.application", application_id=application.id, _external=True)
    html = (
        f"<p>{assignment.reviewer.name} declared a conflict of interest with the application "
        f"of {application.organization.name} and is no longer assigned to it.</p>"
        f"<p>Reason given: {escape(note)}</p><p>Assign another reviewer: {link}</p>"
    )
    for coordinator in coordinators:
        queue_email(coordinator.email, subject, html)
