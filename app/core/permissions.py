"""Who may do what, the predicates every area builds on: signed in, the coordinator, a user
of this organization or this district. Each area's `permissions.py` holds its own
`can_<verb>(user, obj)`; every view calls one and answers 403 when it is false. Role checks
live in these modules; state checks (may this be done now?) live in the lifecycle tables
(`workflows/lifecycles.py`) and run through `app.core.lifecycle`."""


def signed_in(user):
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def is_coordinator(user):
    """The SES coordinator administers everything."""
    return signed_in(user) and user.has_role("coordinator")


def own_provider(user, organization_id):
    """A provider user of the organization `organization_id`."""
    return (
        signed_in(user)
        and user.has_role("provider")
        and user.organization_id is not None
        and user.organization_id == organization_id
    )


def own_district(user, district_id):
    """A district user of the district `district_id`."""
    return (
        signed_in(user)
        and user.has_role("district")
        and user.district_id is not None
        and user.district_id == district_id
    )


def can_view_organization(user, organization):
    """Coordinators, and the organization's own provider users."""
    if is_coordinator(user):
        return True
    return (
        signed_in(user)
        and user.has_role("provider")
        and user.organization_id is not None
        and user.organization_id == organization.id
    )


def can_view_district(user, district):
    """Coordinators, and the district's own district users."""
    if is_coordinator(user):
        return True
    return (
        signed_in(user)
        and user.has_role("district")
        and user.district_id is not None
        and user.district_id == district.id
    )
