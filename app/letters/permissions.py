"""Who may read letters and record their receipt."""

from app.core.permissions import can_view_district, can_view_organization, is_coordinator, signed_in


def can_view_letter(user, letter):
    """The addressed organization's providers or district's users, and coordinators."""
    if is_coordinator(user):
        return True
    if (
        letter.organization_id is not None
        and letter.organization is not None
        and letter.district_id is None
    ):
        return can_view_organization(user, letter.organization)
    if letter.district_id is not None:
        return can_view_district(user, letter.district)
    return False


def can_list_letters(user):
    """The letters page: coordinators (all letters), provider users (their organization's) and
    district users (their district's)."""
    return signed_in(user) and user.has_role("coordinator", "provider", "district")


def is_letter_addressee(user, letter):
    """A provider user of the organization a letter is addressed to (not a district's copy):
    the reader whose first opening is the portal receipt (002 "Appeal")."""
    return (
        signed_in(user)
        and user.has_role("provider")
        and letter.district_id is None
        and user.organization_id is not None
        and user.organization_id == letter.organization_id
    )


def can_record_letter_receipt(user, letter):
    """Only the coordinator enters a certified-mail receipt date."""
    return is_coordinator(user)


def can_resend_letter(user, letter):
    """Only the coordinator sends a letter's e-mail again."""
    return is_coordinator(user)
