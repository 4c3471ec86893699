"""The request boundary (app/boundary.py) and lock-and-re-read (app/locking.py): one commit per
request, nothing kept from a refused, aborted or failed request, one shape for refusals (a page
or the API's JSON body, 422 or 409), a unique-key violation answered 409 never 500, and a state
that moved since the page was read refused with who moved it."""

from datetime import UTC, date, datetime

import pytest
from flask import abort, flash
from sqlalchemy import create_engine, text, update
from sqlalchemy.exc import IntegrityError, OperationalError

from app.audit import record_change
from app.boundary import DUPLICATE_MESSAGE, keep_changes
from app.extensions import db
from app.locking import lock, lock_state
from app.models import Application, ClosureDay, Decision, RemovalCase
from app.refusals import Refused
from tests.dbutil import IS_POSTGRES


def _closure(day=1):
    db.session.add(ClosureDay(state="SD", closed_on=date(2009, 12, day), reason="Test"))


def _kept():
    """Closure days in the database, read by a fresh session (not the request's leftovers)."""
    db.session.remove()
    return db.session.scalar(db.select(db.func.count()).select_from(ClosureDay))


@pytest.fixture
def routes(app):
    """Test-only views, each doing one thing to the boundary."""

    def commits():
        _closure()
        return "ok"

    def refuses(conflict):
        _closure()
        db.session.flush()
        raise Refused("That cannot be done now.", conflict=conflict)

    def aborts():
        _closure()
        abort(403)

    def duplicate_at_flush():
        _closure()
        _closure()
        db.session.flush()
        return "never"

    def duplicate_at_commit():
        _closure()
        db.session.flush()
        db.session.execute(text("DELETE FROM closure_days"))  # nothing to collide with yet
        _closure()
        _closure()
        flash("Saved.", "success")
        return "looked fine"

    def keeps():
        _closure()
        keep_changes()
        return "draft kept", 422

    for rule, view in (
        ("/_t/commit", commits),
        ("/_t/abort", aborts),
        ("/_t/dup-flush", duplicate_at_flush),
        ("/_t/dup-commit", duplicate_at_commit),
        ("/_t/keep", keeps),
    ):
        app.add_url_rule(rule, rule, view)
    app.add_url_rule("/_t/refuse", "refuse", lambda: refuses(False))
    app.add_url_rule("/_t/conflict", "conflict", lambda: refuses(True))
    app.add_url_rule("/api/_t/conflict", "api_conflict", lambda: refuses(True))
    return app


def test_a_successful_request_commits_once(routes, client):
    assert client.get("/_t/commit").status_code == 200
    assert _kept() == 1


@pytest.mark.parametrize("path, status", [("/_t/refuse", 422), ("/_t/conflict", 409)])
def test_an_uncaught_refusal_is_a_page_with_its_status_and_keeps_nothing(
    routes, client, path, status
):
    response = client.get(path)
    assert response.status_code == status
    assert "That cannot be done now." in response.get_data(as_text=True)
    assert _kept() == 0


def test_an_api_refusal_answers_the_json_error_body(routes, client):
    response = client.get("/api/_t/conflict")
    assert response.status_code == 409
    assert response.json == {
        "error": "Conflict",
        "status": 409,
        "message": "That cannot be done now.",
    }
    assert _kept() == 0


def test_an_abort_keeps_nothing(routes, client):
    assert client.get("/_t/abort").status_code == 403
    assert _kept() == 0


def test_a_unique_violation_is_a_409_refusal_not_a_500(routes, client):
    for path in ("/_t/dup-flush", "/_t/dup-commit"):
        response = client.get(path)
        assert response.status_code == 409, path
        page = response.get_data(as_text=True)
        assert DUPLICATE_MESSAGE.split(";")[0] in page.replace("&#39;", "'"), path
        assert "Saved." not in client.get("/").get_data(as_text=True)  # its flash was dropped
        assert _kept() == 0, path


def test_a_view_may_keep_its_changes_with_a_4xx(routes, client):
    assert client.get("/_t/keep").status_code == 422
    assert _kept() == 1


def test_a_state_moved_since_it_was_read_is_refused_naming_who(app, make_user, make_application):
    coordinator = make_user("coordinator", name="Ann Lee")
    application = make_application("under_review")
    assert application.state == "under_review"  # what the page showed
    db.session.execute(
        update(Application)
        .where(Application.id == application.id)
        .values(state="denied", decided_at=datetime(2009, 5, 1, tzinfo=UTC))
        .execution_options(synchronize_session=False)
    )  # another request did it
    record_change(
        application, "deny", actor=coordinator, from_state="under_review", to_state="denied"
    )
    with pytest.raises(Refused) as refused:
        lock_state(application, noun="application", verb="decided")
    assert refused.value.conflict and refused.value.status_code == 409
    assert refused.value.message.startswith(
        "This application was decided a moment ago by Ann Lee: denied."
    )
    assert lock_state(application, noun="application").state == "denied"  # unchanged: passes


@pytest.mark.skipif(IS_POSTGRES, reason="SQLite's whole-database write lock")
def test_sqlite_lock_makes_the_transaction_the_writer_before_it_reads(app, make_application):
    application = make_application("submitted")
    connection = db.session.connection().connection.dbapi_connection
    assert not connection.in_transaction  # pysqlite starts one only at the first write
    lock(application)
    assert connection.in_transaction  # BEGIN IMMEDIATE: the write lock is held from here on
    db.session.rollback()


@pytest.mark.skipif(not IS_POSTGRES, reason="row locks need PostgreSQL")
def test_postgres_lock_holds_the_row_until_commit(app, make_application):
    application = make_application("submitted")
    lock(application)
    other = create_engine(db.engine.url)
    try:
        with other.connect() as conn:
            with pytest.raises(OperationalError, match="could not obtain lock"):
                conn.execute(
                    text("SELECT id FROM applications WHERE id = :id FOR UPDATE NOWAIT"),
                    {"id": application.id},
                )
        db.session.commit()
        with other.connect() as conn:
            assert (
                conn.execute(
                    text("SELECT id FROM applications WHERE id = :id FOR UPDATE NOWAIT"),
                    {"id": application.id},
                ).scalar()
                == application.id
            )
    finally:
        other.dispose()


def test_unique_keys_make_a_double_impossible_even_without_the_lock(
    app, make_user, make_application
):
    coordinator = make_user("coordinator")
    application = make_application("approved")
    doubles = [
        [
            Decision(application=application, read_number=1, outcome="deny", decided_by=coordinator)
            for _ in range(2)
        ],
        [
            RemovalCase(
                application=application,
                grounds="violations",
                summary="Twice.",
                opened_on=date(2009, 6, 25),
            )
            for _ in range(2)
        ],
    ]
    for rows in doubles:
        db.session.add_all(rows)
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
    decided = RemovalCase(
        application=application,
        grounds="violations",
        summary="Closed.",
        opened_on=date(2009, 6, 25),
        status="not_removed",
        decided_on=date(2009, 6, 30),
        decided_by_id=coordinator.id,
    )
    db.session.add_all(
        [
            decided,
            RemovalCase(
                application=application,
                grounds="violations",
                summary="New.",
                opened_on=date(2009, 7, 1),
            ),
        ]
    )
    db.session.flush()  # a decided case does not count against the one open case
