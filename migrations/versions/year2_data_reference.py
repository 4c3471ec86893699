"""State reference data: districts' SES contacts, and each program year's improvement status of
districts and schools (004 "Eligible Service Providers").

Revision ID: year2_data_reference
Revises: year2_data_affiliations
"""

import sqlalchemy as sa
from alembic import op

revision = "year2_data_reference"
down_revision = "year2_data_affiliations"
branch_labels = None
depends_on = None

STATUSES = "status IN ('none', 'improvement', 'corrective_action', 'restructuring')"


def _status_table(name, owner, owner_table):
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(owner, sa.Integer(), nullable=False),
        sa.Column("program_year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.CheckConstraint(STATUSES, name=op.f(f"ck_{name}_status_known")),
        sa.ForeignKeyConstraint(
            [owner],
            [f"{owner_table}.id"],
            ondelete="CASCADE",
            name=op.f(f"fk_{name}_{owner}_{owner_table}"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint(owner, "program_year", name=op.f(f"uq_{name}_{owner}_program_year")),
    )


def upgrade():
    with op.batch_alter_table("districts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("contact_phone", sa.String(length=40), nullable=True))
    _status_table("district_year_statuses", "district_id", "districts")
    _status_table("school_year_statuses", "school_id", "schools")


def downgrade():
    op.drop_table("school_year_statuses")
    op.drop_table("district_year_statuses")
    with op.batch_alter_table("districts", schema=None) as batch_op:
        batch_op.drop_column("contact_phone")
        batch_op.drop_column("contact_name")
