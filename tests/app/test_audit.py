"""The audit log: written on every state change, never changed or deleted."""

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DatabaseError

from app.audit import history, record_change
from app.extensions import db
from app.models import AuditEntry
from app.models.audit import AuditLogIsAppendOnly


def test_role_change_writes_an_audit_entry(make_user, auth):
    coordinator = make_user("coordinator", email="c@example.gov")
    target = make_user("reviewer", email="r@example.gov", name="Ruth")
    auth.login("c@example.gov")
    response = auth.post(
        f"/admin/users/{target.id}",
        {
            "name": "Ruth",
            "email": "r@example.gov",
            "roles": ["reviewer", "committee"],
            "organization_id": "",
            "district_id": "",
            "active": "y",
        },
    )
    assert response.status_code == 302
    entries = history(target)
    assert len(entries) == 1
    entry = entries[0]
    assert entry.actor_id == coordinator.id
    assert entry.from_state == "reviewer" and entry.to_state == "committee,reviewer"
    assert entry.at is not None and entry.at.tzinfo is not None


def test_audit_entry_cannot_be_updated_through_the_orm(make_user):
    user = make_user("reviewer")
    entry = record_change(user, "test", actor=None, reason="first")
    db.session.commit()
    entry.reason = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()


def test_audit_entry_cannot_be_deleted_through_the_orm(make_user):
    user = make_user("reviewer")
    entry = record_change(user, "test", actor=None)
    db.session.commit()
    db.session.delete(entry)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("statement", [update(AuditEntry).values(reason="x"), delete(AuditEntry)])
def test_bulk_statements_are_refused(make_user, statement):
    user = make_user("reviewer")
    record_change(user, "test", actor=None)
    db.session.commit()
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(statement)
    db.session.rollback()


@pytest.mark.parametrize(
    "sql", ["UPDATE audit_entries SET reason = 'x'", "DELETE FROM audit_entries"]
)
def test_database_refuses_raw_changes(make_user, sql):
    user = make_user("reviewer")
    record_change(user, "test", actor=None)
    db.session.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        with db.engine.begin() as conn:
            conn.execute(text(sql))
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == 1
