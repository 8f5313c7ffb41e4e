"""Full-text search documents: kept current on write, queried by `help`.

User text never reaches the query language: it is cut into words, and each
word is quoted (FTS5) or passed as a lexeme (PostgreSQL), so `"`, `*`, `AND`
or `NEAR(` in a need are just words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import Connection, select, text, update

from goodwill.domain.model import PersonFields
from goodwill.store.bulk import insert_rows
from goodwill.store.tables import search_docs

#: The notes kept per person for search: the most recent, up to this many characters.
NOTES_KEPT = 4000
_WORD = re.compile(r"\w+", re.UNICODE)
#: Words too common to say anything about a need.
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "of",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "the",
        "my",
        "our",
        "me",
        "i",
        "we",
        "you",
        "someone",
        "somebody",
        "who",
        "can",
        "help",
        "need",
        "needs",
        "about",
        "into",
    ]
)


def words(query: str) -> list[str]:
    """The searchable words of any text, lower-case, duplicates removed, at most 12."""
    found = (w.lower() for w in _WORD.findall(query))
    return list(dict.fromkeys(w for w in found if len(w) > 1 and w not in _STOP))[:12]


def profile_text(fields: PersonFields) -> str:
    parts = (
        fields.name,
        fields.title,
        fields.company,
        fields.discipline,
        fields.location,
        " ".join(fields.tags),
        fields.met_how,
        fields.notes,
    )
    return " ".join(part for part in parts if part)


class SearchRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add_profiles(self, people: Sequence[tuple[int, PersonFields]]) -> None:
        insert_rows(
            self.connection,
            search_docs,
            [{"person_id": pid, "profile": profile_text(f), "notes": ""} for pid, f in people],
            many_per_statement=True,  # each row fires the FTS5 trigger
        )

    def set_profile(self, person_id: int, fields: PersonFields) -> None:
        result = self.connection.execute(
            update(search_docs)
            .where(search_docs.c.person_id == person_id)
            .values(profile=profile_text(fields))
        )
        if result.rowcount == 0:
            self.add_profiles([(person_id, fields)])

    def set_notes(self, person_id: int, notes: str) -> None:
        self.connection.execute(
            update(search_docs)
            .where(search_docs.c.person_id == person_id)
            .values(notes=notes[-NOTES_KEPT:])
        )

    def add_note(self, person_id: int, note: str) -> None:
        current = self.connection.execute(
            select(search_docs.c.notes).where(search_docs.c.person_id == person_id)
        ).scalar()
        if current is None:
            return
        notes = f"{current} {note}".strip()[-NOTES_KEPT:]
        self.connection.execute(
            update(search_docs).where(search_docs.c.person_id == person_id).values(notes=notes)
        )

    def matching(self, terms: Sequence[str], limit: int) -> list[tuple[int, float]]:
        """(person, relevance) for documents holding any of the words, best first."""
        if not terms:
            return []
        if self.connection.dialect.name == "sqlite":
            match = " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
            query = text(
                # FTS5's own `rank` (bm25) column: its ORDER BY is the optimised path.
                "SELECT rowid, -rank FROM search_fts "
                "WHERE search_fts MATCH :match ORDER BY rank LIMIT :limit"
            )
            rows = self.connection.execute(query, {"match": match, "limit": limit})
        else:
            query = text(
                "SELECT person_id, ts_rank(to_tsvector('simple', profile || ' ' || notes), q) "
                "AS rank FROM search_docs, to_tsquery('simple', :q) q "
                "WHERE to_tsvector('simple', profile || ' ' || notes) @@ q "
                "ORDER BY rank DESC LIMIT :limit"
            )
            lexemes = " | ".join(re.sub(r"\W", "", term) or "x" for term in terms)
            rows = self.connection.execute(query, {"q": lexemes, "limit": limit})
        return [(int(pid), float(rank)) for pid, rank in rows]

    def documents(self, person_ids: Sequence[int]) -> dict[int, str]:
        query = select(search_docs.c.person_id, search_docs.c.profile, search_docs.c.notes).where(
            search_docs.c.person_id.in_(list(person_ids))
        )
        return {
            int(pid): f"{profile} {notes}" for pid, profile, notes in self.connection.execute(query)
        }
