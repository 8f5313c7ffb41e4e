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
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("given_name", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("given_name")
