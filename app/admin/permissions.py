"""Who may administer accounts and read the audit log."""

from app.core.permissions import is_coordinator


def can_manage_users(user):
    """Create accounts and assign roles."""
    return is_coordinator(user)


def can_view_audit_log(user):
    """The audit log is for the coordinator."""
    return is_coordinator(user)
