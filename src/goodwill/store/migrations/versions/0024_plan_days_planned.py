"""A kept day's plan says how many people it was planned with.

Revision ID: 0024
Revises: 0023

The streak goes over a day that had nothing to do (a plan kept with nobody in it) and
stops at a missed day. It told them apart by whether the day had picks left, but removing
a person removes their picks: a missed day whose only picks were that person read as a
day with nothing to do, and mended the streak. `planned` is the number of picks the plan
was kept with, written whenever it is kept and never lowered by a removal. Existing days
are counted from their picks as they are now: what a removal took is not known any more.

The server default only lets SQLite add a NOT NULL column in place (dropping it would
rebuild the table, and dropping `plan_days` cascades to its picks); every write of a plan
says how many it holds.
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "plan_days",
        sa.Column("planned", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )
    op.execute(
        "UPDATE plan_days SET planned = "
        "(SELECT COUNT(*) FROM plan_picks WHERE plan_picks.day = plan_days.day)"
    )


def downgrade() -> None:
    op.drop_column("plan_days", "planned")
