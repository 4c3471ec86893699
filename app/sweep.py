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

import ast
import importlib
import re
import zlib
from contextlib import contextmanager

from sqlalchemy import event, func, text

from app import sweep_inputs
from app.extensions import db
from app.models import AuditEntry, SweepRun

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
    describing the changes (none when another run already made them).

    A run whose inputs fingerprint the same as the last complete run's for `today` (app.models
    SweepRun) has nothing to do: the steps are idempotent, so it returns no lines and writes
    nothing. Otherwise the steps run and the run records the fingerprint its writes left."""
    try:
        lock_sweep()
        before = sweep_inputs.components(today)
        run = db.session.get(SweepRun, today)
        if run is not None and run.fingerprint == sweep_inputs.fingerprint(before):
            db.session.commit()
            return []
        with _tables_written() as written:
            lines = []
            for step in _steps():
                lines.extend(step(today))
            db.session.flush()
        after = sweep_inputs.components(today)
        if _saw_every_change(before, after, written):
            _record(run, today, sweep_inputs.fingerprint(after))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return lines


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)


@contextmanager
def _tables_written():
    """The names of the tables this session's connection writes inside the block."""
    written = set()
    connection = db.session.connection()

    def note(conn, cursor, statement, parameters, context, executemany):
        match = _WRITE.match(statement)
        if match:
            written.add(match.group(1).lower())

    event.listen(connection, "before_cursor_execute", note)
    try:
        yield written
    finally:
        event.remove(connection, "before_cursor_execute", note)


def _saw_every_change(before, after, written):
    """True when the steps saw every change the end fingerprint holds. On SQLite the run holds
    the write lock throughout, so no one else commits meanwhile. On PostgreSQL another
    transaction may commit while the steps run: then a table the run did not write differs
    between its start and its end, or the audit log (every state change writes an entry) has
    entries the run did not write. The run then records nothing, and the next run does the
    work again (steps are idempotent): a missed record costs time, never a change."""
    if db.session.get_bind().dialect.name == "sqlite":
        return True
    if any(before[name] != after[name] for name in before if name not in written):
        return False
    if "audit_entries" not in written:
        return True
    return _only_own_audit_entries(before["audit_entries"])


def _only_own_audit_entries(summary):
    """The audit log holds, besides what it held at the start, only the sweep's entries (no
    actor): no other transaction's entry committed during the run."""
    count, max_id = _summary_counts(summary)
    table = AuditEntry.__table__
    old = db.session.scalar(
        db.select(func.count()).select_from(table).where(table.c.id <= (max_id or 0))
    )
    by_someone = db.session.scalar(
        db.select(func.count())
        .select_from(table)
        .where(table.c.id > (max_id or 0), table.c.actor_id.isnot(None))
    )
    return old == count and by_someone == 0


def _summary_counts(summary):
    """(count, max id) back from a large table's summary as components() wrote it."""
    count, max_id = ast.literal_eval(summary)[:2]
    return count, max_id


def _record(run, today, fingerprint):
    if run is None:
        db.session.add(SweepRun(day=today, fingerprint=fingerprint))
    else:
        run.fingerprint = fingerprint
    db.session.flush()
