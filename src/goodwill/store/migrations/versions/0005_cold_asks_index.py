"""An index for health's "only appear when they need something".

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_people_cold_asks", "people", ["their_cold_asks", "their_gives"])


def downgrade() -> None:
    op.drop_index("ix_people_cold_asks", table_name="people")
