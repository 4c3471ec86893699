"""directory_version: one row whose number the directory's flush hook raises with every listing
change; the public directory's response cache keys pages by it (app/directory/cache.py).

Revision ID: scale_cache_directory_version
Revises: workday_ux_review_due_on
"""

import sqlalchemy as sa
from alembic import op

revision = "scale_cache_directory_version"
down_revision = "workday_letters_public_reason"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "directory_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_version")),
    )
    op.bulk_insert(table, [{"id": 1, "version": 1}])


def downgrade():
    op.drop_table("directory_version")
