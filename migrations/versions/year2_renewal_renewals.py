"""Renewals and concurrent cycles: an application may renew an approval (applications.renews_id),
a cycle says who may enter it (cycles.kind: new / renewal / both) and may carry the NC
Deliberation Meeting date (003 "Proof of Insurance": the insurance clock runs from it).

Revision ID: year2_renewal_renewals
Revises: trust_queue_delivery
"""

import sqlalchemy as sa
from alembic import op

revision = "year2_renewal_renewals"
down_revision = "trust_queue_delivery"  # chained after main's revision at the merge
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cycles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=10), nullable=False, server_default="both")
        )
        batch_op.add_column(sa.Column("deliberation_meeting_on", sa.Date(), nullable=True))
        batch_op.create_check_constraint("kind_known", "kind IN ('new', 'renewal', 'both')")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("renews_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_applications_renews_id"), ["renews_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_applications_renews_id_applications"),
            "applications",
            ["renews_id"],
            ["id"],
        )
        batch_op.create_check_constraint("renews_other", "renews_id IS NULL OR renews_id <> id")


def downgrade():
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_applications_renews_other"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_applications_renews_id_applications"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_applications_renews_id"))
        batch_op.drop_column("renews_id")
    with op.batch_alter_table("cycles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_cycles_kind_known"), type_="check")
        batch_op.drop_column("deliberation_meeting_on")
        batch_op.drop_column("kind")
