"""The sweep's record of its complete runs: a second run of a day with unchanged inputs does
nothing (issue 9).

Revision ID: scale_sweep_runs
Revises: scale_import_record_fks
"""

import sqlalchemy as sa
from alembic import op

revision = "scale_sweep_runs"
down_revision = "scale_import_record_fks"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sweep_runs",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_sweep_runs")),
    )


def downgrade():
    op.drop_table("sweep_runs")
