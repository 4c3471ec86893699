"""Loading a session's user (User.load_session_user): on PostgreSQL its SELECT runs before the
request's transaction begins (no BEGIN, and no COMMIT to send when the request does nothing
more), and whatever the request then writes is still one transaction."""

import pytest

from app.extensions import db
from app.models import User
from tests.dbutil import IS_POSTGRES


@pytest.fixture
def session_id(make_user):
    user = make_user("coordinator")
    identifier = user.get_id()
    db.session.remove()  # a fresh session, as at the start of a request
    return identifier


def _driver():
    return db.session.connection().connection.driver_connection


@pytest.mark.skipif(not IS_POSTGRES, reason="psycopg's transaction status")
def test_the_user_is_read_before_the_transaction_begins(session_id):
    from psycopg.pq import TransactionStatus

    user = User.load_session_user(session_id)
    assert user is not None and user.roles == {"coordinator"}
    assert _driver().info.transaction_status == TransactionStatus.IDLE  # no BEGIN sent
    assert _driver().autocommit is False  # what the request does next is one transaction


def test_what_the_request_writes_after_it_is_still_undone_by_a_rollback(session_id):
    user = User.load_session_user(session_id)
    name = user.name
    user.name = "Changed"
    db.session.flush()
    db.session.rollback()
    assert db.session.get(User, user.id).name == name


def test_changes_staged_before_it_are_not_written_outside_the_transaction(session_id):
    db.session.add(User(email="staged@example.gov", name="Staged", password_hash=""))
    assert User.load_session_user(session_id) is not None
    db.session.rollback()
    assert db.session.scalar(db.select(User).filter_by(email="staged@example.gov")) is None


def test_a_user_whose_sessions_were_ended_is_not_loaded(session_id):
    user = User.load_session_user(session_id)
    user.end_sessions()
    db.session.commit()
    db.session.remove()
    assert User.load_session_user(session_id) is None
