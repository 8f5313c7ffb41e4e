"""Who knows whom, and colleagues by company.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "edges",
        sa.Column("a_id", sa.Integer(), nullable=False),
        sa.Column("b_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("strength", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["a_id"], ["people.id"], name=op.f("fk_edges_a_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["b_id"], ["people.id"], name=op.f("fk_edges_b_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("a_id", "b_id", "kind", name=op.f("pk_edges")),
    )
    op.create_index("ix_edges_b_id", "edges", ["b_id"])
    op.create_index("ix_people_company_lower", "people", [sa.text("lower(company)")])


def downgrade() -> None:
    op.drop_index("ix_people_company_lower", table_name="people")
    op.drop_index("ix_edges_b_id", table_name="edges")
    op.drop_table("edges")
