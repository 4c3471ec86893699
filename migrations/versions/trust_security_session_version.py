"""Users carry a session version: raising it ends every session of the account.

Revision ID: trust_security_session_version
Revises: year2_renewal_renewals
"""

import sqlalchemy as sa

from migrations.helpers import add_columns, drop_columns

revision = "trust_security_session_version"
down_revision = "year2_data_reference"
branch_labels = None
depends_on = None


def upgrade():
    add_columns(
        "users", sa.Column("session_version", sa.Integer(), nullable=False, server_default="1")
    )


def downgrade():
    drop_columns("users", "session_version")
