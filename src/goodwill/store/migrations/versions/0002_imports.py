"""Import traces, synced cards and the invitation triage; lookups by link and phone.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_cards",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Text(), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("card", sa.Text(), nullable=False),
        sa.Column("card_hash", sa.String(length=64), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_cards_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_cards")),
        sa.UniqueConstraint("uid", name=op.f("uq_person_cards_uid")),
    )
    op.create_table(
        "person_sources",
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("uid", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_sources_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source", "uid", name=op.f("pk_person_sources")),
    )
    op.create_index("ix_person_sources_person_id", "person_sources", ["person_id"], unique=False)
    op.create_table(
        "triage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("invited_on", sa.Date(), nullable=True),
        sa.Column("incoming", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_triage_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triage")),
        sa.UniqueConstraint("source", "source_id", name="uq_triage_source"),
    )
    op.create_index("ix_triage_status", "triage", ["status"], unique=False)
    op.create_index("ix_person_links_url", "person_links", ["url"], unique=False)
    op.create_index("ix_person_phones_phone", "person_phones", ["phone"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_person_phones_phone", table_name="person_phones")
    op.drop_index("ix_person_links_url", table_name="person_links")
    op.drop_index("ix_triage_status", table_name="triage")
    op.drop_table("triage")
    op.drop_index("ix_person_sources_person_id", table_name="person_sources")
    op.drop_table("person_sources")
    op.drop_table("person_cards")
