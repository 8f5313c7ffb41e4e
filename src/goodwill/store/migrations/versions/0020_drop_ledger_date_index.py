"""Drop the index on ledger dates: no query reads the ledger by date any more.

Revision ID: 0020
Revises: 0019

It served the weekly trends of `health --plot` (0009) until per-day totals kept by
triggers (0011) took over; since then it only cost every ledger write and disk space.
"""

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_interactions_occurred_on", table_name="interactions")


def downgrade() -> None:
    op.create_index("ix_interactions_occurred_on", "interactions", ["occurred_on"])
