"""Indexes that let `health` count by range instead of scanning people.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_people_discipline", table_name="people")
    op.drop_index("ix_people_tier_last_touch", table_name="people")
    # Superseded by the tier-first indexes below: fewer indexes, faster writes.
    op.drop_index("ix_people_created_on", table_name="people")
    op.drop_index("ix_people_last_contact", table_name="people")
    op.create_index("ix_people_discipline_tier", "people", ["discipline", "tier"])
    op.create_index("ix_people_gives_asks", "people", ["deposits", "withdrawals"])
    op.create_index("ix_people_tier_cadence", "people", ["tier", "cadence_days"])
    op.create_index("ix_people_tier_due_touch", "people", ["tier", "next_due", "last_touch"])
    op.create_index("ix_people_tier_last_contact", "people", ["tier", "last_contact"])
    op.create_index(
        "ix_people_tier_quiet_since",
        "people",
        [sa.text("tier"), sa.text("coalesce(last_contact, created_on)")],
    )
    op.create_index("ix_people_met_or_added", "people", [sa.text("coalesce(met_on, created_on)")])


def downgrade() -> None:
    op.drop_index("ix_people_met_or_added", table_name="people")
    op.drop_index("ix_people_tier_quiet_since", table_name="people")
    op.drop_index("ix_people_tier_last_contact", table_name="people")
    op.drop_index("ix_people_tier_due_touch", table_name="people")
    op.drop_index("ix_people_tier_cadence", table_name="people")
    op.drop_index("ix_people_gives_asks", table_name="people")
    op.drop_index("ix_people_discipline_tier", table_name="people")
    op.create_index("ix_people_tier_last_touch", "people", ["tier", "last_touch"])
    op.create_index("ix_people_discipline", "people", ["discipline"])
    op.create_index("ix_people_last_contact", "people", ["last_contact"])
    op.create_index("ix_people_created_on", "people", ["created_on"])
