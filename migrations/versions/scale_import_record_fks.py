"""outcome_records keeps only its upload's foreign key (issue 9: the import at COPY speed).

district_id is the upload's own district and organization_id the provider the import looked
up in the same transaction; districts and organizations are never deleted. Their foreign keys
cost a per-row check on every import (at 100,000 rows each more than COPY of the whole file)
and said nothing the upload and the import do not. The upload's foreign key (ON DELETE
CASCADE) stays: a row belongs to its upload. See OutcomeRecord's docstring.

Revision ID: scale_import_record_fks
Revises: scale_cache_directory_version
"""

from alembic import op

revision = "scale_import_record_fks"
down_revision = "scale_cache_directory_version"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outcome_records") as batch:
        batch.drop_constraint(op.f("fk_outcome_records_district_id_districts"), type_="foreignkey")
        batch.drop_constraint(
            op.f("fk_outcome_records_organization_id_organizations"), type_="foreignkey"
        )


def downgrade():
    with op.batch_alter_table("outcome_records") as batch:
        batch.create_foreign_key(
            op.f("fk_outcome_records_district_id_districts"), "districts", ["district_id"], ["id"]
        )
        batch.create_foreign_key(
            op.f("fk_outcome_records_organization_id_organizations"),
            "organizations",
            ["organization_id"],
            ["id"],
        )
