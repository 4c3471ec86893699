"""The fingerprint of everything the daily sweep reads, so that a run can tell cheaply that
nothing has changed since the last complete run for the same day (app/sweep.py).

What a step reads, and how a change to it shows in the fingerprint:
- `today` and the policy packs (the files' bytes and the configured default pack);
- every state change of an application, condition, violation, removal case or appeal, and
  every outcome upload: each writes an audit entry, and the audit log is append-only, so its
  (row count, max id) changes;
- rows inserted, deleted or replaced in any table the steps may read: each table's (row count,
  max id); outcome uploads replace a district's year with new rows (new ids);
- edits that write no audit entry: the full contents of the small tables (cycles and their
  dates, closure days, reference data, districts, organizations, users and roles, conditions'
  due dates, final reports, monitoring visits, corrective actions, appeals, removal cases...),
  `updated_at` where a large table has one (applications, score sheets), and the letters'
  receipt dates that start windows (opened_on, certified_mail_received_on).

Tables no step reads (derived directory listings, tokens, import jobs, this record itself) are
left out. Large tables are summarised, never read row by row: the fingerprint costs a few
index lookups and counts, far less than the sweep's outcome aggregate.
"""

import hashlib
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, func

from app.extensions import db
from workflows.policy import DEFAULT_POLICY, POLICY_DIR

# Not read by any step: derived from the records, or outside the sweep's concern.
UNREAD = frozenset(
    {
        "sweep_runs",
        "directory_listings",
        "directory_listing_districts",
        "directory_listing_subjects",
        "directory_listing_languages",
        "directory_version",
        "api_tokens",
        "deadline_feed_tokens",
        "outcome_upload_jobs",
    }
)
# Large tables: summarised by (count, max id, max updated_at) instead of read whole. Their
# rows are immutable (outcome records, audit entries, versions, documents) or change state only
# with an audit entry (applications, violations), or are the sweep's own output.
LARGE = frozenset(
    {
        "outcome_records",
        "audit_entries",
        "applications",
        "application_versions",
        "documents",
        "violations",
        "effectiveness_results",
        "reminders",
        "letters",
        "score_sheets",
        "interview_notes",
    }
)
# The columns of a large table whose edits write no audit entry and start a window.
WATCHED = {"letters": ("opened_on", "certified_mail_received_on")}


@cache
def _packs_digest(default_code):
    """The policy packs' bytes (read once per process: packs ship with the code)."""
    digest = hashlib.sha256(default_code.encode())
    for path in sorted(POLICY_DIR.glob("*.toml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _read_tables():
    return [t for t in db.metadata.sorted_tables if t.name not in UNREAD]


def _summary(table):
    """(count, max id, max updated_at) of a large table, as SQL expressions."""
    columns: list[ColumnElement[Any]] = [func.count()]
    if "id" in table.c:
        columns.append(func.max(table.c.id))
    if "updated_at" in table.c:
        columns.append(func.max(table.c.updated_at))
    return db.select(*columns).select_from(table)


def _contents(table, columns=None):
    """The digest of a table's rows (or of `columns` of its rows that are set), key order."""
    selected = [table.c[name] for name in columns] if columns else list(table.c)
    statement = db.select(*(([table.c.id] if columns else []) + selected))
    if columns:
        statement = statement.where(db.or_(*(c.isnot(None) for c in selected)))
    statement = statement.order_by(*table.primary_key.columns)
    digest = hashlib.sha256()
    for row in db.session.execute(statement):
        digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def components(today):
    """{name: value} of every input of the sweep as the current transaction sees it."""
    default_code = current_app.config.get("DEFAULT_POLICY", DEFAULT_POLICY)
    found = {"today": today.isoformat(), "packs": _packs_digest(default_code)}
    for table in _read_tables():
        if table.name in LARGE:
            found[table.name] = repr(tuple(db.session.execute(_summary(table)).one()))
            for_watch = WATCHED.get(table.name)
            if for_watch:
                found[f"{table.name}.watched"] = _contents(table, for_watch)
        else:
            found[table.name] = _contents(table)
    return found


def fingerprint(found):
    """The one hex digest of `components(...)` that a sweep run stores."""
    digest = hashlib.sha256()
    for name in sorted(found):
        digest.update(f"{name}={found[name]}\n".encode())
    return digest.hexdigest()
