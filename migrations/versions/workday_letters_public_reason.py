"""The reason a decision letter states, apart from the coordinator's note for the record.

Revision ID: workday_letters_public_reason
Revises: workday_letters_reminders
"""

import sqlalchemy as sa

from migrations.helpers import add_columns, drop_columns

revision = "workday_letters_public_reason"
down_revision = "workday_letters_reminders"
branch_labels = None
depends_on = None


def upgrade():
    add_columns("decisions", sa.Column("public_reason", sa.Text(), nullable=True))


def downgrade():
    drop_columns("decisions", "public_reason")
