"""An index on people.entries: onboarding reads the people with the most entries first.

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_people_entries", "people", ["entries"])


def downgrade() -> None:
    op.drop_index("ix_people_entries", table_name="people")
