"""Migrations build the schema on SQLite and PostgreSQL, go down again, and agree with the models.

0001 is the frozen baseline: a database built from it, revision by revision, must reach exactly
the schema of a fresh `upgrade head` and of the models (`db.create_all()`); every later schema
change is a new revision with a real downgrade.
"""

import ast
import hashlib
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
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
    before = schema_of(db.engine)
    downgrade(revision="base")
    db.engine.dispose()
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()  # and up again from nothing, to the very same schema
    db.engine.dispose()
    assert set(db.metadata.tables) <= set(inspect(db.engine).get_table_names())
    assert schema_of(db.engine) == before


def test_models_and_migrations_agree(migrated_app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models differ from migrations: {diff}"


def test_migrated_audit_log_is_append_only(migrated_app):
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_entries (at, entity, entity_id, event) "
                "VALUES (CURRENT_TIMESTAMP, 'x', 1, 'test')"
            )
        )
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


# ---- The frozen baseline (issue 12) -------------------------------------------------------------

VERSIONS = Path(__file__).resolve().parents[2] / "migrations" / "versions"
BASELINE = VERSIONS / "0001_initial_schema.py"
# sha256 of 0001_initial_schema.py. It must NEVER change: databases in use were built from this
# file, and a rewritten 0001 never reaches them. A schema change is a new revision; do not
# update this value to make the test pass.
BASELINE_SHA256 = "3d9efb6e288592d9580e9aa07d0086f4d8ce11acaf65203daf51d7c1d9bf0d65"


def test_the_baseline_revision_is_never_rewritten():
    assert hashlib.sha256(BASELINE.read_bytes()).hexdigest() == BASELINE_SHA256, (
        "migrations/versions/0001_initial_schema.py was rewritten; put the change in a new "
        "revision and restore 0001"
    )


def _is_empty(function):
    """True for a function whose body is only a docstring, `pass` or `...`."""
    return all(
        isinstance(node, ast.Pass)
        or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
        for node in function.body
    )


def _downgrade_of(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return next(
        (
            node
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name == "downgrade"
        ),
        None,
    )


REVISIONS = sorted(path for path in VERSIONS.glob("*.py") if path != BASELINE)


@pytest.mark.parametrize("path", REVISIONS, ids=lambda p: p.stem)
def test_every_revision_after_the_baseline_has_a_real_downgrade(path):
    function = _downgrade_of(path)
    assert function is not None and not _is_empty(function), f"{path.name}: empty downgrade()"


def test_empty_downgrades_are_recognised(tmp_path):
    sample = tmp_path / "sample.py"
    for body, empty in (
        ("pass", True),
        ('"""Nothing."""\n    ...', True),
        ('op.drop_column("t", "c")', False),
    ):
        sample.write_text(f"def upgrade():\n    pass\n\n\ndef downgrade():\n    {body}\n")
        assert _is_empty(_downgrade_of(sample)) is empty


def _normal_sql(text):
    """A CHECK's text without the quoting and spacing each backend adds when it reads it back."""
    text = re.sub(r"\s+", " ", str(text)).replace('"', "")
    return re.sub(r"\(\s*|\s*\)", lambda m: m.group(0).strip(), text).strip()


def schema_of(engine):
    """Every table's columns (type, nullability, server default), primary key, indexes, unique
    and check constraints and foreign keys, as the database reports them."""
    inspector = inspect(engine)
    schema = {}
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        schema[table] = {
            "columns": {
                c["name"]: (str(c["type"]), c["nullable"], _normal_sql(c.get("default")))
                for c in inspector.get_columns(table)
            },
            "primary_key": tuple(inspector.get_pk_constraint(table)["constrained_columns"]),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in inspector.get_indexes(table)
            ),
            "unique": sorted(
                (u["name"], tuple(u["column_names"]))
                for u in inspector.get_unique_constraints(table)
            ),
            "checks": sorted(
                (c["name"], _normal_sql(c["sqltext"]))
                for c in inspector.get_check_constraints(table)
            ),
            "foreign_keys": sorted(
                (
                    f["name"],
                    tuple(f["constrained_columns"]),
                    f["referred_table"],
                    tuple(f["referred_columns"]),
                    (f.get("options") or {}).get("ondelete"),
                )
                for f in inspector.get_foreign_keys(table)
            ),
        }
    return schema


def schema_difference(first, second):
    """{table: {aspect: (first's, second's)}} of everything the two schemas do not share."""
    difference = {}
    for table in sorted(set(first) | set(second)):
        one, other = first.get(table, {}), second.get(table, {})
        aspects = {
            aspect: (one.get(aspect), other.get(aspect))
            for aspect in sorted(set(one) | set(other))
            if one.get(aspect) != other.get(aspect)
        }
        if aspects:
            difference[table] = aspects
    return difference


@contextmanager
def scratch_app(tmp_path, name):
    """An app on an empty database of this run's kind (SQLite file, or PostgreSQL scratch DB)."""
    url = (
        create_scratch_database(f"ses_{name}")
        if IS_POSTGRES
        else f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
    )
    config = type("Config", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url})
    app = create_app(config)
    try:
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        if IS_POSTGRES:
            drop_scratch_database(url)


def revisions_in_order():
    """Revision ids from the baseline to head, oldest first."""
    config = current_app.extensions["migrate"].migrate.get_config()
    script = ScriptDirectory.from_config(config)
    return [rev.revision for rev in reversed(list(script.walk_revisions("base", "heads")))]


def test_a_database_built_from_the_frozen_baseline_reaches_the_models_schema(tmp_path):
    with scratch_app(tmp_path, "fresh"):
        upgrade()
        fresh = schema_of(db.engine)
    with scratch_app(tmp_path, "stepwise"):
        steps = revisions_in_order()
        assert steps[0] == "0001_initial" and len(steps) == len(REVISIONS) + 1
        for revision in steps:  # a database deployed at 0001, then each later release
            upgrade(revision=revision)
        stepwise = schema_of(db.engine)
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
    with scratch_app(tmp_path, "models"):
        db.create_all()
        models = schema_of(db.engine)
    assert set(fresh) == set(db.metadata.tables)
    assert schema_difference(stepwise, fresh) == {}
    assert schema_difference(fresh, models) == {}


def test_schema_comparison_sees_a_changed_check_and_column(tmp_path):
    with scratch_app(tmp_path, "changed"):
        db.create_all()
        before = schema_of(db.engine)
    table = next(name for name, aspects in before.items() if aspects["checks"])
    changed = {
        **before,
        table: {
            **before[table],
            "checks": before[table]["checks"][1:],
            "columns": {**before[table]["columns"], "extra": ("TEXT", True, "None")},
        },
    }
    assert schema_difference(before, dict(before)) == {}
    assert list(schema_difference(before, changed)) == [table]
    assert set(schema_difference(before, changed)[table]) == {"checks", "columns"}
