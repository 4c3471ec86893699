"""The reason a decision letter states, apart from the coordinator's note for the record.

Revision ID: workday_letters_public_reason
Revises: workday_letters_reminders
"""
import sqlalchemy as sa
from alembic import op

revision = "workday_letters_public_reason"
down_revision = "workday_letters_reminders"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(sa.Column("public_reason", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("public_reason")
