"""Who may do what: predicates `can_<verb>(user, obj)`.

Role checks live here; state checks (may this application be edited now?) live in the workflow
table and the operations. Every view calls one of these and answers 403 when it is false.
"""


def _signed_in(user):
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def is_coordinator(user):
    """The SES coordinator administers everything."""
    return _signed_in(user) and user.has_role("coordinator")


def can_manage_users(user):
    """Create accounts and assign roles."""
    return is_coordinator(user)


def can_view_organization(user, organization):
    """Coordinators, and the organization's own provider users."""
    if is_coordinator(user):
        return True
    return (_signed_in(user) and user.has_role("provider")
            and user.organization_id is not None and user.organization_id == organization.id)


def can_edit_organization(user, organization):
    """The organization's own provider users, and coordinators."""
    return can_view_organization(user, organization)


def _active_assignment(user, application):
    """The user's assignment to `application` that has not ended in a declared conflict."""
    from app.models import ReviewerAssignment
    from app.extensions import db

    return db.session.scalar(
        db.select(ReviewerAssignment).where(
            ReviewerAssignment.application_id == application.id,
            ReviewerAssignment.reviewer_id == user.id,
            ReviewerAssignment.conflict_status != "conflict",
        ).order_by(ReviewerAssignment.read_number.desc()).limit(1)
    )


def can_declare_conflict(user, application):
    """A reviewer assigned to the application (conflict not yet declared) may declare."""
    if not (_signed_in(user) and user.has_role("reviewer")):
        return False
    assignment = _active_assignment(user, application)
    return assignment is not None and assignment.conflict_status == "undeclared"


def can_view_application(user, application):
    """Coordinators; the applying organization's provider users; reviewers assigned to it who
    declared no conflict; members of a committee hearing its appeal."""
    if not _signed_in(user):
        return False
    if is_coordinator(user) or can_view_organization(user, application.organization):
        return True
    if user.has_role("reviewer"):
        assignment = _active_assignment(user, application)
        if assignment is not None and assignment.conflict_status == "no_conflict":
            return True
    if user.has_role("committee"):
        return sits_on_committee_for(user, application)
    return False


def sits_on_committee_for(user, application):
    """True when `user` is on the appeals committee of an appeal about `application`."""
    from app.extensions import db
    from app.models import Appeal, CommitteeMember, RemovalCase

    return db.session.scalar(
        db.select(CommitteeMember.id)
        .join(Appeal, CommitteeMember.appeal_id == Appeal.id)
        .join(RemovalCase, Appeal.removal_case_id == RemovalCase.id)
        .where(CommitteeMember.user_id == user.id, RemovalCase.application_id == application.id)
        .limit(1)
    ) is not None


def can_edit_application(user, application):
    """Only the applying organization's provider users (the state decides when: workflow)."""
    return (_signed_in(user) and user.has_role("provider")
            and user.organization_id == application.organization_id)


def can_view_district(user, district):
    """Coordinators, and the district's own district users."""
    if is_coordinator(user):
        return True
    return (_signed_in(user) and user.has_role("district")
            and user.district_id is not None and user.district_id == district.id)


def can_view_letter(user, letter):
    """The addressed organization's providers or district's users, and coordinators."""
    if is_coordinator(user):
        return True
    if letter.organization_id is not None and letter.organization is not None \
            and letter.district_id is None:
        return can_view_organization(user, letter.organization)
    if letter.district_id is not None:
        return can_view_district(user, letter.district)
    return False


def can_view_audit_log(user):
    """The audit log is for the coordinator."""
    return is_coordinator(user)


# ---- Reviews and decisions (issue 4) --------------------------------------------------------


# ---- Letters and directory (issue 4) --------------------------------------------------------


# ---- Monitoring: violations, complaints, visits (issue 5) -----------------------------------


# ---- Outcome data and effectiveness (issue 5) -----------------------------------------------


# ---- Removal, appeals, committees, deadlines (issue 5) --------------------------------------
