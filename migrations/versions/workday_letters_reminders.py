"""Reminders before deadlines, each sent once; a letter kind for the provider's reminder.

Revision ID: workday_letters_reminders
Revises: workday_ux_review_due_on

* reminders: one row per reminder sent (kind, the record and due date it is for, the letter or
  the staff addresses), `dedupe_key` unique so a reminder goes out once;
* letters.kind: adds "deadline_reminder".
"""

import sqlalchemy as sa
from alembic import op

from migrations.helpers import one_of

revision = "workday_letters_reminders"
down_revision = "workday_ux_review_due_on"
branch_labels = None
depends_on = None

OLD_KINDS = (
    "submission_receipt",
    "revision_request",
    "decision_approved",
    "decision_conditional",
    "decision_denied",
    "condition_reminder",
    "violation_notice",
    "violation_outcome",
    "removal_notice",
    "district_removal_notice",
    "appeal_receipt",
    "review_outcome",
    "district_rescission_notice",
    "committee_decision",
    "district_reinstatement_notice",
    "monitoring_report",
    "expiry_notice",
    "final_report_reminder",
    "complaint_outcome",
)
NEW_KINDS = OLD_KINDS + ("deadline_reminder",)


def _replace_kind_check(kinds):
    with op.batch_alter_table("letters") as batch:
        batch.drop_constraint(op.f("ck_letters_kind_known"), type_="check")
        batch.create_check_constraint("kind_known", one_of("kind", kinds))


def upgrade():
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("audience", sa.String(10), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=True),
        sa.Column("recipients", sa.Text(), nullable=True),
        sa.Column("dedupe_key", sa.String(160), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "audience IN ('provider', 'staff')", name=op.f("ck_reminders_audience_known")
        ),
        sa.CheckConstraint(
            "audience = 'staff' OR letter_id IS NOT NULL",
            name=op.f("ck_reminders_provider_reminder_is_a_letter"),
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"], ["letters.id"], name=op.f("fk_reminders_letter_id_letters")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_reminders_dedupe_key")),
    )
    _replace_kind_check(NEW_KINDS)


def downgrade():
    op.execute("DELETE FROM reminders")
    op.execute("DELETE FROM letters WHERE kind = 'deadline_reminder'")
    _replace_kind_check(OLD_KINDS)
    op.drop_table("reminders")
