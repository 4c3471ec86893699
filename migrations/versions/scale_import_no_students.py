"""Outcome uploads can be an explicit "no SES students this program year" report (issue 10).

Revision ID: scale_import_no_students
Revises: scale_import_upload_jobs
"""

import sqlalchemy as sa
from alembic import op

revision = "scale_import_no_students"
down_revision = "scale_import_upload_jobs"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outcome_uploads") as batch:
        batch.add_column(
            sa.Column("no_students", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_check_constraint("no_students_has_no_rows", "NOT no_students OR row_count = 0")


def downgrade():
    with op.batch_alter_table("outcome_uploads") as batch:
        batch.drop_constraint(op.f("ck_outcome_uploads_no_students_has_no_rows"), type_="check")
        batch.drop_column("no_students")
