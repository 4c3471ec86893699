"""The directory as derived tables: directory_listings and its districts, subjects by grade span
and languages, with the indexes the directory's filters use (a stored tsvector of the keywords
with a GIN index on PostgreSQL; SQLite leaves that column empty).

The tables start empty: `flask ses rebuild-directory` fills them from the approved applications
(a migration never imports the application's code, and the listing is built by it). Run it once
after this upgrade (`make run` does); from then on every change keeps them up to date.

Revision ID: scale_directory_listings
Revises: trust_queue_delivery
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

revision = "scale_directory_listings"
down_revision = "trust_security_audit_no_truncate"
branch_labels = None
depends_on = None


def _child(name, *columns, index_columns, foreign_keys=()):
    op.create_table(
        name,
        sa.Column("organization_id", sa.Integer(), nullable=False),
        *columns,
        *foreign_keys,
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["directory_listings.organization_id"],
            name=op.f(f"fk_{name}_organization_id_directory_listings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", *(c.name for c in columns), name=op.f(f"pk_{name}")
        ),
    )
    for index_name, cols in index_columns:
        op.create_index(index_name, name, cols, unique=False)


def upgrade():
    op.create_table(
        "directory_listings",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column(
            "sort_name",
            sa.String(length=200).with_variant(sa.String(length=200, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("in_person", sa.Boolean(), nullable=False),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("serves_ell", sa.Boolean(), nullable=False),
        sa.Column("serves_swd", sa.Boolean(), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("keyword_vector", TSVECTOR().with_variant(sa.Text(), "sqlite"), nullable=True),
        sa.Column("entry", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_directory_listings_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_directory_listings_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_directory_listings")),
        sa.UniqueConstraint("application_id", name=op.f("uq_directory_listings_application_id")),
    )
    op.create_index(
        "ix_directory_listings_state_sort",
        "directory_listings",
        ["state", "sort_name", "organization_id"],
        unique=False,
    )
    op.create_index(
        "ix_directory_listings_sort",
        "directory_listings",
        ["sort_name", "organization_id"],
        unique=False,
    )
    op.create_index(
        "ix_directory_listings_keyword_vector",
        "directory_listings",
        ["keyword_vector"],
        unique=False,
        postgresql_using="gin",
    )
    _child(
        "directory_listing_districts",
        sa.Column("district_id", sa.Integer(), nullable=False),
        index_columns=[
            ("ix_directory_listing_districts_district", ["district_id", "organization_id"])
        ],
        foreign_keys=[
            sa.ForeignKeyConstraint(
                ["district_id"],
                ["districts.id"],
                ondelete="CASCADE",
                name=op.f("fk_directory_listing_districts_district_id_districts"),
            )
        ],
    )
    _child(
        "directory_listing_subjects",
        sa.Column("subject", sa.String(length=80), nullable=False),
        sa.Column("grade_span", sa.String(length=40), nullable=False),
        index_columns=[
            ("ix_directory_listing_subjects_subject", ["subject", "grade_span", "organization_id"]),
            ("ix_directory_listing_subjects_span", ["grade_span", "organization_id"]),
        ],
    )
    _child(
        "directory_listing_languages",
        sa.Column("language", sa.String(length=60), nullable=False),
        index_columns=[
            ("ix_directory_listing_languages_language", ["language", "organization_id"])
        ],
    )


def downgrade():
    for name in (
        "directory_listing_languages",
        "directory_listing_subjects",
        "directory_listing_districts",
    ):
        op.drop_table(name)
    op.drop_table("directory_listings")  # its indexes go with it
