"""Permission rules of the removal and appeal pages, beyond the GET matrix: a provider reaches
only its own cases and appeals, a committee member only the appeals it sits on, and every action
(POST) is refused to the roles it does not belong to."""

from app.extensions import db
from app.models import RemovalCase


def test_provider_sees_only_its_own_cases_and_appeals(
    world, flow, client, as_user, make_application
):
    flow.remove()
    flow.certified_mail()
    flow.file()
    appeal = flow.appeal()
    as_user(world.users.other_provider)
    for url in (
        f"/appeals/cases/{world.case.id}",
        f"/appeals/cases/{world.case.id}/appeal",
        f"/appeals/{appeal.id}",
        f"/appeals/{appeal.id}/documents/{appeal.documents[0].id}",
    ):
        assert client.get(url).status_code == 403, url
    assert "Bright Minds" not in client.get("/appeals/cases?status=all").get_data(as_text=True)
    assert "Bright Minds" not in client.get("/appeals/").get_data(as_text=True)
    as_user(world.users.provider)
    assert "Bright Minds" in client.get("/appeals/cases?status=all").get_data(as_text=True)
    assert "Bright Minds" in client.get("/appeals/").get_data(as_text=True)


def test_committee_member_reaches_only_appeals_they_sit_on(world, flow, client, as_user, auth):
    flow.to_committee()
    appeal = flow.appeal()
    as_user(world.users.outsider)
    assert client.get(f"/appeals/{appeal.id}").status_code == 403
    assert "Bright Minds" not in client.get("/appeals/").get_data(as_text=True)
    assert client.get(f"/appeals/cases/{world.case.id}").status_code == 403
    refused = auth.post(
        f"/appeals/{appeal.id}/decision",
        {
            "cd-decision": "overturn",
            "cd-votes_for": "3",
            "cd-votes_against": "0",
            "cd-reasons": "x",
        },
    )
    assert refused.status_code == 403
    as_user(world.users.committee[0])
    assert client.get(f"/appeals/{appeal.id}").status_code == 200
    assert client.get(f"/appeals/cases/{world.case.id}").status_code == 200  # the grounds
    assert "Bright Minds" in client.get("/appeals/").get_data(as_text=True)
    assert flow.appeal().status == "committee"


def test_actions_refused_to_other_roles(world, flow, auth, as_user):
    flow.to_committee()
    appeal = flow.appeal()
    posts = {
        f"/appeals/cases/{world.case.id}/decision": {"dec-decision": "remove", "dec-reason": "x"},
        f"/appeals/cases/{world.case.id}/recommendation": {
            "rec-recommendation": "x",
            "rec-recommended_on": "2009-07-01",
        },
        f"/appeals/{appeal.id}/review": {
            "rev-outcome": "rescind",
            "rev-reviewed_on": "2009-07-22",
            "rev-notes": "x",
        },
        f"/appeals/{appeal.id}/members": {"app-members": [str(world.users.committee[3].id)]},
        "/appeals/deadlines/feed-address": {},
    }
    for user in (
        world.users.provider,
        world.users.committee[0],
        world.users.district,
        world.users.reviewer,
    ):
        as_user(user)
        for url, data in posts.items():
            assert auth.post(url, data).status_code == 403, (user.email, url)
    as_user(world.users.coordinator)  # the coordinator does not vote for the committee
    assert (
        auth.post(
            f"/appeals/{appeal.id}/decision",
            {
                "cd-decision": "overturn",
                "cd-votes_for": "3",
                "cd-votes_against": "0",
                "cd-reasons": "x",
            },
        ).status_code
        == 403
    )
    as_user(world.users.provider)
    assert (
        auth.post(
            f"/appeals/{appeal.id}/hearing", {"hear-held_on": "2009-07-28", "hear-mode": "written"}
        ).status_code
        == 403
    )
    assert len(flow.appeal().members) == 3 and flow.appeal().status == "committee"


def test_coordinator_cannot_file_the_providers_appeal(world, flow, auth, as_user):
    flow.remove()
    as_user(world.users.coordinator)
    assert auth.client.get(f"/appeals/cases/{world.case.id}/appeal").status_code == 403
    assert auth.post(f"/appeals/cases/{world.case.id}/appeal", {"letter": "x"}).status_code == 403


def test_unknown_and_malformed_ids_are_not_found(world, flow, client, as_user, make_org):
    flow.remove()
    flow.certified_mail()
    flow.file()
    appeal = flow.appeal()
    as_user(world.users.coordinator)
    for url in (
        "/appeals/cases/99999",
        "/appeals/cases/abc",
        "/appeals/99999",
        "/appeals/cases/99999999999999999999999",
        f"/appeals/{appeal.id}/documents/99999",
        "/appeals/cases/99999/appeal",
    ):
        assert client.get(url).status_code == 404, url
    open_case = RemovalCase(
        application_id=world.other_application.id,
        grounds="violations",
        summary="x",
        opened_on=world.case.opened_on,
    )
    db.session.add(open_case)
    db.session.commit()
    as_user(world.users.other_provider)
    # No notice yet: there is nothing to appeal.
    assert client.get(f"/appeals/cases/{open_case.id}/appeal").status_code == 404


def test_pages_show_the_right_forms_per_role(world, flow, client, as_user):
    flow.to_committee()
    appeal = flow.appeal()
    as_user(world.users.coordinator)
    page = client.get(f"/appeals/{appeal.id}").get_data(as_text=True)
    assert "Appoint" in page and "Record the committee" not in page
    as_user(world.users.committee[1])
    page = client.get(f"/appeals/{appeal.id}").get_data(as_text=True)
    assert "Record the committee's final decision" in page and "Appoint</button>" not in page
    as_user(world.users.provider)
    page = client.get(f"/appeals/{appeal.id}").get_data(as_text=True)
    assert "Record the hearing" not in page and "Record the committee" not in page
