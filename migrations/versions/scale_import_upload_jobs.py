"""Outcome upload jobs: large web and API uploads imported in the background (issue 9).

Revision ID: scale_import_upload_jobs
Revises: trust_security_audit_no_truncate
"""

import sqlalchemy as sa
from alembic import op

revision = "scale_import_upload_jobs"
down_revision = "scale_directory_listings"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outcome_upload_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("program_year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')",
            name=op.f("ck_outcome_upload_jobs_status_known"),
        ),
        sa.CheckConstraint(
            "source IN ('web', 'api', 'cli')", name=op.f("ck_outcome_upload_jobs_source_known")
        ),
        sa.CheckConstraint(
            "status <> 'done' OR upload_id IS NOT NULL",
            name=op.f("ck_outcome_upload_jobs_done_has_upload"),
        ),
        sa.CheckConstraint(
            "status <> 'failed' OR error_count > 0",
            name=op.f("ck_outcome_upload_jobs_failed_has_errors"),
        ),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.id"],
            name=op.f("fk_outcome_upload_jobs_district_id_districts"),
        ),
        sa.ForeignKeyConstraint(
            ["upload_id"],
            ["outcome_uploads.id"],
            ondelete="SET NULL",
            name=op.f("fk_outcome_upload_jobs_upload_id_outcome_uploads"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_outcome_upload_jobs_requested_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_upload_jobs")),
    )
    op.create_index(
        op.f("ix_outcome_upload_jobs_district_id"),
        "outcome_upload_jobs",
        ["district_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(op.f("ix_outcome_upload_jobs_district_id"), table_name="outcome_upload_jobs")
    op.drop_table("outcome_upload_jobs")
