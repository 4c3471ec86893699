"""Who may review, score, manage reviews and handle conditions."""

from app.applications.permissions import can_edit_application, can_view_application
from app.core.permissions import can_view_organization, is_coordinator, signed_in


def can_manage_reviews(user):
    """Cycles, closure days, reviewer assignment, aggregated scores and decisions: the
    coordinator's."""
    return is_coordinator(user)


def can_review(user):
    """A reviewer has a review queue."""
    return signed_in(user) and user.has_role("reviewer")


def owns_assignment(user, assignment):
    """The assignment is this reviewer's (whatever its conflict status)."""
    return can_review(user) and assignment.reviewer_id == user.id


def can_score(user, assignment):
    """The assigned reviewer, once no conflict is declared, fills the score sheet."""
    return owns_assignment(user, assignment) and assignment.conflict_status == "no_conflict"


def can_record_interview(user, application):
    """Interview notes: the coordinator, and reviewers who may open the application."""
    if is_coordinator(user):
        return True
    return can_review(user) and can_view_application(user, application)


def can_view_conditions(user, application):
    """The conditions of an approval: the coordinator and the organization's provider users."""
    return can_view_organization(user, application.organization)


def can_file_condition_evidence(user, application):
    """Only the organization's own provider users upload evidence for a condition."""
    return can_edit_application(user, application)


def can_view_condition_evidence(user, document):
    """An evidence file: the coordinator and the uploading organization's provider users."""
    if is_coordinator(user):
        return True
    return (
        signed_in(user)
        and user.has_role("provider")
        and user.organization_id == document.organization_id
    )
