"""The first schema: people, the ledger, derived state and the daily plan.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batches")),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("company", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("discipline", sa.Text(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("cadence_days", sa.Integer(), nullable=True),
        sa.Column("birthday", sa.Date(), nullable=True),
        sa.Column("birthday_md", sa.Integer(), nullable=True),
        sa.Column("met_on", sa.Date(), nullable=True),
        sa.Column("met_md", sa.Integer(), nullable=True),
        sa.Column("met_how", sa.Text(), nullable=True),
        sa.Column("met_via_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("next_due", sa.Date(), nullable=True),
        sa.Column("last_touch", sa.Date(), nullable=True),
        sa.Column("last_contact", sa.Date(), nullable=True),
        sa.Column("last_deposit", sa.Date(), nullable=True),
        sa.Column("last_give_or_touch", sa.Date(), nullable=True),
        sa.Column("balance_anchor", sa.Float(), nullable=False),
        sa.Column("deposits", sa.Integer(), nullable=False),
        sa.Column("withdrawals", sa.Integer(), nullable=False),
        sa.Column("touches", sa.Integer(), nullable=False),
        sa.Column("their_gives", sa.Integer(), nullable=False),
        sa.Column("their_asks", sa.Integer(), nullable=False),
        sa.Column("their_cold_asks", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["met_via_id"],
            ["people.id"],
            name=op.f("fk_people_met_via_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    op.create_index("ix_people_birthday_md", "people", ["birthday_md"], unique=False)
    op.create_index("ix_people_created_on", "people", ["created_on"], unique=False)
    op.create_index("ix_people_discipline", "people", ["discipline"], unique=False)
    op.create_index("ix_people_follow_up_on", "people", ["follow_up_on"], unique=False)
    op.create_index("ix_people_last_contact", "people", ["last_contact"], unique=False)
    op.create_index("ix_people_met_md", "people", ["met_md"], unique=False)
    op.create_index("ix_people_name_key", "people", ["name_key"], unique=False)
    op.create_index("ix_people_next_due", "people", ["next_due"], unique=False)
    op.create_index("ix_people_tier_last_touch", "people", ["tier", "last_touch"], unique=False)
    op.create_table(
        "plan_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_plan_days")),
    )
    op.create_index("ix_plan_days_completed_day", "plan_days", ["completed", "day"], unique=False)
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "interactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("initiated_by", sa.String(length=8), nullable=False),
        sa.Column("by_them", sa.Boolean(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batches.id"], name=op.f("fk_interactions_batch_id_batches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interactions")),
        sa.UniqueConstraint("source", "source_id", name="uq_interactions_source"),
    )
    op.create_index("ix_interactions_batch_id", "interactions", ["batch_id"], unique=False)
    op.create_table(
        "person_emails",
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_emails_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("email", name=op.f("pk_person_emails")),
    )
    op.create_index("ix_person_emails_person_id", "person_emails", ["person_id"], unique=False)
    op.create_table(
        "person_links",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_links_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "url", name=op.f("pk_person_links")),
    )
    op.create_table(
        "person_phones",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_phones_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "phone", name=op.f("pk_person_phones")),
    )
    op.create_table(
        "person_tags",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_tags_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "tag", name=op.f("pk_person_tags")),
    )
    op.create_index("ix_person_tags_tag", "person_tags", ["tag"], unique=False)
    op.create_table(
        "plan_picks",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batches.id"], name=op.f("fk_plan_picks_batch_id_batches")
        ),
        sa.ForeignKeyConstraint(
            ["day"], ["plan_days.day"], name=op.f("fk_plan_picks_day_plan_days"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_plan_picks_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("day", "position", name=op.f("pk_plan_picks")),
    )
    op.create_table(
        "interaction_people",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_interaction_people_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_interaction_people_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interaction_id", "person_id", name=op.f("pk_interaction_people")),
    )
    op.create_index(
        "ix_interaction_people_person_on",
        "interaction_people",
        ["person_id", "occurred_on"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_interaction_people_person_on", table_name="interaction_people")
    op.drop_table("interaction_people")
    op.drop_table("plan_picks")
    op.drop_index("ix_person_tags_tag", table_name="person_tags")
    op.drop_table("person_tags")
    op.drop_table("person_phones")
    op.drop_table("person_links")
    op.drop_index("ix_person_emails_person_id", table_name="person_emails")
    op.drop_table("person_emails")
    op.drop_index("ix_interactions_batch_id", table_name="interactions")
    op.drop_table("interactions")
    op.drop_table("settings")
    op.drop_index("ix_plan_days_completed_day", table_name="plan_days")
    op.drop_table("plan_days")
    op.drop_index("ix_people_tier_last_touch", table_name="people")
    op.drop_index("ix_people_next_due", table_name="people")
    op.drop_index("ix_people_name_key", table_name="people")
    op.drop_index("ix_people_met_md", table_name="people")
    op.drop_index("ix_people_last_contact", table_name="people")
    op.drop_index("ix_people_follow_up_on", table_name="people")
    op.drop_index("ix_people_discipline", table_name="people")
    op.drop_index("ix_people_created_on", table_name="people")
    op.drop_index("ix_people_birthday_md", table_name="people")
    op.drop_table("people")
    op.drop_table("batches")
