"""Shared fixtures: `app`, `client`, `runner`, `auth`, and factories for users and records.

Tests run on an in-memory SQLite database by default. With TEST_DATABASE_URL set to a
PostgreSQL URL, the run creates its own database beside the one named (so runs never see each
other's data), builds the schema once, empties every table after each test, and drops the
database at the end.
"""

import re
from datetime import UTC

import pytest
from sqlalchemy import text

from app import create_app
from app.extensions import db, limiter
from config import TestingConfig
from tests.dbutil import IS_POSTGRES, create_scratch_database, drop_scratch_database

# The fake mail server's fixtures (`smtp`, `queue`) for every test module.
pytest_plugins = ["tests.fakesmtp"]


@pytest.fixture(scope="session")
def database_url():
    """The URL the app fixture uses: in-memory SQLite, or this run's own PostgreSQL database."""
    if not IS_POSTGRES:
        yield "sqlite://"
        return
    url = create_scratch_database()
    app = create_app(_config(url))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    yield url
    drop_scratch_database(url)


def _config(url, **overrides):
    return type("Config", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url, **overrides})


@pytest.fixture
def app(database_url):
    """A fresh application with an empty schema."""
    application = create_app(_config(database_url))
    with application.app_context():
        if not IS_POSTGRES:
            db.create_all()
        limiter.reset()
        yield application
        db.session.remove()
        if IS_POSTGRES:
            _empty_postgres_tables()
        db.engine.dispose()


def _empty_postgres_tables():
    """Delete every row (DELETE is far cheaper than TRUNCATE on a few rows in forty tables).
    Triggers, including the audit log's append-only guard, are off for this session only, as
    foreign keys are, so the order does not matter. Id sequences restart at 1, as they do in
    the fresh SQLite database each test gets.
    """
    with db.engine.begin() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
        conn.execute(text("SELECT setval(c.oid, 1, false) FROM pg_class c WHERE c.relkind = 'S'"))


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner."""
    return app.test_cli_runner()


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html):
    """The CSRF token in a rendered page."""
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


class Auth:
    """Sign in and out through the real forms, and post forms with their CSRF token."""

    def __init__(self, client):
        self.client = client

    def token(self, path=None):
        """A CSRF token for the current session, read from `path` or any page with a form."""
        if path:
            return csrf_from(self.client.get(path).get_data(as_text=True))
        response = self.client.get("/auth/login")
        if response.status_code == 302:
            response = self.client.get("/home")
        return csrf_from(response.get_data(as_text=True))

    def login(self, email, password="correct horse battery", **kwargs):
        """Sign in as `email`; returns the response."""
        token = self.token()
        return self.client.post(
            "/auth/login",
            data={"email": email, "password": password, "csrf_token": token},
            **kwargs,
        )

    def logout(self):
        """Sign out."""
        return self.client.post("/auth/logout", data={"csrf_token": self.token()})

    def matrix_failures(self, matrix, role, ids):
        """GET every page of an access `matrix` as `role` (already signed in, or "anonymous");
        return a line for each page whose status differs from the expected one."""
        failures = []
        for endpoint, (template, expected) in matrix.items():
            status = self.client.get(template.format(**ids)).status_code
            if status != expected[role]:
                failures.append(f"{endpoint}: {status}, expected {expected[role]}")
        return failures

    def post(self, path, data=None, token_from=None, **kwargs):
        """POST `data` to `path` with a valid CSRF token."""
        payload = dict(data or {})
        payload["csrf_token"] = self.token(token_from)
        return self.client.post(path, data=payload, **kwargs)


@pytest.fixture
def auth(client):
    """The sign-in helper."""
    return Auth(client)


DEFAULT_PASSWORD = "correct horse battery"
_DEFAULT_HASH = {}


@pytest.fixture
def make_user(app):
    """Factory: make_user("coordinator") -> a committed user with those roles.

    Users with the default password share one argon2 hash of it, computed once per run (sign-in
    still verifies it), so tests with many users stay fast.
    """
    from app.models import User

    counter = iter(range(1, 10_000))

    def factory(
        *roles, organization=None, district=None, email=None, password=DEFAULT_PASSWORD, name=None
    ):
        n = next(counter)
        user = User(
            email=email or f"{'-'.join(roles) or 'user'}{n}@example.gov",
            name=name or f"{' '.join(r.title() for r in roles)} {n}",
            password_hash="",
        )
        if password == DEFAULT_PASSWORD:
            if "hash" not in _DEFAULT_HASH:
                user.set_password(password)
                _DEFAULT_HASH["hash"] = user.password_hash
            user.password_hash = _DEFAULT_HASH["hash"]
        else:
            user.set_password(password)
        user.set_roles(roles)
        user.organization = organization
        user.district = district
        db.session.add(user)
        db.session.commit()
        return user

    return factory


@pytest.fixture
def quick_user(make_user):
    """Another name for `make_user` (kept for the areas' fixtures that use it)."""
    return make_user


@pytest.fixture
def make_org(app):
    """Factory: make_org("Acme") -> a committed provider organization."""
    from app.models import Organization

    counter = iter(range(1, 10_000))

    def factory(name=None, **values):
        n = next(counter)
        org = Organization(
            code=values.pop("code", f"org-{n}"),
            name=name or f"Provider {n}",
            org_type=values.pop("org_type", "non_profit"),
            **values,
        )
        db.session.add(org)
        db.session.commit()
        return org

    return factory


@pytest.fixture
def make_district(app):
    """Factory: make_district("Sioux Falls", "49-5") -> a committed district."""
    from app.models import District

    def factory(name="Sioux Falls", code="49-5", state="SD", **values):
        district = District(name=name, code=code, state=state, **values)
        db.session.add(district)
        db.session.commit()
        return district

    return factory


@pytest.fixture
def make_cycle(app):
    """Factory: make_cycle(policy_code="sd-2009", due_at=...) -> a committed cycle.

    Defaults follow 004 "Timeline": due April 9, 2009, 5:00 PM Central; revisions May 15.
    """
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from app.models import Cycle

    central = ZoneInfo("America/Chicago")

    def factory(policy_code="sd-2009", name=None, **values):
        values.setdefault("opens_on", date(2009, 3, 2))
        values.setdefault("due_at", datetime(2009, 4, 9, 17, 0, tzinfo=central))
        values.setdefault("revision_due_at", datetime(2009, 5, 15, 17, 0, tzinfo=central))
        values.setdefault("announcement_on", date(2009, 7, 1))
        cycle = Cycle(name=name or f"{policy_code} cycle", policy_code=policy_code, **values)
        db.session.add(cycle)
        db.session.commit()
        return cycle

    return factory


@pytest.fixture
def make_application(app, make_org, make_cycle, make_district):
    """Factory: make_application(state="approved", organization=..., service_area=[...]).

    Fills the dates the state's CHECK constraints require (submitted, decided, approved term) so
    tests can start from any state; the audit log gets a 'fixture' entry like any change.
    """
    from datetime import date, datetime

    from app.audit import record_change
    from app.models import Application

    def factory(state="draft", organization=None, cycle=None, service_area=None, **values):
        organization = organization or make_org()
        cycle = cycle or make_cycle()
        application = Application(organization=organization, cycle=cycle, state=state, **values)
        if state not in ("draft", "withdrawn"):
            application.submitted_at = application.submitted_at or datetime(
                2009, 4, 8, 15, 0, tzinfo=UTC
            )
        if state in (
            "revisions_needed",
            "conditional",
            "approved",
            "denied",
            "removed",
            "appealed",
            "expired",
        ):
            application.decided_at = application.decided_at or datetime(
                2009, 5, 1, 15, 0, tzinfo=UTC
            )
        if state in ("approved", "removed", "appealed", "expired"):
            application.approved_on = application.approved_on or date(2009, 7, 1)
            application.term_ends_on = application.term_ends_on or date(2011, 6, 30)
        application.service_area = list(service_area or [])
        db.session.add(application)
        db.session.flush()
        record_change(application, "fixture", actor=None, to_state=state, reason="test setup")
        db.session.commit()
        return application

    return factory
