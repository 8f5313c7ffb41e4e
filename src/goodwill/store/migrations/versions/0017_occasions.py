"""Occasions and past roles: news about a person found in the data.

Revision ID: 0017
Revises: 0016

`person_roles` keeps the roles a person held before (company, title, until when);
`occasions` holds dated news (a new role) that the plan and `goodwill occasions` show.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_roles",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "person_id",
            sa.Integer(),
            sa.ForeignKey("people.id", ondelete="CASCADE", name="fk_person_roles_person_id_people"),
            nullable=False,
        ),
        sa.Column("company", sa.Text()),
        sa.Column("title", sa.Text()),
        sa.Column("until", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_person_roles"),
    )
    op.create_index("ix_person_roles_person_id", "person_roles", ["person_id"])
    op.create_table(
        "occasions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "person_id",
            sa.Integer(),
            sa.ForeignKey("people.id", ondelete="CASCADE", name="fk_occasions_person_id_people"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_occasions"),
    )
    op.create_index("ix_occasions_on", "occasions", ["on"])
    op.create_index("ix_occasions_person_id", "occasions", ["person_id"])


def downgrade() -> None:
    op.drop_table("occasions")
    op.drop_table("person_roles")
