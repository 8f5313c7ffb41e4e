"""An index on ledger dates, for the weekly trends of `health --plot`.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_interactions_occurred_on", "interactions", ["occurred_on"])


def downgrade() -> None:
    op.drop_index("ix_interactions_occurred_on", table_name="interactions")
