"""Bulk lookups that match imported records to people, and the traces imports leave.

Every lookup takes a whole chunk of keys and answers with one indexed query,
so an import costs the same per record whatever the size of the network.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from goodwill.store.bulk import insert_rows, insert_values
from goodwill.store.lazy_modules import lazy
from goodwill.store.sql import Repository, Row

if TYPE_CHECKING:
    import sqlalchemy as sa

    from goodwill.store import tables as t
else:
    sa = lazy("sqlalchemy")
    t = lazy("goodwill.store.tables")

#: Keys per IN (...) query: well under SQLite's limit on bound parameters.
CHUNK = 5000


def _chunks(keys: Collection[str]) -> Iterator[list[str]]:
    ordered = list(keys)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _iso(value: Any) -> str:
    """Dates in a snapshot, as ISO text (the encoder asks only for what JSON lacks)."""
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


#: One encoder for every snapshot (`json.dumps` with options makes one per call). Keys
#: sorted, so that the same values always make the same text: an import compares a
#: record's snapshot with the stored one as text, without parsing either.
snapshot_text = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=_iso).encode


class MatchRepository(Repository):
    def by_source(self, source: str, uids: Collection[str]) -> dict[str, tuple[int, str]]:
        """uid -> (person, the snapshot as stored: JSON text, parsed only where needed)."""
        found: dict[str, tuple[int, str]] = {}
        rows = self._rows("uid, person_id, snapshot", "person_sources", "uid", uids, source)
        for uid, pid, text in rows:
            found[uid] = (int(pid), text)
        return found

    def snapshots_of(self, person_id: int) -> list[str]:
        """What every source last gave about a person (snapshots as stored: JSON text)."""
        query = f"SELECT snapshot FROM person_sources WHERE person_id = {self.sql.mark}"
        return [str(snapshot) for (snapshot,) in self.sql.driver_rows(query, (person_id,))]

    def by_emails(self, emails: Collection[str]) -> dict[str, int]:
        return self._lookup("person_emails", "email", emails)

    def by_links(self, links: Collection[str]) -> dict[str, int]:
        return self._lookup("person_links", "url", links)

    def by_phones(self, phones: Collection[str]) -> dict[str, int]:
        return self._lookup("person_phones", "phone", phones)

    def by_name_keys(self, keys: Collection[str]) -> dict[str, list[tuple[int, str | None]]]:
        """The people with each of these name keys; the empty key (a name with no letters
        to look up by, "ъ") matches no one, so two such names are never one person."""
        found: dict[str, list[tuple[int, str | None]]] = {}
        rows = self._rows("name_key, id, company", "people", "name_key", [k for k in keys if k])
        # In id order within each name, whichever chunk found them.
        for key, pid, company in sorted(rows, key=operator.itemgetter(1)):
            found.setdefault(key, []).append((int(pid), company))
        return found

    def _lookup(self, table: str, key: str, keys: Collection[str]) -> dict[str, int]:
        rows = self._rows(f"{key}, person_id", table, key, keys)
        return {str(value): int(person_id) for value, person_id in rows}

    def _rows(
        self, columns: str, table: str, key: str, keys: Collection[str], source: str | None = None
    ) -> list[Row]:
        """`columns` of the rows of `table` whose `key` is one of `keys` (and whose source
        is `source`, when given), a chunk of keys a statement. Plain SQL through the
        driver: an import asks this for every record it reads, and SQLAlchemy's expanding
        IN costs more than the query (and on SQLite, an import that only reads and adds
        never loads SQLAlchemy).

        PostgreSQL gets the keys as one array, joined to the table: psycopg prepares a
        statement it runs often, and the generic plan of `IN ($1, ..., $1000)` compares
        every row it filters with each key in turn (0.5 s a chunk once an import has
        written 50,000 sources, where the join reads the index, or hashes the keys).
        """
        found: list[Row] = []
        if self.sql.dialect == "postgresql":
            statement = (
                f"SELECT {columns} FROM {table} JOIN unnest(%s::text[]) AS wanted (value)"
                f" ON {table}.{key} = wanted.value"
            )
            if source is not None:
                statement += f" AND {table}.source = %s"
            for chunk in _chunks(keys):
                arrays = (chunk,) if source is None else (chunk, source)
                found += self.sql.driver_rows(statement, arrays)
            return found
        where = "" if source is None else "source = ? AND "
        for chunk in _chunks(keys):
            marks = ", ".join(["?"] * len(chunk))
            statement = f"SELECT {columns} FROM {table} WHERE {where}{key} IN ({marks})"
            params = tuple(chunk) if source is None else (source, *chunk)
            found += self.sql.driver_rows(statement, params)
        return found

    def add_sources(self, rows: Iterable[tuple[str, str, int, str]]) -> None:
        """Remember which source ids name which people: (source, uid, person, snapshot text)."""
        insert_values(
            self.sql,
            "person_sources",
            ("source", "uid", "person_id", "snapshot"),
            list(rows),
        )

    def update_sources(self, rows: Iterable[tuple[str, str, int, str]]) -> None:
        values = [
            {"s": source, "u": uid, "pid": pid, "snapshot": text} for source, uid, pid, text in rows
        ]
        if values:
            self.sql.run_many(
                "UPDATE person_sources SET person_id = :pid, snapshot = :snapshot"
                " WHERE source = :s AND uid = :u",
                values,
            )

    def known_touches(self, source: str, source_ids: Collection[str]) -> set[str]:
        """The source ids the ledger already holds. Plain SQL through the driver: an
        import asks this for every entry it reads, thousands at a time."""
        mark = self.sql.mark
        found: set[str] = set()
        for chunk in _chunks(source_ids):
            rows = self.sql.driver_rows(
                "SELECT source_id FROM interactions"
                f" WHERE source = {mark} AND source_id IN ({', '.join([mark] * len(chunk))})",
                (source, *chunk),
            )
            found.update(str(value) for (value,) in rows)
        return found

    def known_invitations(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        wanted = list(keys)
        if not wanted:
            return set()
        query = sa.select(t.triage.c.source, t.triage.c.source_id).where(
            sa.tuple_(t.triage.c.source, t.triage.c.source_id).in_(wanted)
        )
        return {(row.source, row.source_id) for row in self.connection.execute(query)}

    def add_invitations(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Invitations to triage (rows of the `triage` table), in one bulk insert."""
        insert_rows(self.connection, t.triage, rows)
