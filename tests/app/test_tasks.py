"""The task queue: SQLite file by default, Redis when a URL is set; the periodic tasks; the worker
command, run for real as a separate process working a queue file."""

import os
import socket
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from huey import RedisHuey, SqliteHuey

from app.extensions import db
from app.models import Application, Letter
from app.tasks import daily_sweep, huey, make_huey, redeliver_letters
from tests.fakesmtp import never_answering

ROOT = Path(__file__).resolve().parents[2]


def test_the_queue_is_a_sqlite_file_by_default_and_redis_when_configured(tmp_path):
    local = make_huey(None, tmp_path / "instance" / "tasks.sqlite3")
    assert isinstance(local, SqliteHuey) and (tmp_path / "instance" / "tasks.sqlite3").exists()
    shared = make_huey("redis://127.0.0.1:6379/3")
    assert isinstance(shared, RedisHuey)
    assert shared.storage.conn.connection_pool.connection_kwargs["db"] == 3
    assert not local.results and not shared.results  # outcomes are recorded on the letters


def test_tests_run_tasks_immediately(app):
    assert huey.immediate


def test_the_periodic_tasks_run_at_their_times():
    assert daily_sweep.task_class().validate_datetime(datetime(2011, 7, 1, 6, 15))
    assert not daily_sweep.task_class().validate_datetime(datetime(2011, 7, 1, 6, 16))
    assert redeliver_letters.task_class().validate_datetime(datetime(2011, 7, 1, 9, 35))
    assert not redeliver_letters.task_class().validate_datetime(datetime(2011, 7, 1, 9, 36))


def test_the_daily_sweep_task_sweeps_today(app, make_application):
    application = make_application(
        "approved", approved_on=date(2009, 7, 1), term_ends_on=date(2011, 6, 30)
    )
    app.config["FIXED_TODAY"] = "2011-07-01"
    assert daily_sweep.call_local() == 1
    db.session.expire_all()
    assert db.session.get(Application, application.id).state == "expired"
    assert daily_sweep.call_local() == 0  # idempotent, as the CLI sweep


def test_the_worker_command_refuses_an_immediate_queue(runner):
    result = runner.invoke(args=["ses", "worker"])
    assert result.exit_code != 0 and "runs tasks immediately" in result.output


def _redis_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


QUEUES = [
    pytest.param(None, id="sqlite-queue"),
    pytest.param(
        "redis://127.0.0.1:6379/14",
        id="redis-queue",
        marks=pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379"),
    ),
]


# Another process commits a letter (as a web worker or `flask ses sweep` would).
ISSUE_LETTER = """
from datetime import date
from app import create_app
from app.extensions import db
from app.letters.operations.service import issue_letter
from app.models import Organization
app = create_app()
with app.app_context(), app.test_request_context():
    db.create_all()
    org = Organization(code="org-1", name="Own Tutors", org_type="non_profit",
                       contact_email="own@example.org")
    db.session.add(org)
    db.session.flush()
    issue_letter("expiry_notice", subject="Your SES provider approval has expired",
                 today=date(2011, 7, 1), organization=org, context={"reason": "term_ended"})
    db.session.commit()
"""


@pytest.mark.parametrize("queue_url", QUEUES)
def test_the_worker_process_delivers_what_a_commit_enqueued(tmp_path, queue_url):
    """`flask ses worker` in its own process, the way `make run` and the README start it,
    delivers a letter that another process committed."""
    env = dict(
        os.environ,
        FLASK_APP="app",
        DATABASE_URL=f"sqlite:///{tmp_path / 'ses.sqlite3'}",
        TASK_QUEUE_FILE=str(tmp_path / "tasks.sqlite3"),
        MAIL_SERVER="",
    )
    env.pop("TASK_QUEUE_URL", None)
    env.pop("REDIS_URL", None)
    if queue_url:
        env["TASK_QUEUE_URL"] = queue_url
        make_huey(queue_url).flush()
    subprocess.run(
        [sys.executable, "-c", ISSUE_LETTER], env=env, cwd=ROOT, check=True, capture_output=True
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "ses", "worker", "--no-periodic"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        pending = _wait_until_delivered(tmp_path / "ses.sqlite3")
    finally:
        worker.terminate()
        output = worker.communicate(timeout=20)[0]
        if queue_url:
            make_huey(queue_url).flush()
    assert pending == 0, output
    assert "not sent, no SMTP configured" in output
    assert "subject=Your SES provider approval has expired" in output
    assert worker.returncode == 0, output  # SIGTERM: a clean shutdown


def _wait_until_delivered(path, timeout=40):
    """Poll the database file until no letter is pending; return how many still are."""
    from sqlalchemy import create_engine, func, select

    engine = create_engine(f"sqlite:///{path}")
    deadline = time.monotonic() + timeout
    try:
        while True:
            with engine.connect() as conn:
                pending = conn.scalar(
                    select(func.count())
                    .select_from(Letter.__table__)
                    .where(Letter.__table__.c.delivery_requested_at.is_not(None))
                )
                total = conn.scalar(select(func.count()).select_from(Letter.__table__))
            if (pending == 0 and total) or time.monotonic() > deadline:
                return pending
            time.sleep(0.3)
    finally:
        engine.dispose()


def test_the_sweep_never_talks_to_smtp_its_letters_wait_for_the_worker(
    app, make_org, make_application, queue, smtp
):
    from app.sweep import run_sweep

    make_application(
        "approved",
        organization=make_org(contact_email="own@example.org"),
        approved_on=date(2009, 7, 1),
        term_ends_on=date(2011, 6, 30),
    )
    smtp.hang = never_answering()
    assert len(run_sweep(date(2011, 7, 1))) == 1
    assert smtp.connections == [] and [t.name for t in queue.pending()] == ["deliver_letter"]
    smtp.hang.set()
    smtp.hang = None
    queue.run()
    assert [m["Subject"] for _, m in smtp.sent] == ["Your SES provider approval has expired"]
