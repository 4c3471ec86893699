"""Who reaches which provider-side page: every GET page x every role, plus signed out.

The provider is the applying organization's own user; reviewers are not assigned, so they see
nothing (DESIGN.md section 9). An assigned reviewer without a conflict reads the application and
its versions; a provider never reaches another organization's application.
"""

from datetime import UTC, datetime

import pytest

from app.extensions import db
from app.models import ApplicationVersion, Document, ReviewerAssignment

ROLES = ("anonymous", "provider", "reviewer", "coordinator", "committee", "district")
LOGIN = 302
VIEWERS = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "coordinator": 200, "provider": 200}
PROVIDER_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "provider": 200}
APP = "/applications/{application_id}"

MATRIX = {
    "applications.register": ("/register", {**dict.fromkeys(ROLES, 302), "anonymous": 200}),
    "applications.edit_organization": ("/organizations/{org_id}/edit", VIEWERS),
    "applications.section": (APP + "/sections/program", VIEWERS),
    "applications.attachments": (APP + "/attachments", VIEWERS),
    "applications.download_document": (APP + "/attachments/{document_id}", VIEWERS),
    "applications.submit": (APP + "/submit", VIEWERS),
    "applications.withdraw": (APP + "/withdraw", PROVIDER_ONLY),
    "applications.versions": (APP + "/versions", VIEWERS),
    "applications.version": (APP + "/versions/1", VIEWERS),
    "applications.changes": (APP + "/changes", VIEWERS),
}

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def world(app, make_user, make_org, make_district, make_application):
    """One user per role; the provider's organization with a resubmitted application (two
    versions) and one attachment."""
    district = make_district()
    org = make_org("Own Org")
    users = {
        role: make_user(
            role,
            email=f"{role}@example.gov",
            organization=org if role == "provider" else None,
            district=district if role == "district" else None,
        )
        for role in ROLES
        if role != "anonymous"
    }
    application = make_application(
        "submitted",
        organization=org,
        service_area=[district],
        program={"program_name": "Old"},
        second_read=True,
        revision_count=1,
        decided_at=datetime(2009, 5, 1, tzinfo=UTC),
    )
    document = Document(
        kind="financial_information",
        filename="audit.pdf",
        content_type="application/pdf",
        size_bytes=len(PDF),
        sha256="0" * 64,
        content=PDF,
        uploaded_by=users["provider"],
        organization_id=org.id,
        application=application,
    )
    at = datetime(2009, 4, 8, tzinfo=UTC)
    versions = [
        ApplicationVersion(
            application=application,
            number=n,
            submitted_at=at,
            submitted_by=users["provider"],
            snapshot={"program": {"program_name": name}},
        )
        for n, name in ((1, "Old"), (2, "New"))
    ]
    db.session.add_all([document, *versions])
    db.session.commit()
    return users, {"org_id": org.id, "application_id": application.id, "document_id": document.id}


@pytest.mark.parametrize("role", ROLES)
def test_role_page_matrix(world, auth, client, role):
    users, ids = world
    if role != "anonymous":
        assert auth.login(f"{role}@example.gov").status_code == 302
    failures = auth.matrix_failures(MATRIX, role, ids)
    assert not failures, f"{role}: " + "; ".join(failures)


def test_assigned_reviewer_without_conflict_reads_versions_and_changes(world, auth, client):
    users, ids = world
    db.session.add(
        ReviewerAssignment(
            application_id=ids["application_id"],
            reviewer=users["reviewer"],
            read_number=2,
            assigned_by=users["coordinator"],
            conflict_status="no_conflict",
            declared_at=datetime(2009, 5, 20, tzinfo=UTC),
        )
    )
    db.session.commit()
    auth.login("reviewer@example.gov")
    changes = client.get(f"/applications/{ids['application_id']}/changes")
    assert changes.status_code == 200
    body = changes.get_data(as_text=True)
    assert "1. Program name" in body and "Old" in body and "New" in body
    assert client.get(f"/applications/{ids['application_id']}/versions/2").status_code == 200
    # Reading is not editing.
    response = auth.post(
        f"/applications/{ids['application_id']}/sections/program",
        {"program_name": "Reviewer was here"},
    )
    assert response.status_code == 403


def test_provider_cannot_open_another_organizations_application(
    world, auth, client, make_org, make_application
):
    users, ids = world
    theirs = make_application("draft", organization=make_org("Other Org"))
    auth.login("provider@example.gov")
    for path in (
        "",
        "/sections/program",
        "/attachments",
        "/submit",
        "/withdraw",
        "/versions",
        "/changes",
    ):
        assert client.get(f"/applications/{theirs.id}{path}").status_code == 403, path
    response = auth.post(
        f"/applications/{theirs.id}/sections/program",
        {"program_name": "Hijack"},
        token_from="/home",
    )
    assert response.status_code == 403
    assert auth.post(f"/applications/{theirs.id}/submit", token_from="/home").status_code == 403
    assert client.get(f"/organizations/{theirs.organization_id}/edit").status_code == 403
    start = auth.post(f"/organizations/{theirs.organization_id}/applications", token_from="/home")
    assert start.status_code == 403


def test_malformed_and_unknown_ids_are_404_never_500(world, auth, client):
    users, ids = world
    auth.login("coordinator@example.gov")
    app_path = f"/applications/{ids['application_id']}"
    for path in (
        app_path + "/sections/nope",
        app_path + "/versions/9",
        app_path + "/attachments/999",
        "/applications/99999/submit",
        "/applications/abc/sections/program",
        app_path + "/changes?from=7&to=1",
        "/organizations/99999/edit",
    ):
        assert client.get(path).status_code == 404, path
    assert client.get(app_path + "/changes?from=x&to=y").status_code == 200
