"""Profiles and notes in their own full-text indexes; notes ranked newest first.

Revision ID: 0026
Revises: 0025

`help` ranked every document that held a need's words: at 100,000 people the notes of a
common word ("pricing") match 40,000 documents, and ranking them took most of its time.
Profiles and notes are now indexed apart: profiles are ranked in full (few hold a word), notes
only among the people whose newest noted entry is the most recent (`store.search`). For
that, a document gains `notes_key`, the row of its notes in their index: the day of its
newest note times 2^32 plus the person, so the index's own order is newest first.
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

#: `store.search.NOTES_KEY_DAY`: a notes key is day * this + person.
NOTES_KEY_DAY = 2**32
#: Each person's newest noted entry that says what they know (`model.tells_what_they_know`),
#: as an ordinal day (`date.toordinal`). SQLite reads the ledger in its stored order (CROSS
#: JOIN), as migration 0025 does.
_NEWEST_NOTE = (
    "CREATE TEMPORARY TABLE newest_note AS SELECT ip.person_id AS person_id, max({day}) AS day"
    " FROM interactions i {join} interaction_people ip ON ip.interaction_id = i.id"
    " WHERE i.note <> '' AND ((i.by_them AND i.direction = 'withdrawal')"
    " OR (NOT i.by_them AND i.direction = 'touch')) GROUP BY ip.person_id"
)
_DAY = {
    "sqlite": "CAST(julianday(ip.occurred_on) - 1721424.5 AS INTEGER)",
    "postgresql": "(ip.occurred_on - DATE '0001-01-01' + 1)",
}
_SET_KEYS = {
    "sqlite": (
        "UPDATE search_docs SET notes_key = search_docs.person_id + {day} * newest_note.day"
        " FROM newest_note WHERE newest_note.person_id = search_docs.person_id"
    ),
    "postgresql": (
        "UPDATE search_docs SET notes_key = search_docs.person_id + {day}::bigint * n.day"
        " FROM newest_note n WHERE n.person_id = search_docs.person_id"
    ),
}

_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE search_fts_profile USING fts5(profile, profile_stems, "
    "content='search_docs', content_rowid='person_id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE search_fts_notes USING fts5(notes, notes_stems, "
    "content='search_docs', content_rowid='notes_key', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN "
    "INSERT INTO search_fts_profile(rowid, profile, profile_stems) "
    "VALUES (new.person_id, new.profile, new.profile_stems); "
    "INSERT INTO search_fts_notes(rowid, notes, notes_stems) "
    "VALUES (new.notes_key, new.notes, new.notes_stems); END",
    "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN "
    "INSERT INTO search_fts_profile(search_fts_profile, rowid, profile, profile_stems) "
    "VALUES ('delete', old.person_id, old.profile, old.profile_stems); "
    "INSERT INTO search_fts_notes(search_fts_notes, rowid, notes, notes_stems) "
    "VALUES ('delete', old.notes_key, old.notes, old.notes_stems); END",
    # Apart, so that new notes (an import of messages) leave the profiles' index alone.
    "CREATE TRIGGER search_docs_au_profile AFTER UPDATE OF profile, profile_stems "
    "ON search_docs BEGIN "
    "INSERT INTO search_fts_profile(search_fts_profile, rowid, profile, profile_stems) "
    "VALUES ('delete', old.person_id, old.profile, old.profile_stems); "
    "INSERT INTO search_fts_profile(rowid, profile, profile_stems) "
    "VALUES (new.person_id, new.profile, new.profile_stems); END",
    "CREATE TRIGGER search_docs_au_notes AFTER UPDATE OF notes, notes_stems, notes_key "
    "ON search_docs BEGIN "
    "INSERT INTO search_fts_notes(search_fts_notes, rowid, notes, notes_stems) "
    "VALUES ('delete', old.notes_key, old.notes, old.notes_stems); "
    "INSERT INTO search_fts_notes(rowid, notes, notes_stems) "
    "VALUES (new.notes_key, new.notes, new.notes_stems); END",
)
_SQLITE_OLD = (
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "profile, notes, profile_stems, notes_stems, content='search_docs', "
    "content_rowid='person_id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN "
    "INSERT INTO search_fts(rowid, profile, notes, profile_stems, notes_stems) "
    "VALUES (new.person_id, new.profile, new.notes, new.profile_stems, new.notes_stems); END",
    "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, profile, notes, profile_stems, notes_stems) "
    "VALUES ('delete', old.person_id, old.profile, old.notes, old.profile_stems, "
    "old.notes_stems); END",
    "CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, profile, notes, profile_stems, notes_stems) "
    "VALUES ('delete', old.person_id, old.profile, old.notes, old.profile_stems, "
    "old.notes_stems); "
    "INSERT INTO search_fts(rowid, profile, notes, profile_stems, notes_stems) "
    "VALUES (new.person_id, new.profile, new.notes, new.profile_stems, new.notes_stems); END",
)
_PG_INDEXES = (
    "CREATE INDEX ix_search_docs_text_profile ON search_docs USING gin "
    "(to_tsvector('simple', profile || ' ' || profile_stems))",
    "CREATE INDEX ix_search_docs_text_notes ON search_docs USING gin "
    "(to_tsvector('simple', notes || ' ' || notes_stems))",
)
_PG_OLD_INDEX = (
    "CREATE INDEX ix_search_docs_text ON search_docs USING gin "
    "(to_tsvector('simple', profile || ' ' || notes || ' ' || profile_stems || ' ' "
    "|| notes_stems))"
)


def _drop_triggers() -> None:
    for trigger in (
        "search_docs_ai",
        "search_docs_ad",
        "search_docs_au",
        "search_docs_au_profile",
        "search_docs_au_notes",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _drop_triggers()
        op.execute("DROP TABLE search_fts")
    else:
        op.execute("DROP INDEX ix_search_docs_text")
    # Without a note, the key is the person alone (day 0): unique, and never matched.
    op.add_column(
        "search_docs", sa.Column("notes_key", sa.BigInteger(), nullable=False, server_default="0")
    )
    op.execute("UPDATE search_docs SET notes_key = person_id")
    join = "CROSS JOIN" if dialect == "sqlite" else "JOIN"
    op.execute(_NEWEST_NOTE.format(day=_DAY[dialect], join=join))
    op.execute(_SET_KEYS[dialect].format(day=NOTES_KEY_DAY))
    op.execute("DROP TABLE newest_note")
    if dialect == "sqlite":
        for statement in _SQLITE_FTS:
            op.execute(statement)
        op.execute("INSERT INTO search_fts_profile(search_fts_profile) VALUES ('rebuild')")
        op.execute("INSERT INTO search_fts_notes(search_fts_notes) VALUES ('rebuild')")
    else:
        for statement in _PG_INDEXES:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _drop_triggers()
        op.execute("DROP TABLE search_fts_profile")
        op.execute("DROP TABLE search_fts_notes")
    else:
        op.execute("DROP INDEX ix_search_docs_text_profile")
        op.execute("DROP INDEX ix_search_docs_text_notes")
    op.drop_column("search_docs", "notes_key")
    if dialect == "sqlite":
        for statement in _SQLITE_OLD:
            op.execute(statement)
        op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    else:
        op.execute(_PG_OLD_INDEX)
