"""The daily sweep: every time-driven move, run by `flask ses sweep --today DATE` and by the
worker's periodic task (app/tasks.py `daily_sweep`).

Each area contributes its steps in `<package>.sweep.STEPS`: callables `step(today) -> list[str]`
that make the moves due on `today` and return one line per change. Steps must be idempotent:
a second run on the same day changes nothing and returns no lines.

One run at a time: `run_sweep` holds a database lock for its whole transaction, so a second
run started meanwhile (an overlapping cron job, a second host, the periodic task beside the
CLI) WAITS for the first to commit and then finds nothing left to do. On PostgreSQL the lock is
`pg_advisory_xact_lock` (released by the commit or rollback); on SQLite `BEGIN IMMEDIATE`
takes the write lock up front. The steps' inserts are also protected by unique constraints
(letters' `dedupe_key`, one open removal case per application, one missing-report citation
per provider and year, effectiveness results per provider, subject and year), so a double is
impossible even without the lock. E-mail is never sent from here: letters are delivered by the
worker after the commit.
"""

import importlib
import zlib

from sqlalchemy import text

from app.extensions import db

# Order matters: decisions first (revisions and conditions overdue), then the annual evaluation
# that may open removal cases, then ended terms (after the evaluation: the last failing year of
# a term ends the day the term does, and its removal case must still open: app.renewals.sweep),
# then the reminders of every deadline still open. Monitoring and appeals have no time-driven
# moves of their own: their deadlines are reminded and shown on the dashboard.
STEP_MODULES = (
    "app.reviews.sweep",
    "app.outcomes.sweep",
    "app.renewals.sweep",
    "app.reminders.sweep",
)

# The advisory lock's key: any constant bigint the application uses for nothing else.
SWEEP_LOCK_KEY = zlib.crc32(b"ses.sweep")
# How long a second run on SQLite waits for the first (chosen: longer than any sweep here).
SQLITE_WAIT_MS = 10 * 60 * 1000


def _steps(modules=STEP_MODULES):
    """Every listed module's STEPS, in order. A listed module that does not exist, or has no
    STEPS, fails loudly: a sweep that silently skipped an area would miss its deadlines."""
    for name in modules:
        module = importlib.import_module(name)
        steps = getattr(module, "STEPS", None)
        if not steps:
            raise RuntimeError(f"sweep module {name} has no STEPS")
        yield from steps


def _lock_sqlite(connection):
    """BEGIN IMMEDIATE unless this connection is already in a write transaction (then it
    already holds the database's write lock)."""
    raw = connection.connection.dbapi_connection
    if raw.in_transaction:
        return
    (before,) = connection.exec_driver_sql("PRAGMA busy_timeout").one()
    connection.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_WAIT_MS}")
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(before)}")


def lock_sweep():
    """Take the sweep's lock for the current transaction, waiting for a run that holds it."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SWEEP_LOCK_KEY})
    elif connection.dialect.name == "sqlite":
        _lock_sqlite(connection)
    # Objects read earlier in this transaction may predate the run we waited for.
    db.session.expire_all()


def run_sweep(today):
    """Run every step for `today` under the sweep's lock, commit once, and return the lines
    describing the changes (none when another run already made them)."""
    try:
        lock_sweep()
        lines = []
        for step in _steps():
            lines.extend(step(today))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return lines
