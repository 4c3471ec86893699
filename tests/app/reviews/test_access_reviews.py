"""Who reaches which review page: every GET page x every role, plus signed out.

The records: one submitted SD application of the provider's organization, with the "reviewer"
user assigned twice: to it (no conflict declared yet: the declaration page) and to a second
application under review (no conflict: the score sheet). The second application is
conditional-approved in spirit: it carries a condition with one evidence file.
"""

from datetime import date

import pytest

from app.extensions import db
from app.models import Condition, Document, ReviewerAssignment
from app.models.types import utcnow

ROLES = ("anonymous", "provider", "reviewer", "coordinator", "committee", "district")
LOGIN = 302


def _only(*allowed, **special):
    return {
        **dict.fromkeys(ROLES, 403),
        "anonymous": LOGIN,
        **dict.fromkeys(allowed, 200),
        **special,
    }


MATRIX = {
    "reviews.queue": ("/review/", _only("reviewer")),
    "reviews.declaration": ("/review/assignments/{undeclared_id}/declaration", _only("reviewer")),
    "reviews.sheet": ("/review/assignments/{declared_id}/sheet", _only("reviewer")),
    "reviews.interview": (
        "/review/applications/{scored_id}/interview",
        _only("reviewer", "coordinator"),
    ),
    "reviews.cycles": ("/review/cycles", _only("coordinator")),
    "reviews.new_cycle": ("/review/cycles/new", _only("coordinator")),
    "reviews.edit_cycle": ("/review/cycles/{cycle_id}", _only("coordinator")),
    "reviews.cycle_reviewers": ("/review/cycles/{cycle_id}/reviewers", _only("coordinator")),
    "reviews.closures": ("/review/closures", _only("coordinator")),
    "reviews.applications": ("/review/applications", _only("coordinator")),
    "reviews.application": ("/review/applications/{application_id}", _only("coordinator")),
    "reviews.assign": ("/review/applications/{application_id}/assign", _only("coordinator")),
    "reviews.decide": ("/review/applications/{scored_id}/decide", _only("coordinator")),
    "reviews.conditions": (
        "/review/applications/{scored_id}/conditions",
        _only("coordinator", "provider"),
    ),
    "reviews.evidence": ("/review/evidence/{document_id}", _only("coordinator", "provider")),
}


@pytest.fixture
def records(app, quick_user, make_org, make_district, make_application):
    """One user per role (emails <role>@example.gov) and the records described above."""
    app.config["FIXED_TODAY"] = "2009-05-01"
    district = make_district()
    org = make_org("Own Org")
    users = {
        role: quick_user(
            role,
            email=f"{role}@example.gov",
            organization=org if role == "provider" else None,
            district=district if role == "district" else None,
        )
        for role in ROLES
        if role != "anonymous"
    }
    submitted = make_application("submitted", organization=org)
    scored = make_application("under_review", organization=org, cycle=submitted.cycle)
    coordinator, reviewer = users["coordinator"], users["reviewer"]
    undeclared = ReviewerAssignment(
        application=submitted, reviewer=reviewer, assigned_by=coordinator
    )
    declared = ReviewerAssignment(
        application=scored,
        reviewer=reviewer,
        assigned_by=coordinator,
        conflict_status="no_conflict",
        declared_at=utcnow(),
    )
    condition = Condition(
        application=scored, kind="other", description="Send the MOU", due_on=date(2009, 6, 1)
    )
    db.session.add_all([undeclared, declared, condition])
    db.session.flush()
    document = Document(
        kind="condition_evidence",
        filename="mou.pdf",
        content_type="application/pdf",
        size_bytes=4,
        sha256="0" * 64,
        content=b"%PDF",
        uploaded_by=users["provider"],
        organization_id=org.id,
        application_id=scored.id,
        condition_id=condition.id,
    )
    db.session.add(document)
    db.session.commit()
    return {
        "undeclared_id": undeclared.id,
        "declared_id": declared.id,
        "application_id": submitted.id,
        "scored_id": scored.id,
        "cycle_id": submitted.cycle_id,
        "document_id": document.id,
    }


@pytest.mark.parametrize("role", ROLES)
def test_review_page_matrix(records, auth, client, role):
    if role != "anonymous":
        assert auth.login(f"{role}@example.gov").status_code == 302
    failures = auth.matrix_failures(MATRIX, role, records)
    assert not failures, f"{role}: " + "; ".join(failures)


def test_another_organizations_provider_reaches_no_condition(
    records, quick_user, make_org, auth, client
):
    quick_user("provider", organization=make_org("Other Org"), email="other@example.gov")
    auth.login("other@example.gov")
    assert client.get(f"/review/applications/{records['scored_id']}/conditions").status_code == 403
    assert client.get(f"/review/evidence/{records['document_id']}").status_code == 403
    condition_id = db.session.scalar(db.select(Condition.id))
    response = auth.post(f"/review/conditions/{condition_id}/evidence", {}, token_from="/home")
    assert response.status_code == 403


def test_post_only_actions_refuse_other_roles(records, auth, client):
    auth.login("reviewer@example.gov")
    condition_id = db.session.scalar(db.select(Condition.id))
    for path in (
        f"/review/applications/{records['application_id']}/start",
        f"/review/applications/{records['application_id']}/assign",
        f"/review/applications/{records['scored_id']}/decide",
        f"/review/conditions/{condition_id}/met",
        "/review/cycles/new",
        "/review/closures",
    ):
        assert auth.post(path, {}, token_from="/home").status_code == 403, path


def test_forms_without_csrf_token_are_refused(records, auth, client):
    auth.login("coordinator@example.gov")
    response = client.post(
        "/review/closures", data={"state": "SD", "closed_on": "2009-07-06", "reason": "x"}
    )
    assert response.status_code == 400
