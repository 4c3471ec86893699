"""The audit helper every state change calls: one entry, same transaction, no update path."""

from app.extensions import db
from app.models.audit import AuditEntry


def record_change(entity, event, *, actor, from_state=None, to_state=None, reason=None):
    """Append an audit entry for `entity` (a model instance with an id) and return it.

    `actor` is the user who acted, or None for the system sweep. The entry is added to the
    current session and flushed with the change it records, so both commit or neither does.
    """
    if entity.id is None:
        db.session.flush()
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        entity=entity.__tablename__,
        entity_id=entity.id,
        event=event,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def history(entity):
    """The audit entries of `entity`, oldest first."""
    return db.session.scalars(
        db.select(AuditEntry)
        .where(AuditEntry.entity == entity.__tablename__, AuditEntry.entity_id == entity.id)
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
