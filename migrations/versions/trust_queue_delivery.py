"""Letters delivered by the task queue; the sweep's inserts protected by unique constraints.

Revision ID: trust_queue_delivery
Revises: 0002

* letters: delivery state (requested, attempted, the claiming worker's token, attempts, last
  error) and `dedupe_key`, unique, for letters a step may issue only once;
* removal_cases: at most one open case per application;
* violations: one missing-final-report citation per provider and program year.
"""

import sqlalchemy as sa
from alembic import op

revision = "trust_queue_delivery"
down_revision = "0002_audit_append_only"
branch_labels = None
depends_on = None

OPEN = "status = 'open'"
MISSING_REPORT = "kind = 'missing_final_report'"


def upgrade():
    with op.batch_alter_table("letters") as batch:
        batch.add_column(sa.Column("delivery_requested_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("delivery_attempted_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("delivery_claim", sa.String(32)))
        batch.add_column(
            sa.Column("delivery_attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("delivery_error", sa.Text()))
        batch.add_column(sa.Column("dedupe_key", sa.String(120)))
        batch.create_index("ix_letters_delivery_requested_at", ["delivery_requested_at"])
        batch.create_unique_constraint("uq_letters_dedupe_key", ["dedupe_key"])
    op.create_index(
        "uq_removal_cases_one_open",
        "removal_cases",
        ["application_id"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    op.create_index(
        "uq_violations_missing_report_once",
        "violations",
        ["organization_id", "program_year"],
        unique=True,
        sqlite_where=sa.text(MISSING_REPORT),
        postgresql_where=sa.text(MISSING_REPORT),
    )


def downgrade():
    op.drop_index("uq_violations_missing_report_once", table_name="violations")
    op.drop_index("uq_removal_cases_one_open", table_name="removal_cases")
    with op.batch_alter_table("letters") as batch:
        batch.drop_constraint("uq_letters_dedupe_key", type_="unique")
        batch.drop_index("ix_letters_delivery_requested_at")
        for column in (
            "dedupe_key",
            "delivery_error",
            "delivery_attempts",
            "delivery_claim",
            "delivery_attempted_at",
            "delivery_requested_at",
        ):
            batch.drop_column(column)
