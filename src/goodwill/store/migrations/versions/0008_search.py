"""Full-text search over people: profiles and the notes of their ledger entries.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "profile, notes, content='search_docs', content_rowid='person_id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN "
    "INSERT INTO search_fts(rowid, profile, notes) "
    "VALUES (new.person_id, new.profile, new.notes); END",
    "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, profile, notes) "
    "VALUES ('delete', old.person_id, old.profile, old.notes); END",
    "CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, profile, notes) "
    "VALUES ('delete', old.person_id, old.profile, old.notes); "
    "INSERT INTO search_fts(rowid, profile, notes) "
    "VALUES (new.person_id, new.profile, new.notes); END",
)


def upgrade() -> None:
    op.create_table(
        "search_docs",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("profile", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_search_docs_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_search_docs")),
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_FTS:
            op.execute(statement)
    else:
        op.execute(
            "CREATE INDEX ix_search_docs_text ON search_docs USING gin "
            "(to_tsvector('simple', profile || ' ' || notes))"
        )
    # Existing people get their profile indexed; notes fill in as entries are written
    # (`goodwill reindex` rebuilds both).
    op.execute(
        "INSERT INTO search_docs (person_id, profile, notes) "
        "SELECT id, name || ' ' || coalesce(title, '') || ' ' || coalesce(company, '') || ' ' "
        "|| coalesce(discipline, '') || ' ' || coalesce(notes, ''), '' FROM people"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_fts")
    op.drop_table("search_docs")
