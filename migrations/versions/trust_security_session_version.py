"""Users carry a session version: raising it ends every session of the account.

Revision ID: trust_security_session_version
Revises: year2_renewal_renewals
"""
import sqlalchemy as sa
from alembic import op

revision = "trust_security_session_version"
down_revision = "year2_data_reference"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), nullable=False,
                                   server_default="1"))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_version")
