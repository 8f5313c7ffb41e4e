"""Drop two indexes of people that no query needs.

Revision ID: 0022
Revises: 0021

`ix_people_tier_last_contact` served health's dormant names and old friends, which now
find those people through `ix_people_tier_quiet_since` (the last contact where there is
one). `ix_people_entries` (0014) was meant for onboarding's people with the most entries,
but SQLite's planner went through the tier instead and sorted; onboarding runs once, when
a network is set up, and sorts. Each cost every import and every ledger write.
"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_people_tier_last_contact", table_name="people")
    op.drop_index("ix_people_entries", table_name="people")


def downgrade() -> None:
    op.create_index("ix_people_entries", "people", ["entries"])
    op.create_index("ix_people_tier_last_contact", "people", ["tier", "last_contact"])
