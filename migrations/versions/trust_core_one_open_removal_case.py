"""One open removal case per application: a partial unique index (status = 'open'), so two
violations confirmed at the same moment can never open two cases on one provider, even without
the row lock the operation takes (issue 8). Decided cases stay any number.

Revision ID: trust_core_one_open_removal_case
Revises: trust_core_unique_decisions
"""
import sqlalchemy as sa
from alembic import op

revision = "trust_core_one_open_removal_case"
down_revision = "trust_core_unique_decisions"
branch_labels = None
depends_on = None

NAME = "uq_removal_cases_open_application"
OPEN = sa.text("status = 'open'")


def upgrade():
    op.create_index(NAME, "removal_cases", ["application_id"], unique=True,
                    postgresql_where=OPEN, sqlite_where=OPEN)


def downgrade():
    op.drop_index(NAME, table_name="removal_cases")
