"""Lock and re-read: the first step of every operation that moves a state, so the second of two
people acting at the same moment sees what the first did and is refused, instead of both
succeeding (a lost update).

`lock(obj)` takes the row's write lock for the rest of the transaction and reloads every
attribute from the database: on PostgreSQL `SELECT ... FOR UPDATE` (a second transaction waits
until the first commits, then reads its result); on SQLite, which locks the whole database,
`BEGIN IMMEDIATE` makes the transaction the only writer before anything is read again.
`lock_state(obj, ...)` also refuses (409) when the state moved since the page was loaded,
saying who moved it and to what.
"""

from sqlalchemy import inspect as sa_inspect

from app.extensions import db
from app.models.audit import AuditEntry
from app.models.users import User
from app.refusals import Refused


def take_write_lock():
    """Start the transaction as the database's only writer, unless it already writes (pysqlite
    opens a transaction, with the write lock, only at the first INSERT/UPDATE/DELETE)."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    dbapi_connection = connection.connection.dbapi_connection
    assert dbapi_connection is not None  # the session's connection is checked out, not closed
    if not dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock(obj):
    """Lock `obj`'s row for this transaction and read it afresh; returns `obj`. Call it first
    in an operation: what the request changed before is flushed, then every attribute reloaded."""
    if obj in db.session.dirty:
        db.session.flush()  # what this request already changed stays (refresh would drop it)
    take_write_lock()
    # The row lock is taken on the table's primary key alone, then the object is re-read: a
    # refresh "with_for_update" would repeat the object's eager loads (outer joins), on whose
    # nullable side PostgreSQL refuses FOR UPDATE.
    mapper = sa_inspect(obj).mapper
    table = mapper.local_table
    keys = sa_inspect(obj).identity
    db.session.execute(
        db.select(*table.primary_key.columns)
        .where(
            *[
                column == value
                for column, value in zip(table.primary_key.columns, keys, strict=True)
            ]
        )
        .with_for_update()
    )
    db.session.refresh(obj)
    return obj


def locked_one(statement):
    """The one object `statement` (a select) finds, or None, locked and freshly read."""
    take_write_lock()
    entity = statement.column_descriptions[0]["entity"]
    return db.session.scalar(
        statement.with_for_update(of=entity).execution_options(  # its own row only
            populate_existing=True
        )
    )


def last_actor(obj):
    """The name of whoever wrote the latest audit entry of `obj` ("the nightly sweep" for the
    system), for messages about a change made a moment ago."""
    entry = db.session.scalar(
        db.select(AuditEntry)
        .where(AuditEntry.entity == obj.__tablename__, AuditEntry.entity_id == obj.id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if entry is None or entry.actor_id is None:
        return "the nightly sweep" if entry is not None else "someone else"
    user = db.session.get(User, entry.actor_id)
    return user.name if user is not None else "someone else"


def lock_state(obj, *, noun, verb="changed", attribute="state"):
    """Lock `obj` and refuse (conflict) if its `attribute` is no longer the one this request read:
    "This application was decided a moment ago by Ann Lee: approved."."""
    before = getattr(obj, attribute)
    lock(obj)
    after = getattr(obj, attribute)
    if after != before:
        label = str(after).replace("_", " ")
        raise Refused(
            f"This {noun} was {verb} a moment ago by {last_actor(obj)}: {label}. "
            "Reload the page to see it.",
            conflict=True,
        )
    return obj
