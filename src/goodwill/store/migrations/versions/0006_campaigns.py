"""Campaigns: an outreach pipeline of people and where each stands.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("goal", sa.Integer(), nullable=False),
        sa.Column("no_reply_days", sa.Integer(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
        sa.UniqueConstraint("name", name=op.f("uq_campaigns_name")),
    )
    op.create_table(
        "campaign_people",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=True),
        sa.Column("updated_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_people_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_campaign_people_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("campaign_id", "person_id", name=op.f("pk_campaign_people")),
    )
    op.create_index("ix_campaign_people_person_id", "campaign_people", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_campaign_people_person_id", table_name="campaign_people")
    op.drop_table("campaign_people")
    op.drop_table("campaigns")
