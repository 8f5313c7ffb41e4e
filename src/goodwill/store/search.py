"""Full-text search documents: kept current on write, queried by `help`.

Each document holds a person's profile and the notes of those of their ledger entries
that say what they know (`model.tells_what_they_know`: the ledger's use cases choose
them) as written, and beside them the same words folded and stemmed (`store.stemming`),
so a need finds word variants ("pricing" finds "price experiments") and accent-free
spellings on both databases, while the exact word still ranks first.

Profiles and notes are indexed apart. A common word can be in the notes of half the
network, and ranking every document that holds it costs about a microsecond and a half
each: profiles are ranked in full, but notes only among the people whose newest note is
the most recent (`NOTES_KEY_DAY`): the ones I have talked to lately, whom warmth favours
anyway.

User text never reaches the query language: it is cut into words, and each
word is quoted (FTS5) or passed as a lexeme (PostgreSQL), so `"`, `*`, `AND`
or `NEAR(` in a need are just words.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, NamedTuple

from goodwill.domain.model import PersonFields
from goodwill.store.bulk import insert_values, rows_per_statement, trigger_aside, update_rows
from goodwill.store.lazy_modules import lazy
from goodwill.store.sql import Repository, in_list
from goodwill.store.stemming import folded, folded_text, query_terms, stems

if TYPE_CHECKING:
    import sqlalchemy as sa

    from goodwill.store import tables as t
else:
    sa = lazy("sqlalchemy")
    t = lazy("goodwill.store.tables")

#: The notes kept per person for search: the most recent, up to this many characters.
NOTES_KEPT = 4000
#: A document's notes key (`search_docs.notes_key`, the row of its notes in their index) is
#: the day of its newest note times this, plus the person: the index's order, highest
#: first, is then newest notes first, and `matching` ranks notes only so far.
NOTES_KEY_DAY = 2**32
#: SQLite's FTS5 tables, one per part of a document (the migrations create them).
FULL_TEXT_INDEXES = ("search_fts_profile", "search_fts_notes")
#: A document's columns, in the order of the rows `insert_values` writes.
_DOCUMENT_COLUMNS = ("person_id", "profile", "notes", "profile_stems", "notes_stems", "notes_key")
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


class Notes(NamedTuple):
    """What search keeps of a person's notes: their text and the day of the newest."""

    text: str = ""
    #: `date.toordinal` of the newest note; 0 without notes.
    day: int = 0


class _Stored(NamedTuple):
    """A document as stored, read to tell what a refold changes."""

    profile: str
    notes: str
    profile_stems: str
    notes_key: int
    notes_stems: str


#: Notes written at once from which the full-text index is written in key order.
_NOTES_IN_ORDER_FROM = 200


def notes_key(person_id: int, day: int) -> int:
    return day * NOTES_KEY_DAY + person_id


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


def _notes_values(person_id: int, notes: Notes) -> dict[str, str | int]:
    kept = notes.text[-NOTES_KEPT:]
    return {"notes": kept, "notes_stems": stems(kept), "notes_key": notes_key(person_id, notes.day)}


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
            [(pid, profile_text(f), "", profile_stems(f), "", pid) for pid, f in people],
            many_per_statement=True,  # each row fires the FTS5 trigger
        )

    def replace_documents(self, documents: Sequence[tuple[int, PersonFields, Notes]]) -> None:
        """Write these people's documents, (person, profile, notes), whether or not they
        had one: what a refold rebuilds.

        Only what differs from the stored document is written: a document as stored is
        left alone, and one whose profile is as stored gets its notes alone (an import of
        messages changes notes, not profiles), which spares stemming the profile again and
        the full-text index a delete and an insert per document.
        """
        stored = self._stored(pid for pid, _, _ in documents)
        notes_only: list[tuple[int, Notes]] = []
        whole: list[tuple[int, PersonFields, Notes]] = []
        for pid, fields, notes in documents:
            found = stored.get(pid)
            if found is None or found.profile != profile_text(fields):
                whole.append((pid, fields, notes))
            elif found.notes != notes.text[-NOTES_KEPT:] or found.notes_key != notes_key(
                pid, notes.day
            ):
                notes_only.append((pid, notes))
            elif found.profile_stems != profile_stems(fields):  # the same words, in other fields
                whole.append((pid, fields, notes))
        gone = [pid for pid, _, _ in whole if pid in stored]
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            marks = ", ".join([self.sql.mark] * len(chunk))
            self.sql.driver_run(f"DELETE FROM search_docs WHERE person_id IN ({marks})", chunk)
        self.add_documents(whole)
        self._set_notes(notes_only, stored)

    def _stored(self, person_ids: Iterable[int]) -> dict[int, _Stored]:
        """These people's stored documents."""
        ids = list(person_ids)
        found: dict[int, _Stored] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join([self.sql.mark] * len(chunk))
            query = (
                "SELECT person_id, profile, notes, profile_stems, notes_key, notes_stems"
                f" FROM search_docs WHERE person_id IN ({marks})"
            )
            for pid, profile, notes, profile_stems_, key, notes_stems in self.sql.driver_rows(
                query, chunk
            ):
                found[int(pid)] = _Stored(profile, notes, profile_stems_, int(key), notes_stems)
        return found

    def _set_notes(self, items: Sequence[tuple[int, Notes]], stored: Mapping[int, _Stored]) -> None:
        """These people's notes in their (`stored`) documents.

        On SQLite, many at once go past the trigger that keeps the notes' full-text index
        in step: it removes and adds each document's terms in the order of the people,
        where the index takes rows fastest in the order of their keys (it writes out what
        it holds whenever a key is lower than the one before: the 20,000 documents of a
        messages.csv import cost 0.86 s through the trigger, 0.37 s in order).
        """
        if not items:
            return
        values = [{"person_id": pid, **_notes_values(pid, notes)} for pid, notes in items]
        if self.sql.dialect != "sqlite" or sqlite3.sqlite_version_info < (3, 33):
            update_rows(self.connection, t.search_docs, "person_id", values)
            return
        columns = ("notes", "notes_stems", "notes_key")
        rows = [(v["person_id"], *(v[c] for c in columns)) for v in values]
        if len(rows) < _NOTES_IN_ORDER_FROM:
            self._update_sqlite(columns, rows)
            return
        with trigger_aside(self.sql, "search_docs_au_notes") as aside:
            if not aside:  # a bulk load set it aside, and rebuilds the index at its end
                self._update_sqlite(columns, rows)
                return
            before = [stored[int(pid)] for pid, *_ in rows]
            self.sql.driver_run_many(
                "INSERT INTO search_fts_notes(search_fts_notes, rowid, notes, notes_stems)"
                " VALUES ('delete', ?, ?, ?)",
                sorted((old.notes_key, old.notes, old.notes_stems) for old in before),
            )
            self.sql.driver_run_many(
                "UPDATE search_docs SET notes = ?, notes_stems = ?, notes_key = ?"
                " WHERE person_id = ?",
                [(notes, notes_stems, key, pid) for pid, notes, notes_stems, key in rows],
            )
            self.sql.driver_run_many(
                "INSERT INTO search_fts_notes(rowid, notes, notes_stems) VALUES (?, ?, ?)",
                sorted((key, notes, notes_stems) for _, notes, notes_stems, key in rows),
            )

    @contextlib.contextmanager
    def rebuilding(self) -> Iterator[None]:
        """Everyone's document written anew (`refold_all`): all are dropped first, the
        block writes each once with `add_documents`, and on SQLite the full-text index is
        built in one pass at the end, its triggers set aside meanwhile. Row by row, the
        triggers would remove and add every document's terms one at a time (at 100,000
        people about twice the work). An error inside leaves the index to the rollback."""
        triggers = self.set_triggers_aside()
        if triggers:
            for index in FULL_TEXT_INDEXES:
                self.connection.exec_driver_sql(
                    f"INSERT INTO {index}({index}) VALUES ('delete-all')"
                )
        self.connection.execute(sa.delete(t.search_docs))
        yield
        self.put_triggers_back(triggers)

    def set_triggers_aside(self) -> list[str]:
        """On SQLite, drop the triggers that keep the full-text index in step with the
        documents, for a write of many (`rebuilding`, a bulk import); the statements that
        create them again, for `put_triggers_back`. Nothing on PostgreSQL."""
        if self.sql.dialect != "sqlite":
            return []
        found = self.sql.driver_rows(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
            ("search_docs",),
        )
        for name, _ in found:
            self.sql.driver_run(f'DROP TRIGGER "{name}"')
        return [sql for _, sql in found]

    def put_triggers_back(self, statements: Sequence[str]) -> None:
        """The triggers `set_triggers_aside` dropped, and the full-text index built from
        every document in one pass."""
        for statement in statements:
            self.sql.driver_run(statement)
        if statements:
            for index in FULL_TEXT_INDEXES:
                self.sql.driver_run(f"INSERT INTO {index}({index}) VALUES ('rebuild')")

    def add_documents(self, documents: Sequence[tuple[int, PersonFields, Notes]]) -> None:
        """Write documents, (person, profile, notes), for people who have none."""
        rows = []
        for pid, fields, notes in documents:
            kept = notes.text[-NOTES_KEPT:]
            rows.append(
                (
                    pid,
                    profile_text(fields),
                    kept,
                    profile_stems(fields),
                    stems(kept),
                    notes_key(pid, notes.day),
                )
            )
        insert_values(self.sql, "search_docs", _DOCUMENT_COLUMNS, rows, many_per_statement=True)

    def set_profiles(self, items: Sequence[tuple[int, PersonFields]]) -> None:
        """These people's profiles in their search documents, in one executemany, and a
        new document for anyone who had none."""
        listed, params = in_list("id", [pid for pid, _ in items])
        having = {
            int(pid)
            for (pid,) in self.sql.rows(
                f"SELECT person_id FROM search_docs WHERE person_id IN ({listed})", params
            )
        }
        changed = [(pid, f) for pid, f in items if pid in having]
        if self.sql.dialect == "sqlite" and sqlite3.sqlite_version_info >= (3, 33):
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
        self, columns: tuple[str, ...], rows: Sequence[tuple[int | str, ...]]
    ) -> None:
        """Columns of documents, (person, *values) rows, as many rows per statement as
        SQLite takes parameters for."""
        width = len(columns) + 1
        per_statement = rows_per_statement(self.sql, width)
        assignments = ", ".join(
            f"{column} = wanted.column{n}" for n, column in enumerate(columns, start=2)
        )
        row = "(" + ", ".join(["?"] * width) + ")"
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            self.sql.driver_run(
                f"UPDATE search_docs SET {assignments} FROM (VALUES {', '.join([row] * len(chunk))})"
                " AS wanted WHERE search_docs.person_id = wanted.column1",
                tuple(chain.from_iterable(chunk)),
            )

    def set_notes(self, person_id: int, notes: Notes) -> None:
        self.sql.run(
            "UPDATE search_docs SET notes = :notes, notes_stems = :notes_stems, "
            "notes_key = :notes_key WHERE person_id = :person",
            {**_notes_values(person_id, notes), "person": person_id},
        )

    def add_note(self, person_id: int, note: str, day: int) -> None:
        """A new entry's note after the kept ones; `day` (`date.toordinal`), its entry's,
        is the newest note's unless an entry of theirs with a note is later."""
        query = "SELECT notes, notes_key FROM search_docs WHERE person_id = :person"
        current = self.sql.first(query, {"person": person_id})
        if current is not None:
            text, key = current
            newest = max(day, int(key) // NOTES_KEY_DAY)
            self.set_notes(person_id, Notes(f"{text} {note}".strip(), newest))

    def matching(self, terms: Sequence[str], limit: int) -> list[tuple[int, float]]:
        """(person, relevance) for documents holding any of the words or their variants,
        best first. A word matches as written, and its stem matches the stemmed words
        (by prefix when the stem is long), so relevance favours the exact word.

        Up to `limit` profiles are the best of all that match; up to `limit` notes are
        ranked, those of the people with the newest notes that match (`NOTES_KEY_DAY`).
        A person found by both has the two relevances added."""
        if not terms:
            return []
        variants = [(term, *query_terms(term)) for term in terms]
        if self.sql.dialect == "sqlite":
            found = self._matching_sqlite(variants, limit)
        else:
            found = self._matching_postgresql(variants, limit)
        relevance: dict[int, float] = {}
        for pid, rank in found:
            relevance[pid] = relevance.get(pid, 0.0) + rank
        return sorted(relevance.items(), key=lambda item: (-item[1], item[0]))

    def _matching_sqlite(
        self, variants: Sequence[tuple[str, str, bool]], limit: int
    ) -> list[tuple[int, float]]:
        match = " OR ".join(
            f"{_quoted(term)} OR {_quoted(stem)}{'*' if prefix else ''}"
            for term, stem, prefix in variants
        )
        params = {"match": match, "limit": limit}
        profiles = self.sql.rows(
            # FTS5's own `rank` (bm25) column: its ORDER BY is the optimised path.
            "SELECT rowid, -rank FROM search_fts_profile "
            "WHERE search_fts_profile MATCH :match ORDER BY rank LIMIT :limit",
            params,
        )
        notes = self.sql.rows(
            # In the index's order, newest notes first: bm25 runs on these rows alone.
            "SELECT rowid, -rank FROM search_fts_notes "
            "WHERE search_fts_notes MATCH :match ORDER BY rowid DESC LIMIT :limit",
            params,
        )
        return [(int(pid), float(rank)) for pid, rank in profiles] + [
            (int(key) % NOTES_KEY_DAY, float(rank)) for key, rank in notes
        ]

    def _matching_postgresql(
        self, variants: Sequence[tuple[str, str, bool]], limit: int
    ) -> list[tuple[int, float]]:
        lexemes = " | ".join(
            f"{_lexeme(term)} | {_lexeme(stem)}{':*' if prefix else ''}"
            for term, stem, prefix in variants
        )
        params = {"q": lexemes, "limit": limit}
        profiles = self.sql.rows(
            f"SELECT person_id, ts_rank({_PG_PROFILE}, q) AS rank "
            "FROM search_docs, to_tsquery('simple', :q) q "
            # Ties go to the first added: thousands of the same title rank alike, and
            # without an order of its own the limit would keep whichever the plan met.
            f"WHERE {_PG_PROFILE} @@ q ORDER BY rank DESC, person_id LIMIT :limit",
            params,
        )
        notes = self.sql.rows(
            f"SELECT person_id, ts_rank({_PG_NOTES}, to_tsquery('simple', :q)) FROM ("
            "SELECT person_id, notes, notes_stems FROM search_docs "
            f"WHERE {_PG_NOTES} @@ to_tsquery('simple', :q) "
            "ORDER BY notes_key DESC LIMIT :limit) AS newest",
            params,
        )
        return [(int(pid), float(rank)) for pid, rank in (*profiles, *notes)]

    def documents(self, person_ids: Sequence[int]) -> dict[int, Document]:
        """Each person's document: its text folded, and its stems."""
        listed, params = in_list("id", person_ids)
        rows = self.sql.rows(
            "SELECT person_id, profile, notes, profile_stems, notes_stems FROM search_docs "
            f"WHERE person_id IN ({listed})",
            params,
        )
        return {
            int(person_id): Document(
                text=folded_text(f"{profile} {notes}"),
                stems=f" {profile_stems} {notes_stems} ",
            )
            for person_id, profile, notes, profile_stems, notes_stems in rows
        }


@dataclass(frozen=True)
class Document:
    """A document's words, to tell which words of a need it matched and how."""

    #: As `folded_text` gives it: a word is a whole run of word characters in it.
    text: str
    stems: str  # space-separated, with a space at each end

    def has_word(self, word: str) -> bool:
        # A search of the text, not a set of its words: splitting thousands of characters
        # of notes into words, for each of hundreds of candidates, was a third of `help`.
        whole = rf"(?<!\w){re.escape(folded(word))}(?!\w)"
        return re.search(whole, self.text) is not None

    def has_variant(self, word: str) -> bool:
        stem, prefix = query_terms(word)
        return f" {stem}{'' if prefix else ' '}" in self.stems


#: The PostgreSQL expressions their GIN indexes are built on (a query must repeat them
#: exactly).
_PG_PROFILE = "to_tsvector('simple', profile || ' ' || profile_stems)"
_PG_NOTES = "to_tsvector('simple', notes || ' ' || notes_stems)"


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _lexeme(word: str) -> str:
    return re.sub(r"\W", "", word) or "x"
