"""A campaign move that wrote to the ledger remembers the stage it left, for `undo`.

Revision ID: 0019
Revises: 0018

`undo` reverts the ledger batch of the last write; when that write was a campaign move
(an ask, a reply, a thank-you), the person's stage in the campaign goes back with it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("campaign_people", sa.Column("undo_batch_id", sa.Integer(), nullable=True))
    op.add_column(
        "campaign_people", sa.Column("previous_status", sa.String(length=16), nullable=True)
    )
    op.add_column("campaign_people", sa.Column("previous_asked_on", sa.Date(), nullable=True))
    op.add_column("campaign_people", sa.Column("previous_updated_on", sa.Date(), nullable=True))
    op.create_index("ix_campaign_people_undo_batch_id", "campaign_people", ["undo_batch_id"])


def downgrade() -> None:
    op.drop_index("ix_campaign_people_undo_batch_id", table_name="campaign_people")
    for column in ("previous_updated_on", "previous_asked_on", "previous_status", "undo_batch_id"):
        op.drop_column("campaign_people", column)
