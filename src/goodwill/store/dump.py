"""Every table as plain values, and back: the substance of a backup, as streams.

The tables come from `tables.metadata`, never from a hand-written list, so a
table added by a later migration is dumped and restored without touching this
module (the team server's credentials excepted). Rows are ordered by primary key
in code point order on both backends (PostgreSQL is told to collate text keys as
"C", which is what SQLite and Python do), so SQLite and PostgreSQL agree without
sorting in memory, and values are JSON-ready: dates and datetimes as ISO strings,
floats as they are (JSON keeps a float's shortest round-trip form, so
`balance_anchor` comes back bit for bit).

A restore trusts nothing it reads: every value is checked as the app will read it
(`store.values`), derived columns are not taken from the file but recomputed from
the ledger (`services.ledger.refold_all`, as `reindex` does), and secrets stay out of backups altogether. Rows
are parked on disk (`Staging`) while the file is read, then written parents first
into an empty database inside the caller's transaction; if any row is refused, the
caller's rollback leaves nothing behind.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import (
    Column,
    Connection,
    String,
    Table,
    Text,
    bindparam,
    delete,
    func,
    literal,
    select,
    text,
)
from sqlalchemy import update as sql_update
from sqlalchemy.exc import DBAPIError

from goodwill.domain.companies import company_key
from goodwill.domain.errors import BadInput, GoodwillError
from goodwill.store.bulk import insert_rows
from goodwill.store.people import STATE_COLUMNS, month_day, name_key
from goodwill.store.settings import GENERATION_KEY, LINK_SECRET_KEY
from goodwill.store.sql import Repository
from goodwill.store.tables import (
    DERIVED_TABLE,
    TEAM_TABLE,
    interaction_people,
    interactions,
    metadata,
    plan_days,
    plan_picks,
)
from goodwill.store.values import SETTING_CHECKS, problem

#: Tables that `goodwill init` fills itself; a restore replaces them rather
#: than counting them against an "empty" database.
SEEDED_TABLES = frozenset({"settings"})
#: Settings that are this database's own and never travel: the count of write
#: transactions (a restored copy counts afresh) and the secret that signs snooze
#: links (a restore makes a new one, so a leaked backup signs nothing).
LOCAL_SETTINGS = frozenset({GENERATION_KEY, LINK_SECRET_KEY})
#: Columns a restore recomputes instead of reading: people's folded ledger state and
#: due date (`services.ledger.refold_all`), and the keys kept for lookups (below).
RECOMPUTED = {
    "people": frozenset(
        {*STATE_COLUMNS, "next_due", "name_key", "company_key", "birthday_md", "met_md"}
    )
}
#: Columns an older backup does not have, which a restore counts once everything is
#: written, as the migration that added them did: how many picks each day's plan was
#: kept with (0024), from the picks the backup holds.
COUNTED_AFTER_LOAD = frozenset({("plan_days", "planned")})
#: What such a column holds until it is counted, within the restore's transaction.
UNCOUNTED = -1
#: Rows per INSERT round trip and per parked chunk: fast, and light.
CHUNK = 1000

Row = dict[str, Any]


def tables() -> list[Table]:
    """The network's tables, parents before children (people before their emails).

    A team server's accounts, sessions and API tokens are credentials, not a network:
    a backup that travels must not carry them. Tables derived from others (counts kept
    by triggers, search documents) are refilled as a restore writes what they hold.
    """
    return [
        table
        for table in metadata.sorted_tables
        if not table.info.get(TEAM_TABLE) and not table.info.get(DERIVED_TABLE)
    ]


def derived_table_names() -> frozenset[str]:
    """Tables an older backup may carry that a restore rebuilds instead of reading."""
    return frozenset(
        table.name for table in metadata.sorted_tables if table.info.get(DERIVED_TABLE)
    )


# -- dumping ------------------------------------------------------------------


def consistent_snapshot(connection: Connection) -> None:
    """Make the rest of the transaction read one snapshot of every table.

    SQLite's deferred transaction already does once it first reads; PostgreSQL's
    default READ COMMITTED would let a concurrent write land between two tables,
    so it is raised to REPEATABLE READ. Call it before any other statement.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))


def _plain(value: Any) -> Any:
    """Dates and datetimes (a date subclass) as ISO text; everything else is JSON already."""
    return value.isoformat() if isinstance(value, date) else value


def _ordering(connection: Connection, table: Table) -> list[Any]:
    """The primary key, text compared by code point on both backends."""
    postgres = connection.dialect.name == "postgresql"
    return [
        column.collate("C") if postgres and isinstance(column.type, String | Text) else column
        for column in table.primary_key.columns
    ]


def dump_table(connection: Connection, table: Table) -> Iterator[Row]:
    """One table's rows as plain values, ordered by primary key, read a few thousand at a time."""
    query = select(table).order_by(*_ordering(connection, table))
    result = connection.execute(query.execution_options(yield_per=2000)).mappings()
    for row in result:
        yield {name: _plain(value) for name, value in row.items()}


def dump(connection: Connection) -> Iterator[tuple[str, Iterator[Row]]]:
    """Every table by name, in name order; empty tables included, so a reader sees the
    whole schema. Each table's rows must be read before the next table is asked for."""
    for table in sorted(tables(), key=lambda table: table.name):
        rows = dump_table(connection, table)
        if table.name == "settings":
            rows = (row for row in rows if row["key"] not in LOCAL_SETTINGS)
        yield table.name, rows


def counts(connection: Connection) -> dict[str, int]:
    return {
        table.name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
        for table in tables()
    }


def non_empty_tables(connection: Connection) -> list[str]:
    """Tables holding user data: a restore refuses to mix a backup into them."""
    found = []
    for table in tables():
        if table.name in SEEDED_TABLES:
            continue
        if connection.execute(select(literal(1)).select_from(table).limit(1)).first():
            found.append(table.name)
    return found


# -- loading ------------------------------------------------------------------


def _python_type(column: Column[Any]) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


def _convert(column: Column[Any], value: Any) -> Any:
    """A JSON value back to what the column holds, or BadInput saying what is wrong."""
    if value is None:
        if not column.nullable:
            raise BadInput(f"column '{column.name}' cannot be empty")
        return None
    kind = _python_type(column)
    try:
        if kind is datetime:
            if isinstance(value, str):
                return datetime.fromisoformat(value)
        elif kind is date:
            if isinstance(value, str):
                return date.fromisoformat(value)
        elif kind is bool:
            if isinstance(value, bool):
                return value
        elif kind is float:
            if isinstance(value, int | float) and not isinstance(value, bool):
                return float(value)
        elif kind is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        elif kind is str:
            if isinstance(value, str):
                return value
        else:
            return value
    except ValueError:
        pass
    expected = getattr(kind, "__name__", "a value")
    raise BadInput(f"column '{column.name}': expected {expected}, got {value!r:.40}")


def _default(column: Column[Any]) -> Any:
    default = column.default
    if default is not None and getattr(default, "is_scalar", False):
        return getattr(default, "arg", None)
    return None


def _recomputed(table: Table, row: Row) -> None:
    """Fill the columns a restore never reads: lookup keys now, ledger state later."""
    if table.name != "people":
        return
    for name in STATE_COLUMNS:
        row[name] = _default(table.c[name])
    row["next_due"] = None
    row["name_key"] = name_key(row["name"])
    row["company_key"] = company_key(row["company"]) or None
    row["birthday_md"] = month_day(row["birthday"])
    row["met_md"] = month_day(row["met_on"])


def prepare_row(table: Table, number: int, row: Any) -> Row | None:
    """One row checked and converted as the app will read it; missing columns (an older
    backup) get their defaults. BadInput names the table, the row and the column.

    None for a row a restore leaves out: a setting that is the database's own."""
    where = f"table '{table.name}', row {number}"
    if not isinstance(row, dict):
        raise BadInput(f"{where}: not an object")
    if table.name == "settings" and row.get("key") in LOCAL_SETTINGS:
        return None
    columns = table.columns
    unknown = sorted(set(row) - set(columns.keys()))
    if unknown:
        raise BadInput(f"{where}: unknown column '{unknown[0]}'")
    skipped = RECOMPUTED.get(table.name, frozenset())
    prepared: Row = {}
    for column in columns:
        name = column.name
        if name in skipped:
            continue
        if name not in row and (table.name, name) in COUNTED_AFTER_LOAD:
            prepared[name] = UNCOUNTED
            continue
        if name not in row:
            if column.primary_key:
                raise BadInput(f"{where}: missing column '{name}'")
            value = _default(column)
        else:
            try:
                value = _convert(column, row[name])
            except BadInput as error:
                raise BadInput(f"{where}: {error}") from None
        if value is None and not column.nullable:
            raise BadInput(f"{where}: missing column '{name}'")
        wrong = problem(table.name, name, value)
        if wrong is not None:
            raise BadInput(f"{where}: column '{name}': {wrong}")
        prepared[name] = value
    if table.name == "settings":
        check = SETTING_CHECKS.get(prepared["key"])
        wrong = check(prepared["value"]) if check is not None else None
        if wrong is not None:
            raise BadInput(f"{where}: column 'value' of setting '{prepared['key']}': {wrong}")
    _recomputed(table, prepared)
    return prepared


class Staging:
    """Rows parked on disk by table while a backup is read, so that they can be written
    parents first whatever order the file gives them in, without holding them.

    Each table's rows go, a chunk at a time, to an anonymous temporary file (removed by
    the system when closed, or when the process dies), never to a named one in clear.
    """

    def __init__(self) -> None:
        self._files: dict[str, IO[bytes]] = {}
        self._pending: dict[str, list[Row]] = {}
        self.counts: dict[str, int] = {}

    def add(self, table: str, row: Row) -> None:
        pending = self._pending.setdefault(table, [])
        pending.append(row)
        self.counts[table] = self.counts.get(table, 0) + 1
        if len(pending) >= CHUNK:
            self._flush(table)

    def _flush(self, table: str) -> None:
        pending = self._pending.get(table)
        if not pending:
            return
        if table not in self._files:
            # Open until `close`: one file per table, for the life of the restore.
            self._files[table] = tempfile.TemporaryFile(prefix="goodwill-restore-")  # noqa: SIM115
        pickle.dump(pending, self._files[table], protocol=pickle.HIGHEST_PROTOCOL)
        self._pending[table] = []

    def chunks(self, table: str) -> Iterator[list[Row]]:
        """The parked rows of `table` in the order they came, a chunk at a time."""
        self._flush(table)
        parked = self._files.get(table)
        if parked is None:
            return
        parked.seek(0)
        while True:
            try:
                yield pickle.load(parked)  # our own file, written above
            except EOFError:
                return

    def close(self) -> None:
        for parked in self._files.values():
            parked.close()
        self._files.clear()
        self._pending.clear()


def _self_references(table: Table) -> list[Column[Any]]:
    """Columns pointing into their own table (people.met_via_id): filled in a second pass."""
    return [
        column
        for column in table.columns
        if any(key.column.table is table for key in column.foreign_keys)
    ]


def _insert(connection: Connection, table: Table, staging: Staging) -> None:
    deferred = _self_references(table)
    names = {column.name for column in deferred}
    for chunk in staging.chunks(table.name):
        rows = [{k: (None if k in names else v) for k, v in row.items()} for row in chunk]
        insert_rows(connection, table, rows)
    if not deferred:
        return
    keys = list(table.primary_key.columns)
    for column in deferred:
        statement = (
            sql_update(table)
            .where(*(key == bindparam(f"pk_{key.name}") for key in keys))
            .values({column.name: bindparam(f"new_{column.name}")})
        )
        for chunk in staging.chunks(table.name):
            pending = [
                {
                    **{f"pk_{key.name}": row[key.name] for key in keys},
                    f"new_{column.name}": row[column.name],
                }
                for row in chunk
                if row[column.name] is not None
            ]
            if pending:
                connection.execute(statement, pending)


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL: move each id sequence past the restored ids, so new rows do not collide."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables():
        column = table.autoincrement_column
        if column is None:
            continue
        quote = connection.dialect.identifier_preparer.quote
        name, key = quote(table.name), quote(column.name)
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f"COALESCE(MAX({key}), 1), MAX({key}) IS NOT NULL) FROM {name}"
            ),
            {"table": table.name, "column": column.name},
        )


def _ledger_dates(connection: Connection) -> None:
    """Each entry's date, copied beside each person it concerns, taken from the entry."""
    actual = (
        select(interactions.c.occurred_on)
        .where(interactions.c.id == interaction_people.c.interaction_id)
        .scalar_subquery()
    )
    connection.execute(
        sql_update(interaction_people)
        .where(interaction_people.c.occurred_on != actual)
        .values(occurred_on=actual)
    )


def _count_planned(connection: Connection) -> None:
    """Days of an older backup's plans: how many picks each was kept with, as it holds
    them (what 0024 did to a database)."""
    picks = (
        select(func.count())
        .select_from(plan_picks)
        .where(plan_picks.c.day == plan_days.c.day)
        .scalar_subquery()
    )
    connection.execute(
        sql_update(plan_days).where(plan_days.c.planned == UNCOUNTED).values(planned=picks)
    )


def load(connection: Connection, staging: Staging) -> dict[str, int]:
    """Write parked rows into an empty database; the caller's transaction makes it all or
    nothing. A row the database refuses (a broken reference, say) raises GoodwillError
    naming the table, and the caller rolls everything back.

    People's derived state is left at its defaults: the caller refolds it from the ledger.
    """
    busy = non_empty_tables(connection)
    if busy:
        raise GoodwillError(
            f"the database is not empty ({busy[0]} has rows): restore into a new database"
        )
    written = {}
    for table in tables():
        try:
            if table.name in SEEDED_TABLES:
                connection.execute(delete(table).where(table.c.key.not_in(sorted(LOCAL_SETTINGS))))
            _insert(connection, table, staging)
        except DBAPIError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise GoodwillError(f"table '{table.name}' refused a row: {reason}") from None
        written[table.name] = staging.counts.get(table.name, 0)
    _ledger_dates(connection)
    _count_planned(connection)
    _reset_sequences(connection)
    return written


def known_tables() -> Mapping[str, Table]:
    return {table.name: table for table in tables()}


class DumpRepository(Repository):
    """The whole database as tables of rows, for the JSON backup and its restore."""

    def snapshot(self) -> None:
        consistent_snapshot(self.connection)

    def tables(self) -> Iterator[tuple[str, Iterator[Row]]]:
        return dump(self.connection)

    def non_empty_tables(self) -> list[str]:
        return non_empty_tables(self.connection)

    def load(self, staging: Staging) -> dict[str, int]:
        return load(self.connection, staging)
