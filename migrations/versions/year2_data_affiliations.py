"""Users' affiliations (a district, an organization) held whatever their roles, for the appeals
committee's neutrality check (002 "Appeals Committee").

Revision ID: year2_data_affiliations
Revises: trust_queue_delivery (main's head when merged; the integrator re-chains)
"""

import sqlalchemy as sa
from alembic import op

revision = "year2_data_affiliations"
down_revision = "year2_renewal_renewals"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("affiliated_district_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("affiliated_organization_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_users_affiliated_district_id"), ["affiliated_district_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_users_affiliated_organization_id"),
            ["affiliated_organization_id"],
            unique=False,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_users_affiliated_district_id_districts"),
            "districts",
            ["affiliated_district_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_users_affiliated_organization_id_organizations"),
            "organizations",
            ["affiliated_organization_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_users_affiliated_organization_id_organizations"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_users_affiliated_district_id_districts"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_users_affiliated_organization_id"))
        batch_op.drop_index(batch_op.f("ix_users_affiliated_district_id"))
        batch_op.drop_column("affiliated_organization_id")
        batch_op.drop_column("affiliated_district_id")
