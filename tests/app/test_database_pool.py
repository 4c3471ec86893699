"""The connection pool checks a connection before use only after it sat idle
(DATABASE_PING_AFTER_IDLE_SECONDS, app/extensions.py `ping_after_idle`), and a dead one is
replaced without the request seeing an error."""

import pytest
from sqlalchemy import create_engine, event, select, text

from app.extensions import db
from tests.dbutil import IS_POSTGRES


def _pings(monkeypatch):
    seen = []
    real = db.engine.dialect.do_ping

    def counting(dbapi_connection):
        seen.append(dbapi_connection)
        return real(dbapi_connection)

    monkeypatch.setattr(db.engine.dialect, "do_ping", counting)
    return seen


def _one_request_of_work():
    db.session.execute(select(1))
    db.session.remove()  # the connection goes back to the pool, as at a request's end


@pytest.fixture
def returned_long_ago():
    """Every connection given back to the pool from now on looks idle for an hour."""

    def idle(dbapi_connection, record):
        record.info["returned_at"] -= 3600

    event.listen(db.engine, "checkin", idle)
    yield
    event.remove(db.engine, "checkin", idle)


def test_a_connection_used_a_moment_ago_is_not_pinged(app, monkeypatch):
    _one_request_of_work()
    pings = _pings(monkeypatch)
    _one_request_of_work()
    _one_request_of_work()
    assert pings == []


def test_an_idle_connection_is_pinged_before_use(app, monkeypatch, returned_long_ago):
    _one_request_of_work()
    pings = _pings(monkeypatch)
    _one_request_of_work()
    assert len(pings) == 1


@pytest.mark.skipif(not IS_POSTGRES, reason="ends a server connection")
def test_an_idle_connection_the_server_closed_is_replaced(app, returned_long_ago):
    pid = db.session.scalar(text("SELECT pg_backend_pid()"))
    db.session.remove()
    admin = create_engine(db.engine.url)  # not the app's pool, where the first one waits
    with admin.begin() as other:
        assert other.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    assert db.session.scalar(text("SELECT pg_backend_pid()")) != pid  # and no error
