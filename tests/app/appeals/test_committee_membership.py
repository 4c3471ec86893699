"""Committee members' affiliations and changes before the hearing (002 "Appeals Committee":
members are neutral to the SES process, none represents a district where the provider's services
were used; issue 10)."""

from app.audit import history
from app.extensions import db
from app.models import Appeal, User


def _convened(flow):
    flow.remove()
    flow.certified_mail()
    assert flow.file().status_code == 302
    flow.review("retain")


def _affiliate(auth, as_user, world, user, *, district=None, organization=None):
    """The coordinator records the affiliation on the accounts page (no district role)."""
    as_user(world.users.coordinator)
    response = auth.post(
        f"/admin/users/{user.id}",
        {
            "name": user.name,
            "email": user.email,
            "roles": ["committee"],
            "organization_id": "",
            "district_id": "",
            "active": "y",
            "affiliated_district_id": str(district.id) if district else "",
            "affiliated_organization_id": str(organization.id) if organization else "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def test_accounts_page_keeps_an_affiliation_without_the_district_role(world, auth, as_user):
    member = world.users.committee[3]
    _affiliate(auth, as_user, world, member, district=world.districts[1])
    member = db.session.get(User, member.id)
    assert member.roles == {"committee"}
    assert member.affiliated_district_id == world.districts[1].id and member.district_id is None


def test_member_affiliated_with_a_served_district_is_refused_with_the_reason(
    world, flow, auth, as_user
):
    member = world.users.committee[3]
    _affiliate(auth, as_user, world, member, district=world.districts[1])
    _convened(flow)
    page = flow.appoint([member])
    assert page.status_code == 422
    assert (
        f"{member.name} cannot sit on this committee: belongs to Rapid City 51-4, a district "
        "where the provider&#39;s services were used."
    ) in page.get_data(as_text=True)
    assert flow.appeal().members == []


def test_member_affiliated_with_a_provider_is_refused(world, flow, auth, as_user):
    own, rival = world.users.committee[3], world.users.committee[4]
    _affiliate(auth, as_user, world, own, organization=world.org)
    _affiliate(auth, as_user, world, rival, organization=world.other_application.organization)
    _convened(flow)
    body = flow.appoint([own, rival]).get_data(as_text=True)
    assert "is affiliated with Bright Minds Tutoring, the provider appealing." in body
    assert "is affiliated with Other Provider, an SES provider, so is not neutral" in body


def test_member_affiliated_with_an_unserved_district_may_sit(world, flow, auth, as_user):
    member = world.users.committee[3]
    _affiliate(auth, as_user, world, member, district=world.pierre)
    _convened(flow)
    assert flow.appoint([member]).status_code == 302


def _change(flow, auth, as_user, world, member_user, replacement=None, reason="Conflict found."):
    as_user(world.users.coordinator)
    appeal = flow.appeal()
    seat = next(m for m in appeal.members if m.user_id == member_user.id)
    return auth.post(
        f"/appeals/{appeal.id}/members/change",
        {
            "mem-member": str(seat.id),
            "mem-reason": reason,
            "mem-replacement": str(replacement.id) if replacement else "",
        },
    )


def test_member_replaced_before_the_hearing_is_audited(world, flow, auth, as_user):
    flow.to_committee()
    as_user(world.users.coordinator)
    page = auth.client.get(f"/appeals/{flow.appeal().id}").get_data(as_text=True)
    assert "Remove or replace a member before the hearing" in page
    leaving, joining = world.users.committee[0], world.users.committee[3]
    response = _change(
        flow, auth, as_user, world, leaving, joining, reason="Took a post with Rapid City."
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    appeal = flow.appeal()
    assert sorted(m.user_id for m in appeal.members) == sorted(
        u.id for u in world.users.committee[1:4]
    )
    entry = history(appeal)[-1]
    assert entry.event == "replace_member" and entry.actor_id == world.users.coordinator.id
    assert f"{leaving.name} replaced by {joining.name}" in entry.reason
    assert "Took a post with Rapid City." in entry.reason


def test_replacement_must_be_neutral(world, flow, auth, as_user, quick_user):
    served = quick_user("committee", district=world.districts[0], name="Sam Served")
    flow.to_committee()
    response = _change(flow, auth, as_user, world, world.users.committee[0], served)
    assert response.status_code == 422
    assert (
        "Sam Served cannot sit on this committee: belongs to Sioux Falls 49-5"
        in response.get_data(as_text=True)
    )
    assert world.users.committee[0].id in {m.user_id for m in flow.appeal().members}


def test_member_removed_before_the_hearing_then_the_committee_is_fixed(world, flow, auth, as_user):
    flow.to_committee()
    assert _change(flow, auth, as_user, world, world.users.committee[2]).status_code == 302
    appeal = flow.appeal()
    assert len(appeal.members) == 2
    assert history(appeal)[-1].event == "remove_member"
    assert flow.appoint([world.users.committee[3]]).status_code == 302
    flow.hearing()
    response = _change(
        flow, auth, as_user, world, world.users.committee[0], world.users.committee[4]
    )
    assert response.status_code == 409  # the hearing fixed the committee
    assert "The hearing was held" in response.get_data(as_text=True)
    assert len(db.session.get(Appeal, appeal.id).members) == 3


def test_only_the_coordinator_changes_members(world, flow, auth, as_user):
    flow.to_committee()
    appeal = flow.appeal()
    seat = appeal.members[0]
    for user in (world.users.committee[0], world.users.provider, world.users.district):
        as_user(user)
        response = auth.post(
            f"/appeals/{appeal.id}/members/change",
            {"mem-member": str(seat.id), "mem-reason": "x", "mem-replacement": ""},
        )
        assert response.status_code == 403, user.email
    assert len(flow.appeal().members) == 3


def test_a_reason_is_required_and_an_unknown_seat_is_a_form_error(world, flow, auth, as_user):
    flow.to_committee()
    as_user(world.users.coordinator)
    appeal = flow.appeal()
    response = auth.post(
        f"/appeals/{appeal.id}/members/change",
        {"mem-member": "999999", "mem-reason": "", "mem-replacement": "abc"},
    )
    assert response.status_code == 422
    assert len(flow.appeal().members) == 3
