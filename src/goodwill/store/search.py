"""Full-text search documents: kept current on write, queried by `help`.

Each document holds a person's profile and the notes of those of their ledger entries
that say what they know (`model.tells_what_they_know`: the ledger's use cases choose
them) as written, and beside them the same words folded and stemmed (`store.stemming`),
so a need finds word variants ("pricing" finds "price experiments") and accent-free
spellings on both databases, while the exact word still ranks first.

User text never reaches the query language: it is cut into words, and each
word is quoted (FTS5) or passed as a lexeme (PostgreSQL), so `"`, `*`, `AND`
or `NEAR(` in a need are just words.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

from goodwill.domain.model import PersonFields
from goodwill.store.bulk import insert_values, update_rows
from goodwill.store.lazy_modules import lazy
from goodwill.store.sql import Repository, in_list
from goodwill.store.stemming import folded, folded_words, query_terms, stems

if TYPE_CHECKING:
    import sqlalchemy as sa

    from goodwill.store import tables as t
else:
    sa = lazy("sqlalchemy")
    t = lazy("goodwill.store.tables")

#: The notes kept per person for search: the most recent, up to this many characters.
NOTES_KEPT = 4000
#: A document's columns, in the order of the rows `insert_values` writes.
_DOCUMENT_COLUMNS = ("person_id", "profile", "notes", "profile_stems", "notes_stems")
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


def profile_stems(fields: PersonFields) -> str:
    """The profile's words as search matches them: proper nouns folded, the rest stemmed."""
    nouns = (fields.name, fields.company, fields.location)
    prose = (fields.title, fields.discipline, " ".join(fields.tags), fields.met_how, fields.notes)
    return " ".join(
        [folded(part) for part in nouns if part] + [stems(part) for part in prose if part]
    )


def _profile_values(fields: PersonFields) -> dict[str, str]:
    return {"profile": profile_text(fields), "profile_stems": profile_stems(fields)}


def _notes_values(notes: str) -> dict[str, str]:
    kept = notes[-NOTES_KEPT:]
    return {"notes": kept, "notes_stems": stems(kept)}


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


class SearchRepository(Repository):
    def add_profiles(self, people: Sequence[tuple[int, PersonFields]]) -> None:
        """Documents for new people (no notes yet), as rows of plain values."""
        insert_values(
            self.sql,
            "search_docs",
            _DOCUMENT_COLUMNS,
            [(pid, profile_text(f), "", profile_stems(f), "") for pid, f in people],
            many_per_statement=True,  # each row fires the FTS5 trigger
        )

    def replace_documents(self, documents: Sequence[tuple[int, PersonFields, str]]) -> None:
        """Write these people's documents, (person, profile, notes), whether or not they
        had one: what a refold rebuilds.

        Only what differs from the stored document is written: a document as stored is
        left alone, and one whose profile is as stored gets its notes alone (an import of
        messages changes notes, not profiles), which spares stemming the profile again and
        the full-text index a delete and an insert per document.
        """
        stored = self._stored(pid for pid, _, _ in documents)
        notes_only: list[tuple[int, str]] = []
        whole: list[tuple[int, PersonFields, str]] = []
        for pid, fields, notes in documents:
            found = stored.get(pid)
            if found is None or found[0] != profile_text(fields):
                whole.append((pid, fields, notes))
            elif found[1] != notes[-NOTES_KEPT:]:
                notes_only.append((pid, notes))
            elif found[2] != profile_stems(fields):  # the same words, in other fields
                whole.append((pid, fields, notes))
        gone = [pid for pid, _, _ in whole if pid in stored]
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            marks = ", ".join([self.sql.mark] * len(chunk))
            self.sql.driver_run(f"DELETE FROM search_docs WHERE person_id IN ({marks})", chunk)
        self.add_documents(whole)
        self._set_notes(notes_only)

    def _stored(self, person_ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
        """(profile, notes, profile stems) of these people's stored documents."""
        ids = list(person_ids)
        found: dict[int, tuple[str, str, str]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join([self.sql.mark] * len(chunk))
            query = (
                "SELECT person_id, profile, notes, profile_stems FROM search_docs"
                f" WHERE person_id IN ({marks})"
            )
            for pid, profile, notes, profile_stems_ in self.sql.driver_rows(query, chunk):
                found[int(pid)] = (profile, notes, profile_stems_)
        return found

    def _set_notes(self, items: Sequence[tuple[int, str]]) -> None:
        """These people's notes in their documents: on SQLite hundreds per statement, as
        `_update_profiles_sqlite` does, for the same reason."""
        if not items:
            return
        rows = [(pid, kept, stems(kept)) for pid, kept in ((p, n[-NOTES_KEPT:]) for p, n in items)]
        if self.sql.dialect != "sqlite" or sqlite3.sqlite_version_info < (3, 33):
            update_rows(
                self.connection,
                t.search_docs,
                "person_id",
                [{"person_id": pid, "notes": n, "notes_stems": s} for pid, n, s in rows],
            )
            return
        self._update_sqlite(("notes", "notes_stems"), rows)

    @contextlib.contextmanager
    def rebuilding(self) -> Iterator[None]:
        """Everyone's document written anew (`refold_all`): all are dropped first, the
        block writes each once with `add_documents`, and on SQLite the full-text index is
        built in one pass at the end, its triggers set aside meanwhile. Row by row, the
        triggers would remove and add every document's terms one at a time (at 100,000
        people about twice the work). An error inside leaves the index to the rollback."""
        triggers = self.set_triggers_aside()
        if triggers:
            self.connection.exec_driver_sql(
                "INSERT INTO search_fts(search_fts) VALUES ('delete-all')"
            )
        self.connection.execute(sa.delete(t.search_docs))
        yield
        self.put_triggers_back(triggers)

    def set_triggers_aside(self) -> list[str]:
        """On SQLite, drop the triggers that keep the full-text index in step with the
        documents, for a write of many (`rebuilding`, a bulk import); the statements that
        create them again, for `put_triggers_back`. Nothing on PostgreSQL."""
        if self.connection.dialect.name != "sqlite":
            return []
        found = self.connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
            (t.search_docs.name,),
        ).all()
        for name, _ in found:
            self.connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
        return [sql for _, sql in found]

    def put_triggers_back(self, statements: Sequence[str]) -> None:
        """The triggers `set_triggers_aside` dropped, and the full-text index built from
        every document in one pass."""
        for statement in statements:
            self.connection.exec_driver_sql(statement)
        if statements:
            self.connection.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")

    def add_documents(self, documents: Sequence[tuple[int, PersonFields, str]]) -> None:
        """Write documents, (person, profile, notes), for people who have none."""
        rows = []
        for pid, fields, notes in documents:
            kept = notes[-NOTES_KEPT:]
            rows.append((pid, profile_text(fields), kept, profile_stems(fields), stems(kept)))
        insert_values(self.sql, "search_docs", _DOCUMENT_COLUMNS, rows, many_per_statement=True)

    def set_profiles(self, items: Sequence[tuple[int, PersonFields]]) -> None:
        """These people's profiles in their search documents, in one executemany, and a
        new document for anyone who had none."""
        ids = [pid for pid, _ in items]
        having = set(
            self.connection.execute(
                sa.select(t.search_docs.c.person_id).where(t.search_docs.c.person_id.in_(ids))
            ).scalars()
        )
        changed = [(pid, f) for pid, f in items if pid in having]
        if self.connection.dialect.name == "sqlite" and sqlite3.sqlite_version_info >= (3, 33):
            self._update_profiles_sqlite(changed)
        else:
            update_rows(
                self.connection,
                t.search_docs,
                "person_id",
                [{"person_id": pid, **_profile_values(f)} for pid, f in changed],
            )
        self.add_profiles([(pid, f) for pid, f in items if pid not in having])

    def _update_profiles_sqlite(self, items: Sequence[tuple[int, PersonFields]]) -> None:
        """Profiles updated hundreds per statement (`UPDATE ... FROM (VALUES ...)`), not
        one statement each: each row fires the FTS5 trigger, and a statement with a trigger
        runs in a savepoint at whose end FTS5 writes its pending terms out (an import that
        changed 20,000 titles spent a second there)."""
        rows = [(pid, profile_text(f), profile_stems(f)) for pid, f in items]
        self._update_sqlite(("profile", "profile_stems"), rows)

    def _update_sqlite(
        self, columns: tuple[str, str], rows: Sequence[tuple[int, str, str]]
    ) -> None:
        """Two columns of documents, (person, first, second) rows, as many rows per
        statement as SQLite takes parameters for."""
        first, second = columns
        per_statement = max(1, self.sql.parameter_limit() // 3)
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            values = ", ".join(["(?, ?, ?)"] * len(chunk))
            self.sql.driver_run(
                f"UPDATE search_docs SET {first} = wanted.column2, {second} = wanted.column3"
                f" FROM (VALUES {values}) AS wanted WHERE search_docs.person_id = wanted.column1",
                tuple(chain.from_iterable(chunk)),
            )

    def set_notes(self, person_id: int, notes: str) -> None:
        self.sql.run(
            "UPDATE search_docs SET notes = :notes, notes_stems = :notes_stems "
            "WHERE person_id = :person",
            {**_notes_values(notes), "person": person_id},
        )

    def add_note(self, person_id: int, note: str) -> None:
        query = "SELECT notes FROM search_docs WHERE person_id = :person"
        current = self.sql.scalar(query, {"person": person_id})
        if current is not None:
            self.set_notes(person_id, f"{current} {note}".strip())

    def matching(self, terms: Sequence[str], limit: int) -> list[tuple[int, float]]:
        """(person, relevance) for documents holding any of the words or their variants,
        best first. A word matches as written, and its stem matches the stemmed words
        (by prefix when the stem is long), so relevance favours the exact word."""
        if not terms:
            return []
        variants = [(term, *query_terms(term)) for term in terms]
        if self.sql.dialect == "sqlite":
            match = " OR ".join(
                f"{_quoted(term)} OR {_quoted(stem)}{'*' if prefix else ''}"
                for term, stem, prefix in variants
            )
            rows = self.sql.rows(
                # FTS5's own `rank` (bm25) column: its ORDER BY is the optimised path.
                "SELECT rowid, -rank FROM search_fts "
                "WHERE search_fts MATCH :match ORDER BY rank LIMIT :limit",
                {"match": match, "limit": limit},
            )
        else:
            lexemes = " | ".join(
                f"{_lexeme(term)} | {_lexeme(stem)}{':*' if prefix else ''}"
                for term, stem, prefix in variants
            )
            rows = self.sql.rows(
                f"SELECT person_id, ts_rank({_PG_VECTOR}, q) AS rank "
                "FROM search_docs, to_tsquery('simple', :q) q "
                f"WHERE {_PG_VECTOR} @@ q ORDER BY rank DESC LIMIT :limit",
                {"q": lexemes, "limit": limit},
            )
        return [(int(pid), float(rank)) for pid, rank in rows]

    def documents(self, person_ids: Sequence[int]) -> dict[int, Document]:
        """Each person's document: its words as written, folded, and their stems."""
        listed, params = in_list("id", person_ids)
        rows = self.sql.rows(
            "SELECT person_id, profile, notes, profile_stems, notes_stems FROM search_docs "
            f"WHERE person_id IN ({listed})",
            params,
        )
        return {
            int(person_id): Document(
                words=frozenset(folded_words(f"{profile} {notes}")),
                stems=f" {profile_stems} {notes_stems} ",
            )
            for person_id, profile, notes, profile_stems, notes_stems in rows
        }


@dataclass(frozen=True)
class Document:
    """A document's words, to tell which words of a need it matched and how."""

    words: frozenset[str]
    stems: str  # space-separated, with a space at each end

    def has_word(self, word: str) -> bool:
        return folded(word) in self.words

    def has_variant(self, word: str) -> bool:
        stem, prefix = query_terms(word)
        return f" {stem}{'' if prefix else ' '}" in self.stems


#: The PostgreSQL expression its GIN index is built on (the query must repeat it exactly).
_PG_VECTOR = (
    "to_tsvector('simple', profile || ' ' || notes || ' ' || profile_stems || ' ' || notes_stems)"
)


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _lexeme(word: str) -> str:
    return re.sub(r"\W", "", word) or "x"
