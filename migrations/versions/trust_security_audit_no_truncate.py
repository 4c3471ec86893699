"""PostgreSQL refuses TRUNCATE of the audit log (the row triggers of 0002 do not fire for it).

SQLite has no TRUNCATE; its DELETE trigger (0002) already refuses `DELETE FROM audit_entries`.

Revision ID: trust_security_audit_no_truncate
Revises: trust_security_session_version
"""

from alembic import op

revision = "trust_security_audit_no_truncate"
down_revision = "trust_security_session_version"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        # audit_entries_append_only() (0002) raises for any trigger, row or statement level.
        op.execute("""CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
                   FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()""")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries")
