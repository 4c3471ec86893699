"""The audit helper every state change calls: one entry, same transaction, no update path."""

from sqlalchemy import insert

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


def record_changes(entity_table, changes, event, *, actor):
    """Append one audit entry per change in a single executemany (no flush per row): for steps
    that change many rows set-based. `changes`: dicts with entity_id and optionally
    from_state, to_state, reason."""
    rows = [
        {
            "actor_id": actor.id if actor is not None else None,
            "entity": entity_table,
            "event": event,
            "from_state": None,
            "to_state": None,
            "reason": None,
            **change,
        }
        for change in changes
    ]
    if rows:
        db.session.execute(insert(AuditEntry.__table__), rows)


def history(entity):
    """The audit entries of `entity`, oldest first."""
    return db.session.scalars(
        db.select(AuditEntry)
        .where(AuditEntry.entity == entity.__tablename__, AuditEntry.entity_id == entity.id)
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
