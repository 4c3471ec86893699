"""One decision per application and read: a unique key on decisions (application_id,
read_number), so two coordinators deciding at the same moment can never both be recorded, even
without the row lock the operation takes (issue 8).

Revision ID: trust_core_unique_decisions
Revises: trust_security_audit_no_truncate
"""

from alembic import op

revision = "trust_core_unique_decisions"
down_revision = "scale_import_no_students"
branch_labels = None
depends_on = None

NAME = "uq_decisions_application_id_read_number"


def upgrade():
    with op.batch_alter_table("decisions") as batch:
        batch.create_unique_constraint(NAME, ["application_id", "read_number"])


def downgrade():
    with op.batch_alter_table("decisions") as batch:
        batch.drop_constraint(NAME, type_="unique")
