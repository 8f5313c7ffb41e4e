"""The ledger: interactions, the people they concern, and the batches `undo` reverts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from goodwill.domain import derive
from goodwill.domain.model import Channel, Direction, Entry, Initiator
from goodwill.store.bulk import drop_trigger, insert_values
from goodwill.store.lazy_modules import lazy
from goodwill.store.sql import Link, Repository, Row, day, moment, stored_day

if TYPE_CHECKING:
    import sqlalchemy as sa

    from goodwill.store import tables as t
else:
    sa = lazy("sqlalchemy")
    t = lazy("goodwill.store.tables")

#: A ledger row as folding reads it: (person, day ordinal, `derive.entry_code`, weight,
#: note), the person's rows by date then id.
FoldRow = tuple[int, int, int, float, str]
#: "No limit" for a LIMIT that an OFFSET needs.
_NO_LIMIT = {"sqlite": -1, "postgresql": None}
#: People per query when folding the histories of a set of people.
FOLD_CHUNK = 500
#: Rows fetched from the driver at a time when folding.
FETCH_ROWS = 20_000
#: Helper threads SQLite's sorter may use to sort the whole ledger (it sorts alone by
#: default): with two, the sort of 10 million entries takes a third less time.
SORT_THREADS = 2
#: A `FoldRow`'s order: person by person, each by date then id.
_FOLD_ORDER = "ORDER BY ip.person_id, ip.occurred_on, ip.interaction_id"


@dataclass(frozen=True, slots=True)
class Batch:
    id: int
    created_at: datetime
    action: str


def _position(column: str, values: Sequence[str]) -> str:
    """SQL for the position of a column's value among `values` (one of them)."""
    whens = " ".join(f"WHEN '{value}' THEN {index}" for index, value in enumerate(values))
    return f"(CASE {column} {whens} END)"


#: `derive.entry_code` of a row of `interactions i`, in SQL (the same on both backends).
_ENTRY_CODE = (
    f"((({_position('i.direction', derive.DIRECTIONS)} * {len(derive.CHANNELS)}"
    f" + {_position('i.channel', derive.CHANNELS)}) * {len(derive.INITIATORS)}"
    f" + {_position('i.initiated_by', derive.INITIATORS)}) * 2"
    " + (CASE WHEN i.by_them THEN 1 ELSE 0 END))"
)


def _entry_from_row(row: Row) -> Entry:
    """An entry from a row of `_ENTRY_COLUMNS`."""
    entry_id, on, direction, kind, channel, initiated_by, weight, note, source, by_them = row
    occurred = day(on)
    assert occurred is not None
    return Entry(
        id=int(entry_id),
        on=occurred,
        direction=Direction(direction),
        kind=kind,
        channel=Channel(channel),
        initiated_by=Initiator(initiated_by),
        weight=float(weight),
        note=note or "",
        source=source,
        by_them=bool(by_them),
    )


#: What `_entry_from_row` reads, from `interactions`.
_ENTRY_COLUMNS = (
    "id", "occurred_on", "direction", "kind", "channel", "initiated_by", "weight", "note",
    "source", "by_them",
)  # fmt: skip
_ENTRY_FIELDS = ", ".join(f"i.{column}" for column in _ENTRY_COLUMNS)
_INTERACTION_COLUMNS = (
    "occurred_on", "direction", "kind", "channel", "initiated_by", "by_them", "weight", "note",
    "source", "source_id", "batch_id",
)  # fmt: skip
#: The columns `add_many` writes, in the order of its rows.
_BULK_COLUMNS = ("id", *_INTERACTION_COLUMNS)
_LINK_COLUMNS = ("interaction_id", "person_id", "occurred_on")
_ADD_INTERACTION = (
    f"INSERT INTO interactions ({', '.join(_INTERACTION_COLUMNS)}) "
    f"VALUES ({', '.join(':' + column for column in _INTERACTION_COLUMNS)})"
)


class LedgerRepository(Repository):
    def __init__(self, link: Link) -> None:
        super().__init__(link)
        # While this transaction counts its new entries' days itself (`count_days_later`):
        # the counts so far, and the statement that makes the counting trigger again.
        self._days_later: Counter[tuple[Any, str, bool]] | None = None
        self._day_trigger = ""

    def count_days_later(self) -> None:
        """Count the days of the entries this transaction writes from now on at its end
        (`count_days_now`), in one statement, rather than row by row: on SQLite the
        per-day counting trigger is set aside meanwhile (it was 40% of an import's
        inserts of entries). Dropping it and making it again is schema work that makes
        every statement prepare again, so an import does it once, not once a chunk. A
        rollback puts the trigger back with everything else."""
        if self._days_later is not None:
            return
        statement = drop_trigger(self.sql, "ledger_days_ai")
        if statement is not None:
            self._day_trigger = statement
            self._days_later = Counter()

    def count_days_now(self) -> None:
        """The days counted since `count_days_later` into `ledger_days`, and the trigger back."""
        counts, self._days_later = self._days_later, None
        if counts is None:
            return
        self.sql.driver_run_many(
            "INSERT INTO ledger_days (day, direction, by_them, entries) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (day, direction, by_them)"
            " DO UPDATE SET entries = ledger_days.entries + excluded.entries",
            [(*key, count) for key, count in counts.items()],
        )
        self.sql.driver_run(self._day_trigger)

    def open_batch(self, action: str, now: datetime) -> int:
        return self.sql.insert(
            "INSERT INTO batches (created_at, action, undone) VALUES (:now, :action, :undone)",
            {"now": now, "action": action, "undone": False},
        )

    def add(
        self,
        entry: Entry,
        person_ids: Sequence[int],
        *,
        batch_id: int | None,
        source_id: str | None = None,
    ) -> int:
        # Counting days later is for bulk writes (`add_many`), which count what they add.
        assert self._days_later is None, "add() while the days are counted later"
        interaction_id = self.sql.insert(
            _ADD_INTERACTION,
            {
                "occurred_on": entry.on,
                "direction": entry.direction.value,
                "kind": entry.kind,
                "channel": entry.channel.value,
                "initiated_by": entry.initiated_by.value,
                "by_them": entry.by_them,
                "weight": entry.weight,
                "note": entry.note,
                "source": entry.source,
                "source_id": source_id,
                "batch_id": batch_id,
            },
        )
        self.sql.run_many(
            "INSERT INTO interaction_people (interaction_id, person_id, occurred_on) "
            "VALUES (:interaction_id, :person_id, :occurred_on)",
            [
                {"interaction_id": interaction_id, "person_id": pid, "occurred_on": entry.on}
                for pid in dict.fromkeys(person_ids)
            ],
        )
        return interaction_id

    def add_many(
        self,
        items: Sequence[tuple[Entry, Sequence[int], str | None]],
        *,
        batch_id: int | None,
    ) -> None:
        """Write many entries, each (entry, its people, source id), with one bulk insert
        per table and ids reserved up front. Derived state is the caller's to refold.

        Rows go to the driver as tuples. On SQLite the entries go many per statement:
        each fires the per-day counting trigger, and a statement that fires a trigger
        pays for a savepoint of its own.
        """
        if not items:
            return
        ids = self._reserve_ids(len(items))
        as_stored = stored_day(self.sql.dialect)
        entries: list[tuple[Any, ...]] = []
        links: list[tuple[int, int, Any]] = []
        for interaction_id, (entry, person_ids, source_id) in zip(ids, items, strict=True):
            on = as_stored(entry.on)
            entries.append(
                (
                    interaction_id,
                    on,
                    entry.direction.value,
                    entry.kind,
                    entry.channel.value,
                    entry.initiated_by.value,
                    entry.by_them,
                    entry.weight,
                    entry.note,
                    entry.source,
                    source_id,
                    batch_id,
                )
            )
            if len(person_ids) == 1:
                links.append((interaction_id, person_ids[0], on))
            else:
                links += [(interaction_id, pid, on) for pid in dict.fromkeys(person_ids)]
        insert_values(self.sql, "interactions", _BULK_COLUMNS, entries, many_per_statement=True)
        if self._days_later is not None:
            self._days_later.update((row[1], row[2], row[6]) for row in entries)
        insert_values(self.sql, "interaction_people", _LINK_COLUMNS, links, many_per_statement=True)

    def _reserve_ids(self, count: int) -> list[int]:
        """Fresh ids: from PostgreSQL's sequence, or after SQLite's largest id (a write
        transaction there holds the database's write lock, so nobody else takes them)."""
        if self.sql.dialect == "postgresql":
            query = (
                "SELECT nextval(pg_get_serial_sequence('interactions', 'id')) "
                "FROM generate_series(1, :count)"
            )
            return [int(value) for (value,) in self.sql.rows(query, {"count": count})]
        start = self.sql.scalar("SELECT max(id) FROM interactions") or 0
        return list(range(int(start) + 1, int(start) + count + 1))

    def fold_rows(self, person_ids: Sequence[int]) -> Iterator[FoldRow]:
        """The histories of these people, person by person (in the order given, which must
        be ascending) and each by date then id, through the (person, date) index: what
        folding their derived state reads (`derive.Fold.extend`), the day as an ordinal.
        Plain SQL on the driver's own cursor: `reindex` reads millions of these rows."""
        cursor = self.sql.driver_cursor()
        try:
            for start in range(0, len(person_ids), FOLD_CHUNK):
                chunk = tuple(person_ids[start : start + FOLD_CHUNK])
                cursor.execute(
                    f"{self._fold_select()} FROM interaction_people ip"
                    " JOIN interactions i ON i.id = ip.interaction_id"
                    f" WHERE ip.person_id IN ({', '.join([self.sql.mark] * len(chunk))})"
                    f" {_FOLD_ORDER}",
                    chunk,
                )
                while rows := cursor.fetchmany(FETCH_ROWS):
                    yield from rows
        finally:
            cursor.close()

    def logged_in_batch(self, batch_id: int) -> tuple[str, str] | None:
        """The kind and note of the entry a batch wrote (a `done`'s), if it still has one."""
        query = "SELECT kind, note FROM interactions WHERE batch_id = :batch ORDER BY id LIMIT 1"
        found = self.sql.first(query, {"batch": batch_id})
        return None if found is None else (str(found[0]), str(found[1] or ""))

    def all_fold_rows(self) -> Iterator[FoldRow]:
        """Everyone's history, as `fold_rows` gives it, in one pass over the ledger.

        Looking each entry up from the (person, date) index, as `fold_rows` does, reads
        the ledger's pages in random order, one page per entry; for the whole ledger it
        is much cheaper to read the entries in their stored order and sort them. SQLite
        takes its tables in the order written after CROSS JOIN; PostgreSQL plans alone,
        and streams through a server-side cursor (a plain one would hold every row)."""
        sqlite = self.sql.dialect == "sqlite"
        if sqlite:
            source = "interactions i CROSS JOIN interaction_people ip"
            cursor = self.sql.driver_cursor()
            cursor.execute(f"PRAGMA threads = {SORT_THREADS}")
        else:
            source = "interactions i JOIN interaction_people ip"
            cursor = self.connection.connection.cursor(name="all_fold_rows")
        try:
            cursor.execute(
                f"{self._fold_select()} FROM {source} ON ip.interaction_id = i.id {_FOLD_ORDER}"
            )
            while rows := cursor.fetchmany(FETCH_ROWS):
                yield from rows
        finally:
            if sqlite:
                cursor.execute("PRAGMA threads = 0")
            cursor.close()

    def _fold_select(self) -> str:
        """The SELECT of a `FoldRow`, the day as an ordinal (`date.toordinal`)."""
        day = (
            "CAST(julianday(ip.occurred_on) - 1721424.5 AS INTEGER)"
            if self.sql.dialect == "sqlite"
            else "(ip.occurred_on - DATE '0001-01-01' + 1)"
        )
        return f"SELECT ip.person_id, {day}, {_ENTRY_CODE}, i.weight, i.note"

    def entries_for(
        self, person_id: int, limit: int | None = None, *, offset: int = 0
    ) -> list[Entry]:
        """A person's entries, newest first, through the (person, date) index."""
        query = (
            f"SELECT {_ENTRY_FIELDS} FROM interactions AS i "
            "JOIN interaction_people AS p ON p.interaction_id = i.id "
            "WHERE p.person_id = :person ORDER BY p.occurred_on DESC, i.id DESC"
        )
        params: dict[str, Any] = {"person": person_id}
        if limit is not None or offset:
            # SQLite needs a LIMIT before an OFFSET; -1 is none there, NULL on PostgreSQL.
            query += " LIMIT :limit OFFSET :offset"
            params["limit"] = limit if limit is not None else _NO_LIMIT[self.sql.dialect]
            params["offset"] = offset
        return [_entry_from_row(row) for row in self.sql.rows(query, params)]

    def gave_me(self, person_id: int, kind: str) -> bool:
        """Whether the person ever gave me an entry of this kind (their advice), through
        the (person, date) index: one person's entries at most."""
        query = (
            "SELECT 1 FROM interactions AS i "
            "JOIN interaction_people AS p ON p.interaction_id = i.id "
            "WHERE p.person_id = :person AND i.kind = :kind AND i.by_them LIMIT 1"
        )
        return bool(self.sql.rows(query, {"person": person_id, "kind": kind}))

    def entries_between(self, person_id: int, after: date, until: date) -> list[Entry]:
        """A person's entries dated after `after` and up to `until`, through the (person,
        date) index: what they heard from me between two days."""
        query = (
            f"SELECT {_ENTRY_FIELDS} FROM interactions AS i "
            "JOIN interaction_people AS p ON p.interaction_id = i.id "
            "WHERE p.person_id = :person AND p.occurred_on > :after "
            "AND p.occurred_on <= :until ORDER BY p.occurred_on, i.id"
        )
        params = {"person": person_id, "after": after, "until": until}
        return [_entry_from_row(row) for row in self.sql.rows(query, params)]

    def note_created(self, batch_id: int, person_ids: Sequence[int]) -> None:
        """Remember that the write `batch_id` created these people (`undo` removes them)."""
        rows = [(batch_id, person_id) for person_id in person_ids]
        insert_values(self.sql, "batch_people", ("batch_id", "person_id"), rows)

    def created_by(self, batch_id: int) -> list[int]:
        """The people the write created who are still there, in the order created."""
        rows = self.sql.rows(
            "SELECT person_id FROM batch_people WHERE batch_id = :batch ORDER BY person_id",
            {"batch": batch_id},
        )
        return [int(pid) for (pid,) in rows]

    def not_created_by_any(self, person_id: int) -> None:
        """A person no write's `undo` may remove (one merged with another is more than what
        the write added)."""
        self.connection.execute(
            sa.delete(t.batch_people).where(t.batch_people.c.person_id == person_id)
        )

    def drop_batch(self, batch_id: int) -> None:
        """Forget a write that wrote nothing (an import that changed nothing)."""
        self.sql.run("DELETE FROM batches WHERE id = :batch", {"batch": batch_id})

    def last_batch(self) -> Batch | None:
        """The newest write not undone that left something to undo (entries, people it
        created, an event), or that was an import: one that changed only people already
        there is still the last import, and `undo` says it cannot take that back rather
        than revert an older write in its place."""
        row = self.sql.first(
            "SELECT id, created_at, action FROM batches b WHERE NOT b.undone AND ("
            "b.action LIKE 'import %'"
            " OR EXISTS (SELECT 1 FROM interactions WHERE batch_id = b.id)"
            " OR EXISTS (SELECT 1 FROM batch_people WHERE batch_id = b.id)"
            " OR EXISTS (SELECT 1 FROM events WHERE batch_id = b.id)"
            ") ORDER BY b.id DESC LIMIT 1"
        )
        return None if row is None else Batch(int(row[0]), moment(row[1]), row[2])

    def revert_batch(self, batch_id: int) -> list[int]:
        """Delete the batch's entries and return the people whose state must be refolded."""
        batch = {"batch": batch_id}
        affected = sorted(
            {
                int(pid)
                for (pid,) in self.sql.rows(
                    "SELECT DISTINCT ip.person_id FROM interaction_people ip"
                    " JOIN interactions i ON i.id = ip.interaction_id WHERE i.batch_id = :batch",
                    batch,
                )
            }
        )
        self.sql.run("DELETE FROM interactions WHERE batch_id = :batch", batch)
        self.sql.run(
            "UPDATE batches SET undone = :undone WHERE id = :batch", {**batch, "undone": True}
        )
        return affected

    def stream_by_person(
        self, first: int | None = None, last: int | None = None
    ) -> Iterator[tuple[int, Entry]]:
        """Every (person, entry) pair ordered by person then date: the input of `reindex`;
        only people with ids from `first` to `last` when they are given."""
        query = (
            sa.select(
                t.interaction_people.c.person_id,
                *(t.interactions.c[column] for column in _ENTRY_COLUMNS),
            )
            .join(t.interactions, t.interaction_people.c.interaction_id == t.interactions.c.id)
            .order_by(
                t.interaction_people.c.person_id,
                t.interaction_people.c.occurred_on,
                t.interactions.c.id,
            )
        )
        if first is not None and last is not None:
            query = query.where(t.interaction_people.c.person_id.between(first, last))
        for row in self.connection.execute(query.execution_options(yield_per=20_000)):
            yield int(row[0]), _entry_from_row(row[1:])

    def reweigh(self, weights: dict[str, float]) -> int:
        """Apply the catalogue's current weights to every entry of each kind, in one
        statement: one pass over the ledger, however many kinds the catalogue has."""
        if not weights:
            return 0
        weight = sa.case(weights, value=t.interactions.c.kind)
        result = self.connection.execute(
            sa.update(t.interactions)
            .where(t.interactions.c.kind.in_(list(weights)))
            .where(t.interactions.c.weight != weight)
            .where(t.interactions.c.by_them.is_(False) | (t.interactions.c.direction != "touch"))
            .values(weight=weight)
        )
        return int(result.rowcount)

    def interactions_of(self, person_id: int) -> tuple[list[int], list[int]]:
        """Every entry that concerns a person, and the other people those entries concern."""
        ids = [
            int(i)
            for i in self.connection.execute(
                sa.select(t.interaction_people.c.interaction_id).where(
                    t.interaction_people.c.person_id == person_id
                )
            ).scalars()
        ]
        others: set[int] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            others.update(
                int(pid)
                for pid in self.connection.execute(
                    sa.select(t.interaction_people.c.person_id).where(
                        t.interaction_people.c.interaction_id.in_(chunk),
                        t.interaction_people.c.person_id != person_id,
                    )
                ).scalars()
            )
        return ids, sorted(others)

    def delete_entries(self, interaction_ids: list[int]) -> None:
        for start in range(0, len(interaction_ids), 500):
            chunk = interaction_ids[start : start + 500]
            self.connection.execute(sa.delete(t.interactions).where(t.interactions.c.id.in_(chunk)))

    def scrub_batch_labels(self, name: str, replacement: str) -> int:
        """Put `replacement` for `name` in every undo label that holds it (labels name the
        people a write concerned); how many labels changed."""
        result = self.connection.execute(
            sa.update(t.batches)
            .where(t.batches.c.action.contains(name, autoescape=True))
            .values(action=sa.func.replace(t.batches.c.action, name, replacement))
        )
        return int(result.rowcount)

    def drop_empty_batches(self) -> None:
        """Batches left with nothing to undo (no entries, people or event): their labels
        name people."""
        used = [
            sa.select(column).where(column.is_not(None))
            for column in (
                t.interactions.c.batch_id,
                t.plan_picks.c.batch_id,
                t.batch_people.c.batch_id,
                t.events.c.batch_id,
            )
        ]
        self.connection.execute(
            sa.delete(t.batches).where(*(t.batches.c.id.not_in(ids) for ids in used))
        )
