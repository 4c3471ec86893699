"""Migrations build the schema on SQLite and PostgreSQL, go down again, and agree with the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app import create_app
from app.extensions import db
from config import TestingConfig

from tests.dbutil import IS_POSTGRES, create_scratch_database, drop_scratch_database


@pytest.fixture
def empty_database_url(tmp_path):
    """An empty database of the kind this run tests: an SQLite file, or a PostgreSQL scratch DB."""
    if IS_POSTGRES:
        url = create_scratch_database("ses_migrations")
        yield url
        drop_scratch_database(url)
    else:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"


@pytest.fixture
def migrated_app(empty_database_url):
    config = type("Config", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": empty_database_url})
    app = create_app(config)
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_upgrade_builds_every_table_and_downgrade_removes_them(migrated_app):
    tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    downgrade(revision="base")
    db.engine.dispose()
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()  # and up again from nothing
    assert set(db.metadata.tables) <= set(inspect(db.engine).get_table_names())


def test_models_and_migrations_agree(migrated_app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models differ from migrations: {diff}"


def test_migrated_audit_log_is_append_only(migrated_app):
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_entries (at, entity, entity_id, event) "
                          "VALUES (CURRENT_TIMESTAMP, 'x', 1, 'test')"))
    with pytest.raises(DatabaseError, match="append-only"):
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_entries"))


@pytest.mark.skipif(not IS_POSTGRES, reason="SQLite has no TRUNCATE")
def test_migrated_audit_log_refuses_truncate(migrated_app):
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    with pytest.raises(DatabaseError, match="append-only"):
        with db.engine.begin() as conn:
            conn.execute(text("TRUNCATE audit_entries"))
