"""Database helpers for the tests: which backend this run uses, and scratch PostgreSQL databases."""

import os
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

BASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")
IS_POSTGRES = BASE_URL.startswith("postgresql")


def _admin_engine(url):
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def create_scratch_database(prefix="ses_test"):
    """Create a uniquely named PostgreSQL database beside TEST_DATABASE_URL; return its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    engine = _admin_engine(BASE_URL)
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(BASE_URL).set(database=name).render_as_string(hide_password=False)


def drop_scratch_database(url):
    """Drop a database made by create_scratch_database."""
    name = make_url(url).database
    engine = _admin_engine(BASE_URL)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()
