"""A person's given name, as an address book gave it (a vCard's N, a CSV's First Name).

Revision ID: 0013
Revises: 0012

Drafts greet people by it: "Dr. Kwabena Asante" is "Kwabena", and a card that says so
settles names a rule could not split ("María José García").
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("people", sa.Column("given_name", sa.Text(), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+): batch mode would copy the table and lose the
    # expression index on it, which reflection cannot see.
    op.drop_column("people", "given_name")
