"""A write remembers the people and the event it added, for `undo`.

Revision ID: 0027
Revises: 0026

`undo` used to delete only the ledger entries of the last write: an `event add` left its
event and the people it created, and an import of contacts (people, no entries) could not
be undone at all. Now a batch lists the people it created (`batch_people`) and an event
names the batch that recorded it (`events.batch_id`). Removing many people at once
needs `met via` indexed (`ix_people_met_via_id`, only where it is set). Writes made before keep nothing
here: undoing them removes their entries, as it did.
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "batch_people",
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("batches.id"), nullable=False),
        sa.Column(
            "person_id",
            sa.Integer(),
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("batch_id", "person_id"),
    )
    op.create_index("ix_batch_people_person_id", "batch_people", ["person_id"])
    op.add_column("events", sa.Column("batch_id", sa.Integer(), nullable=True))
    op.create_index("ix_events_batch_id", "events", ["batch_id"])
    not_null = sa.text("met_via_id IS NOT NULL")
    op.create_index(
        "ix_people_met_via_id",
        "people",
        ["met_via_id"],
        sqlite_where=not_null,
        postgresql_where=not_null,
    )


def downgrade() -> None:
    op.drop_index("ix_people_met_via_id", table_name="people")
    op.drop_index("ix_events_batch_id", table_name="events")
    op.drop_column("events", "batch_id")
    op.drop_index("ix_batch_people_person_id", table_name="batch_people")
    op.drop_table("batch_people")
