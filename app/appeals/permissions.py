"""Who may see and handle removal cases, appeals and the deadlines dashboard."""

from app.core.permissions import is_coordinator, own_provider, signed_in


def can_manage_removals(user):
    """Open and decide removal cases, review appeals, appoint committees: the coordinator."""
    return is_coordinator(user)


def can_view_removal_case(user, case):
    """The coordinator, the provider's own users (its own cases only), and the members of the
    committee hearing the case's appeal (the grounds are part of the appeal record)."""
    return (
        is_coordinator(user)
        or own_provider(user, case.application.organization_id)
        or (case.appeal is not None and sits_on_appeal(user, case.appeal))
    )


def can_file_appeal(user, case):
    """Only the removed provider's own users file its appeal."""
    return own_provider(user, case.application.organization_id)


def sits_on_appeal(user, appeal):
    """True when `user` holds the committee role and is appointed to this appeal's committee."""
    return (
        signed_in(user)
        and user.has_role("committee")
        and any(member.user_id == user.id for member in appeal.members)
    )


def can_view_appeal(user, appeal):
    """The coordinator, the appealing provider's users, and the members of its committee."""
    return (
        is_coordinator(user)
        or sits_on_appeal(user, appeal)
        or own_provider(user, appeal.removal_case.application.organization_id)
    )


def can_record_hearing(user, appeal):
    """The coordinator or a member of the appeal's committee."""
    return is_coordinator(user) or sits_on_appeal(user, appeal)


def can_decide_appeal(user, appeal):
    """Only a member of this appeal's committee records the committee's decision."""
    return sits_on_appeal(user, appeal)


def can_view_deadlines(user):
    """The deadlines dashboard and its calendar feed are the coordinator's."""
    return is_coordinator(user)
