"""Who reaches which page: every GET page x every role, plus signed out.

Each area keeps its own matrix beside its tests, in a module `tests/app/**/test_access*.py` that
defines `MATRIX = {endpoint: (url template, {role: status})}` and tests it against records of its
own. `test_matrix_covers_every_page` gathers them all: a GET page without a row anywhere fails
it, so no page ships without its access rule tested.
"""

import importlib.util
from pathlib import Path

import pytest

from app.extensions import db
from app.models import Application, Cycle
from app.models.types import utcnow

ROLES = ("anonymous", "provider", "reviewer", "coordinator", "committee", "district")
LOGIN = 302  # signed-out visitors are sent to sign in

# endpoint -> (url template, {role: status}); "own" ids are the provider's own organization.
MATRIX = {
    "main.index": ("/", dict.fromkeys(ROLES, 200)),
    "auth.login": ("/auth/login", {**dict.fromkeys(ROLES, 302), "anonymous": 200}),
    "main.home": ("/home", {**dict.fromkeys(ROLES, 200), "anonymous": LOGIN}),
    "admin.users": (
        "/admin/users",
        {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "coordinator": 200},
    ),
    "admin.new_user": (
        "/admin/users/new",
        {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "coordinator": 200},
    ),
    "admin.edit_user": (
        "/admin/users/{user_id}",
        {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "coordinator": 200},
    ),
    "admin.audit_log": (
        "/admin/audit",
        {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "coordinator": 200},
    ),
    "applications.organization": (
        "/organizations/{org_id}",
        {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "coordinator": 200, "provider": 200},
    ),
    "applications.application": (
        "/applications/{application_id}",
        {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "coordinator": 200, "provider": 200},
    ),
}


@pytest.fixture
def world(app, make_user, make_org, make_district):
    """One user per role, the provider's organization and one application of it."""
    district = make_district()
    org = make_org("Own Org")
    cycle = Cycle(name="2009", policy_code="sd-2009", opens_on=utcnow().date(), due_at=utcnow())
    application = Application(
        organization=org, cycle=cycle, state="submitted", submitted_at=utcnow()
    )
    db.session.add_all([cycle, application])
    db.session.commit()
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
    ids = {"user_id": users["reviewer"].id, "org_id": org.id, "application_id": application.id}
    return users, ids


def all_matrix_rows():
    """Every MATRIX of every access-test module under tests/app, merged."""
    rows = {}
    for path in sorted(Path(__file__).parent.rglob("test_access*.py")):
        spec = importlib.util.spec_from_file_location(f"_matrix_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        clash = set(rows) & set(module.MATRIX)
        assert not clash, f"{path.name} repeats rows for {clash}"
        rows.update(module.MATRIX)
    return rows


def test_matrix_covers_every_page(app):
    pages = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint != "static" and not rule.rule.startswith("/api/")
    }
    rows = all_matrix_rows()
    assert pages == set(rows), f"add rows for {pages - set(rows)}; drop {set(rows) - pages}"


@pytest.mark.parametrize("role", ROLES)
def test_role_page_matrix(world, auth, client, role):
    users, ids = world
    if role != "anonymous":
        assert auth.login(f"{role}@example.gov").status_code == 302
    failures = auth.matrix_failures(MATRIX, role, ids)
    assert not failures, f"{role}: " + "; ".join(failures)


def test_provider_cannot_reach_another_organizations_records(
    world, make_org, make_user, auth, client
):
    users, ids = world
    other = make_org("Other Org")
    cycle = db.session.get(Cycle, 1)
    theirs = Application(organization=other, cycle=cycle)
    db.session.add(theirs)
    db.session.commit()
    auth.login("provider@example.gov")
    assert client.get(f"/organizations/{ids['org_id']}").status_code == 200
    assert client.get(f"/organizations/{other.id}").status_code == 403
    assert client.get(f"/applications/{theirs.id}").status_code == 403
    assert b"Other Org" not in client.get("/home").data


def test_coordinator_cannot_see_a_draft(world, make_org, auth, client):
    """DESIGN.md section 4: a draft is the provider's alone; nothing is visible to the state."""
    draft = Application(organization=make_org("Drafting Org"), cycle=db.session.get(Cycle, 1))
    db.session.add(draft)
    db.session.commit()
    auth.login("coordinator@example.gov")
    assert client.get(f"/applications/{draft.id}").status_code == 403


def test_unknown_record_is_404_not_500(world, auth, client):
    auth.login("coordinator@example.gov")
    assert client.get("/applications/99999").status_code == 404
    assert client.get("/organizations/99999").status_code == 404
    assert client.get("/admin/users/99999").status_code == 404
    huge = 10**20  # beyond any database integer: not found, never an overflow error
    for path in (
        f"/applications/{huge}",
        f"/organizations/{huge}",
        f"/admin/users/{huge}",
        f"/applications/{2**31}",
    ):
        assert client.get(path).status_code == 404, path
