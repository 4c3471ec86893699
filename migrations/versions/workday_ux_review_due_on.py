"""A review due date on the cycle: the day reviewers' score sheets are due (issue 11).

Revision ID: workday_ux_review_due_on
Revises: scale_directory_listings
"""

import sqlalchemy as sa

from migrations.helpers import add_columns, drop_columns

revision = "workday_ux_review_due_on"
# Chained after main's latest revision so the branch has one head (the integrator re-chains
# revisions at merge time anyway).
down_revision = "trust_core_unique_decisions"
branch_labels = None
depends_on = None


def upgrade():
    add_columns("cycles", sa.Column("review_due_on", sa.Date(), nullable=True))


def downgrade():
    drop_columns("cycles", "review_due_on")
