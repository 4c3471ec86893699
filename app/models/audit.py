"""The append-only audit log: every state change, who made it, when and why."""

from sqlalchemy import ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, utcnow


class AuditEntry(Model):
    """One recorded change. Rows are only ever inserted: the ORM refuses updates and deletes, and
    the migration adds a trigger that refuses them in PostgreSQL."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the system sweep
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column()
    event: Mapped[str] = mapped_column(String(60))
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)

    actor = relationship("User")


class AuditLogIsAppendOnly(Exception):
    """Raised when code tries to change or delete an audit entry."""


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(mapper, connection, target):
    raise AuditLogIsAppendOnly("audit entries cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(mapper, connection, target):
    raise AuditLogIsAppendOnly("audit entries cannot be deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk(state):
    """Refuse `update(AuditEntry)` and `delete(AuditEntry)` statements too."""
    if (
        (state.is_update or state.is_delete)
        and state.bind_mapper is not None
        and state.bind_mapper.class_ is AuditEntry
    ):
        raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")


# Databases refuse changes too, so no path outside the ORM can rewrite history.
_TRIGGERS = {
    "postgresql": [
        """CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()""",
        # TRUNCATE fires no row trigger: a statement trigger refuses it.
        """CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
        FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()""",
    ],
    "sqlite": [
        """CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
        """CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
    ],
}


def append_only_ddl(dialect_name):
    """The statements that make the audit table append-only on `dialect_name`."""
    return _TRIGGERS.get(dialect_name, [])


@event.listens_for(AuditEntry.__table__, "after_create")
def _add_triggers(table, connection, **kw):
    for statement in append_only_ddl(connection.dialect.name):
        connection.exec_driver_sql(statement)
