"""The task queue (Huey): letters and notices e-mailed after commit, and the periodic jobs.

The queue is an SQLite file under instance/ by default (nothing to install) and Redis when
TASK_QUEUE_URL (or REDIS_URL) is set, so several web hosts and workers share one queue. The
test configuration runs tasks immediately, in memory (TASK_QUEUE_IMMEDIATE).

Work reaches the queue only after the database transaction that produced it commits: an
`after_commit` listener on the application's sessions enqueues the letters requested
(`app.letters.operations.delivery.request_delivery`), the notices queued (`app.mail.queue_email`)
and the outcome upload jobs stored (`app.outcomes.operations.jobs.enqueue_import`) in that
transaction; `after_rollback` drops them. If the queue itself cannot be reached the letter
stays pending in the database and `redeliver_letters` enqueues it later, so nothing is lost.

The worker is `flask ses worker` (app/cli.py): it binds the Flask application it was started
with, and every task runs inside a fresh application context of it (its own database session).
"""

import logging
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from flask import current_app, has_app_context
from flask_sqlalchemy.session import Session
from huey import RedisHuey, SqliteHuey, crontab
from sqlalchemy import event

from config import Config

log = logging.getLogger("ses.tasks")

# Retries with backoff on a failing SMTP server: 1, 2, 4, 8, 16 minutes (chosen), then the
# periodic redelivery keeps trying until LETTER_DELIVERY_MAX_ATTEMPTS.
DELIVERY_RETRIES, DELIVERY_RETRY_DELAY, DELIVERY_BACKOFF = 5, 60, 2


def make_huey(url=None, path=None):
    """RedisHuey on `url` (redis://...) when given, else SqliteHuey in the file `path`. Task
    results are not stored: the outcome of a delivery is recorded on the letter itself."""
    if url:
        return RedisHuey("ses", url=url, utc=True, results=False)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("ses", filename=str(path), utc=True, results=False)


huey = make_huey(Config.TASK_QUEUE_URL, Config.TASK_QUEUE_FILE)

_worker_app = None


def bind_app(app):
    """Use `app` for the tasks this process runs (the worker command calls this once)."""
    global _worker_app
    _worker_app = app


@contextmanager
def task_context():
    """A fresh application context (hence its own database session) for one task."""
    # Flask types current_app as the Flask object, not the proxy that has _get_current_object.
    app = _worker_app or (
        current_app._get_current_object()  # type: ignore[attr-defined]
        if has_app_context()
        else None
    )
    if app is None:
        raise RuntimeError(
            "No Flask application for the task: start the worker with `flask ses worker`."
        )
    with app.app_context():
        yield app


@huey.task(
    retries=DELIVERY_RETRIES, retry_delay=DELIVERY_RETRY_DELAY, retry_backoff=DELIVERY_BACKOFF
)
def deliver_letter(letter_id):
    """E-mail one letter (raises to retry while its SMTP server fails)."""
    from app.letters.operations.delivery import deliver

    with task_context():
        return deliver(letter_id)


@huey.task(
    retries=DELIVERY_RETRIES, retry_delay=DELIVERY_RETRY_DELAY, retry_backoff=DELIVERY_BACKOFF
)
def deliver_email(to, subject, html):
    """E-mail one notice queued with app.mail.queue_email."""
    from app.mail import deliver_email as send

    with task_context():
        return send(to, subject, html)


@huey.task()
def import_outcome_upload(job_id):
    """Import a large outcome upload stored by the web page or the API
    (app/outcomes/operations/jobs.py; the worker must share the instance folder where the file
    waits)."""
    from app.outcomes.operations.jobs import import_outcomes_job

    with task_context():
        import_outcomes_job(job_id)


@huey.periodic_task(crontab(minute=f"*/{Config.LETTER_REDELIVERY_CHECK_MINUTES}"))
def redeliver_letters():
    """Enqueue again the letters still pending LETTER_REDELIVER_AFTER_MINUTES after their
    last request or attempt (their task was lost: queue outage, worker killed)."""
    from app.letters.operations.delivery import undelivered_letter_ids

    with task_context() as app:
        after = timedelta(minutes=app.config["LETTER_REDELIVER_AFTER_MINUTES"])
        ids = undelivered_letter_ids(older_than=after)
    for letter_id in ids:
        deliver_letter(letter_id)
    if ids:
        log.info("re-enqueued %d undelivered letter(s)", len(ids))
    return len(ids)


@huey.periodic_task(crontab(minute=str(Config.SWEEP_MINUTE_UTC), hour=str(Config.SWEEP_HOUR_UTC)))
def daily_sweep():
    """The daily sweep (`flask ses sweep --today`), for today in the default pack's time zone."""
    from app.clock import today
    from app.sweep import run_sweep

    with task_context():
        day = today()
        lines = run_sweep(day)
    log.info("sweep for %s: %d change(s)", day.isoformat(), len(lines))
    return len(lines)


def _enqueue_committed(session):
    """after_commit: hand the transaction's letters and notices to the queue. A queue that
    cannot be reached is logged, never raised: the commit has happened, and the letters stay
    pending in the database for redeliver_letters."""
    from app.letters.operations.delivery import PENDING_LETTERS
    from app.mail import PENDING_EMAILS
    from app.outcomes.operations.jobs import PENDING_JOBS

    letter_ids = sorted(session.info.pop(PENDING_LETTERS, ()))
    emails = session.info.pop(PENDING_EMAILS, [])
    job_ids = session.info.pop(PENDING_JOBS, [])
    try:
        for letter_id in letter_ids:
            deliver_letter(letter_id)
        for email in emails:
            deliver_email(email["to"], email["subject"], email["html"])
        for job_id in job_ids:
            import_outcome_upload(job_id)
    except Exception:  # noqa: BLE001 - any broker error; the database keeps the letters
        log.exception(
            "could not enqueue %d letter(s) and %d notice(s); redelivery will retry the letters",
            len(letter_ids),
            len(emails),
        )


def _drop_rolled_back(session):
    """after_rollback: nothing requested in a rolled-back transaction is sent."""
    from app.letters.operations.delivery import PENDING_LETTERS
    from app.mail import PENDING_EMAILS
    from app.outcomes.operations.jobs import PENDING_JOBS

    session.info.pop(PENDING_LETTERS, None)
    session.info.pop(PENDING_EMAILS, None)
    session.info.pop(PENDING_JOBS, None)


def register(app):
    """Listen to the application's sessions; run tasks immediately when the configuration
    asks (tests). Never switches immediate mode off: another app in the same process (a test
    building a production app) must not move the tests' queue to the SQLite file."""
    if app.config.get("TASK_QUEUE_IMMEDIATE"):
        huey.immediate = True
    if not event.contains(Session, "after_commit", _enqueue_committed):
        event.listen(Session, "after_commit", _enqueue_committed)
        event.listen(Session, "after_rollback", _drop_rolled_back)
