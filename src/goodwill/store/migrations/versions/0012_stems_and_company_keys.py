"""Search finds word variants, and companies match under their many spellings.

Revision ID: 0012
Revises: 0011

Search documents gain the stemmed, accent-free form of their words (`store.stemming`),
indexed beside the words as written. People gain `company_key`, their company folded
without its legal form (`domain.companies`), indexed for `path`, colleagues and team
lookups; it replaces the index on `lower(company)`. Both are computed in Python, so the
backfill runs here in batches with the same functions the write path uses.
"""

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op

from goodwill.domain.companies import company_key
from goodwill.store.stemming import folded, stems

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_BATCH = 2000

_SQLITE_TRIGGERS = (
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
_SQLITE_OLD = (
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
_PG_OLD_INDEX = (
    "CREATE INDEX ix_search_docs_text ON search_docs USING gin "
    "(to_tsvector('simple', profile || ' ' || notes))"
)
_PG_INDEX = (
    "CREATE INDEX ix_search_docs_text ON search_docs USING gin "
    "(to_tsvector('simple', profile || ' ' || notes || ' ' || profile_stems || ' ' "
    "|| notes_stems))"
)


def _batches(query: str) -> Iterator[list[Any]]:
    """Rows of a query in batches, by ascending first column, without holding a cursor."""
    bind = op.get_bind()
    after = 0
    while True:
        rows = list(bind.execute(sa.text(query), {"after": after, "size": _BATCH}))
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _drop_sqlite_fts() -> None:
    for trigger in ("search_docs_ai", "search_docs_ad", "search_docs_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS search_fts")


def _fill_company_keys() -> None:
    bind = op.get_bind()
    query = (
        "SELECT id, company FROM people WHERE id > :after AND company IS NOT NULL "
        "ORDER BY id LIMIT :size"
    )
    update = sa.text("UPDATE people SET company_key = :key WHERE id = :id")
    for rows in _batches(query):
        bind.execute(
            update, [{"id": pid, "key": company_key(company) or None} for pid, company in rows]
        )


def _fill_stems() -> None:
    bind = op.get_bind()
    query = (
        "SELECT p.id, p.name, p.company, p.location, p.title, p.discipline, p.met_how, "
        "p.notes, d.notes FROM people p JOIN search_docs d ON d.person_id = p.id "
        "WHERE p.id > :after ORDER BY p.id LIMIT :size"
    )
    update = sa.text(
        "UPDATE search_docs SET profile_stems = :profile, notes_stems = :notes "
        "WHERE person_id = :id"
    )
    for rows in _batches(query):
        tags: dict[int, list[str]] = {}
        for pid, tag in bind.execute(
            sa.text("SELECT person_id, tag FROM person_tags WHERE person_id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": [row[0] for row in rows]},
        ):
            tags.setdefault(pid, []).append(tag)
        values = []
        for pid, name, company, location, title, discipline, met_how, notes, doc_notes in rows:
            nouns = [folded(part) for part in (name, company, location) if part]
            prose = (title, discipline, " ".join(sorted(tags.get(pid, []))), met_how, notes)
            profile = " ".join(nouns + [stems(part) for part in prose if part])
            values.append({"id": pid, "profile": profile, "notes": stems(doc_notes or "")})
        bind.execute(update, values)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column("people", sa.Column("company_key", sa.Text(), nullable=True))
    _fill_company_keys()
    op.create_index("ix_people_company_key", "people", ["company_key"], unique=False)
    op.drop_index("ix_people_company_lower", table_name="people")

    if sqlite:
        _drop_sqlite_fts()
    else:
        op.execute("DROP INDEX IF EXISTS ix_search_docs_text")
    for column in ("profile_stems", "notes_stems"):
        op.add_column(
            "search_docs", sa.Column(column, sa.Text(), nullable=False, server_default="")
        )
    _fill_stems()
    if sqlite:
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5("
            "profile, notes, profile_stems, notes_stems, content='search_docs', "
            "content_rowid='person_id', tokenize='unicode61 remove_diacritics 2')"
        )
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)
        op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    else:
        op.execute(_PG_INDEX)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _drop_sqlite_fts()
    else:
        op.execute("DROP INDEX IF EXISTS ix_search_docs_text")
    # Dropped in place (SQLite 3.35+): a batch rebuild would lose expression indexes.
    op.drop_column("search_docs", "notes_stems")
    op.drop_column("search_docs", "profile_stems")
    if sqlite:
        for statement in _SQLITE_OLD:
            op.execute(statement)
        op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    else:
        op.execute(_PG_OLD_INDEX)
    op.drop_index("ix_people_company_key", table_name="people")
    op.drop_column("people", "company_key")
    op.create_index("ix_people_company_lower", "people", [sa.text("lower(company)")])
