"""Bulk steps of a cycle (issue 11): reviewers for every application in one step, with the
conflict rule, and the start of every review that has enough reviewers."""

from app.extensions import db
from app.models import Application, AuditEntry, ReviewerAssignment

from .conftest import text_of


def _cycle_with(make_cycle, make_application, make_org, names, state="submitted"):
    cycle = make_cycle(name="SD 2009")
    apps = [make_application(state, organization=make_org(n), cycle=cycle) for n in names]
    return cycle, apps


def _pairs():
    return set(
        db.session.execute(
            db.select(ReviewerAssignment.application_id, ReviewerAssignment.reviewer_id)
        ).all()
    )


def test_every_application_gets_the_chosen_reviewers_in_one_step(
    flow, people, make_cycle, make_application, make_org
):
    cycle, apps = _cycle_with(make_cycle, make_application, make_org, ["Alpha", "Beta", "Gamma"])
    other = make_application("submitted", organization=make_org("Elsewhere"))  # another cycle
    reviewers = people["reviewers"][:3]
    flow.as_user(people["coordinator"])
    response = flow.post(
        f"/review/cycles/{cycle.id}/reviewers", {"everyone": [r.id for r in reviewers]}
    )
    assert response.status_code == 302
    assert _pairs() == {(a.id, r.id) for a in apps for r in reviewers}
    assert other.id not in {a for a, _ in _pairs()}
    assert "9 assignment(s) made." in text_of(flow.client.get(response.headers["Location"]))
    assert (
        db.session.scalar(
            db.select(db.func.count()).select_from(AuditEntry).filter_by(event="assign_reviewer")
        )
        == 9
    )
    # twice is harmless: nothing is assigned twice
    again = flow.post(
        f"/review/cycles/{cycle.id}/reviewers", {"everyone": [r.id for r in reviewers]}
    )
    assert again.status_code == 302 and len(_pairs()) == 9


def test_a_declared_conflict_is_never_assigned(
    flow, people, make_cycle, make_application, make_org
):
    cycle, (alpha, beta) = _cycle_with(make_cycle, make_application, make_org, ["Alpha", "Beta"])
    reviewer = people["reviewers"][0]
    flow.assign(alpha, [reviewer])
    flow.declare(alpha, reviewer, "conflict", note="My sister runs Alpha.")
    flow.as_user(people["coordinator"])
    page = flow.client.get(f"/review/cycles/{cycle.id}/reviewers").get_data(as_text=True)
    assert f'value="{alpha.id}:{reviewer.id}"' not in page and "conflict" in page
    response = flow.post(
        f"/review/cycles/{cycle.id}/reviewers",
        {"everyone": [reviewer.id], "pairs": [f"{alpha.id}:{reviewer.id}"]},
    )
    assert response.status_code == 302
    statuses = dict(
        db.session.execute(
            db.select(
                ReviewerAssignment.application_id, ReviewerAssignment.conflict_status
            ).filter_by(reviewer_id=reviewer.id)
        ).all()
    )
    assert statuses == {alpha.id: "conflict", beta.id: "undeclared"}
    page = text_of(flow.client.get(response.headers["Location"]))
    assert (
        "Alpha: Reviewer 1 declared a conflict of interest with this application: not "
        "assigned." in page
    )


def test_single_cells_and_refusals(flow, people, make_cycle, make_application, make_org):
    cycle, (alpha, beta) = _cycle_with(make_cycle, make_application, make_org, ["Alpha", "Beta"])
    denied = make_application("denied", organization=make_org("Closed"), cycle=cycle)
    r1, r2 = people["reviewers"][:2]
    flow.as_user(people["coordinator"])
    path = f"/review/cycles/{cycle.id}/reviewers"
    assert flow.post(path, {"pairs": [f"{beta.id}:{r2.id}"]}).status_code == 302
    assert _pairs() == {(beta.id, r2.id)}
    for bad in (
        {},
        {"pairs": ["nonsense"]},
        {"pairs": [f"{denied.id}:{r1.id}"]},
        {"everyone": ["abc"]},
        {"pairs": [f"{alpha.id}:999999"]},
    ):
        response = flow.post(path, bad)
        assert response.status_code in (200, 409, 422), bad
        assert _pairs() == {(beta.id, r2.id)}, bad


def test_start_every_review_with_enough_reviewers(
    flow, people, make_cycle, make_application, make_org
):
    cycle, (alpha, beta) = _cycle_with(make_cycle, make_application, make_org, ["Alpha", "Beta"])
    flow.as_user(people["coordinator"])
    path = f"/review/cycles/{cycle.id}/reviewers"
    flow.post(path, {"everyone": [r.id for r in people["reviewers"][:2]]})
    flow.post(path, {"pairs": [f"{alpha.id}:{people['reviewers'][2].id}"]})
    response = flow.post(f"/review/cycles/{cycle.id}/start-reviews", {})
    assert response.status_code == 302
    states = {a.id: db.session.get(Application, a.id).state for a in (alpha, beta)}
    assert states == {alpha.id: "under_review", beta.id: "submitted"}
    page = text_of(flow.client.get(response.headers["Location"]))
    assert "1 review(s) started." in page and "Beta:" in page and "(2 of 3 assigned)" in page


def test_bulk_pages_are_the_coordinators(flow, people, make_cycle, auth, client):
    cycle = make_cycle()
    for user in (people["reviewers"][0], people["provider"]):
        flow.as_user(user)
        assert flow.client.get(f"/review/cycles/{cycle.id}/reviewers").status_code == 403
        assert flow.post(f"/review/cycles/{cycle.id}/reviewers", {}).status_code == 403
        assert flow.post(f"/review/cycles/{cycle.id}/start-reviews", {}).status_code == 403
    flow.as_user(people["coordinator"])
    assert flow.client.post(f"/review/cycles/{cycle.id}/start-reviews").status_code == 400
    assert flow.client.get("/review/cycles/999999/reviewers").status_code == 404
