"""The audit log refuses TRUNCATE, and the README's application role can only INSERT and SELECT
on it (PostgreSQL; SQLite has neither TRUNCATE nor roles)."""

import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.pool import NullPool

from app.extensions import db
from tests.dbutil import IS_POSTGRES

pytestmark = pytest.mark.skipif(not IS_POSTGRES, reason="PostgreSQL roles and TRUNCATE")

README = Path(__file__).resolve().parents[2] / "README.md"
INSERT = (
    "INSERT INTO audit_entries (at, entity, entity_id, event) "
    "VALUES (CURRENT_TIMESTAMP, 'x', 1, 'test')"
)


def _readme_grants(role):
    """The README's statements for the application role, run after `flask db upgrade`."""
    block = re.search(r"```sql\n(.*?)```", README.read_text(), re.S).group(1)
    after = block.split("after every `flask db upgrade`", 1)[1].split("\n", 1)[1]
    statements = [s.strip() for s in after.split(";") if s.strip()]
    assert any("audit_entries" in s for s in statements)
    return [s.replace("ses_app", role) for s in statements]


def test_truncate_is_refused_even_for_the_owner(app):
    with db.engine.begin() as conn:
        conn.execute(text(INSERT))
    with pytest.raises(DatabaseError, match="append-only"):
        with db.engine.begin() as conn:
            conn.execute(text("TRUNCATE audit_entries"))
    with db.engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM audit_entries")) == 1


@pytest.fixture(scope="module")
def migrated_engine():
    """A scratch database built by `flask db upgrade`, as production builds it."""
    from flask_migrate import upgrade

    from app import create_app
    from tests.conftest import _config
    from tests.dbutil import create_scratch_database, drop_scratch_database

    url = create_scratch_database("ses_roles")
    application = create_app(_config(url))
    with application.app_context():
        upgrade()
        db.engine.dispose()
    engine = create_engine(url, poolclass=NullPool)  # no connection keeps a SET ROLE
    yield engine
    engine.dispose()
    drop_scratch_database(url)


@pytest.fixture
def app_role(migrated_engine):
    """A role granted exactly what the README grants `ses_app` (dropped afterwards)."""
    role = f"ses_app_{uuid.uuid4().hex[:10]}"
    with migrated_engine.begin() as conn:
        conn.execute(text(f"CREATE ROLE {role} NOLOGIN"))
        for statement in _readme_grants(role):
            conn.execute(text(statement))
    yield role
    with migrated_engine.begin() as conn:
        conn.execute(text(f"DROP OWNED BY {role}"))
        conn.execute(text(f"DROP ROLE {role}"))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entries SET reason = 'rewritten'",
        "DELETE FROM audit_entries",
        "TRUNCATE audit_entries",
    ],
)
def test_application_role_cannot_rewrite_the_audit_log(migrated_engine, app_role, statement):
    with migrated_engine.connect() as conn:
        conn.execute(text(f"SET ROLE {app_role}"))
        conn.execute(text(INSERT))  # it may append
        assert conn.scalar(text("SELECT count(*) FROM audit_entries")) >= 1  # and read
        conn.commit()
        with pytest.raises(DatabaseError, match="permission denied"):
            conn.execute(text(statement))
        conn.rollback()


def test_application_role_works_on_other_tables(migrated_engine, app_role):
    with migrated_engine.connect() as conn:
        conn.execute(text(f"SET ROLE {app_role}"))
        conn.execute(
            text(
                "INSERT INTO districts (state, code, name, in_improvement) "
                "VALUES ('SD', '1-1', 'A', false)"
            )
        )
        conn.execute(text("UPDATE districts SET name = 'Renamed'"))
        conn.execute(text("DELETE FROM districts"))
        with pytest.raises(DatabaseError, match="permission denied"):
            conn.execute(text("SELECT * FROM alembic_version"))
        conn.rollback()
        conn.execute(
            text(
                "INSERT INTO closure_days (state, closed_on, reason) "
                "VALUES ('SD', '2009-07-06', 'x')"
            )
        )
        conn.rollback()
