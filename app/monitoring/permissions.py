"""Who may see and handle violations, complaints and monitoring visits."""

from app.core.permissions import is_coordinator, own_district, own_provider, signed_in


def can_list_violations(user):
    """Coordinators see the register; provider users see their organization's violations."""
    return is_coordinator(user) or (
        signed_in(user) and user.has_role("provider") and user.organization_id is not None
    )


def can_view_violation(user, violation):
    """Coordinators, and the cited organization's provider users (read-only)."""
    return is_coordinator(user) or own_provider(user, violation.organization_id)


def can_manage_violations(user):
    """Cite, investigate, confirm or dismiss violations and see their evidence: the coordinator."""
    return is_coordinator(user)


def can_list_complaints(user):
    """Coordinators see every complaint; district users their district's."""
    return is_coordinator(user) or (
        signed_in(user) and user.has_role("district") and user.district_id is not None
    )


def can_file_complaint(user):
    """District users file complaints and withdrawal reports for their own district."""
    return signed_in(user) and user.has_role("district") and user.district_id is not None


def can_view_complaint(user, complaint):
    """Coordinators, and the filing district's users."""
    return is_coordinator(user) or own_district(user, complaint.district_id)


def can_resolve_complaint(user, complaint):
    """Only the coordinator investigates, dismisses or turns a complaint into a violation."""
    return is_coordinator(user)


def can_list_visits(user):
    """Coordinators see every monitoring visit; provider users their organization's."""
    return can_list_violations(user)


def can_view_visit(user, visit):
    """Coordinators, and the visited organization's provider users."""
    return is_coordinator(user) or own_provider(user, visit.application.organization_id)


def can_manage_visits(user):
    """Schedule and record visits, issue reports, accept plans: the coordinator."""
    return is_coordinator(user)


def can_submit_corrective_plan(user, action):
    """The visited organization's provider users submit its corrective action plans."""
    return own_provider(user, action.visit.application.organization_id)
