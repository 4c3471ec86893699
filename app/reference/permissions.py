"""Who may keep a state's reference data."""

from app.core.permissions import is_coordinator


def can_manage_reference_data(user):
    """Keep districts, schools, contacts and improvement lists; import provider lists."""
    return is_coordinator(user)
