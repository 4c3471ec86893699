"""A review due date on the cycle: the day reviewers' score sheets are due (issue 11).

Revision ID: workday_ux_review_due_on
Revises: 0002_audit_append_only
"""
import sqlalchemy as sa
from alembic import op

revision = "workday_ux_review_due_on"
# The brief names the parent "0002"; the stored revision id of 0002 is "0002_audit_append_only"
# (the integrator re-chains revisions at merge time).
down_revision = "0002_audit_append_only"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cycles") as batch:
        batch.add_column(sa.Column("review_due_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("cycles") as batch:
        batch.drop_column("review_due_on")
