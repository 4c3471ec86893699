"""Who may see and change an organization and its applications."""

from app.core.permissions import can_view_organization, is_coordinator, signed_in
from workflows.states import ApplicationState


def can_edit_organization(user, organization):
    """The organization's own provider users, and coordinators."""
    return can_view_organization(user, organization)


def active_assignment(user, application):
    """The user's assignment to `application` that has not ended in a declared conflict."""
    from app.extensions import db
    from app.models import ReviewerAssignment

    return db.session.scalar(
        db.select(ReviewerAssignment)
        .where(
            ReviewerAssignment.application_id == application.id,
            ReviewerAssignment.reviewer_id == user.id,
            ReviewerAssignment.conflict_status != "conflict",
        )
        .order_by(ReviewerAssignment.read_number.desc())
        .limit(1)
    )


def can_view_application(user, application):
    """The applying organization's provider users; once submitted, coordinators, reviewers
    assigned to it who declared no conflict, and members of a committee hearing its appeal.
    Nothing of a draft is visible to the state (DESIGN.md section 4)."""
    if not signed_in(user):
        return False
    if can_edit_application(user, application):
        return True
    if application.state == ApplicationState.DRAFT:
        return False
    if is_coordinator(user):
        return True
    if user.has_role("reviewer"):
        assignment = active_assignment(user, application)
        if assignment is not None and assignment.conflict_status == "no_conflict":
            return True
    if user.has_role("committee"):
        return sits_on_committee_for(user, application)
    return False


def sits_on_committee_for(user, application):
    """True when `user` is on the appeals committee of an appeal about `application`."""
    from app.extensions import db
    from app.models import Appeal, CommitteeMember, RemovalCase

    return (
        db.session.scalar(
            db.select(CommitteeMember.id)
            .join(Appeal, CommitteeMember.appeal_id == Appeal.id)
            .join(RemovalCase, Appeal.removal_case_id == RemovalCase.id)
            .where(CommitteeMember.user_id == user.id, RemovalCase.application_id == application.id)
            .limit(1)
        )
        is not None
    )


def can_edit_application(user, application):
    """Only the applying organization's provider users (the state decides when: workflow)."""
    return (
        signed_in(user)
        and user.has_role("provider")
        and user.organization_id == application.organization_id
    )


def can_apply_for(user, organization):
    """Start an application: only the organization's own provider users."""
    return (
        signed_in(user)
        and user.has_role("provider")
        and user.organization_id is not None
        and user.organization_id == organization.id
    )


def can_withdraw_application(user, application):
    """Only the applying organization's provider users withdraw (the state decides when)."""
    return can_edit_application(user, application)


def can_view_versions(user, application):
    """Submitted versions and what changed: whoever may view the application."""
    return can_view_application(user, application)
