"""Every table as plain values, and back: the substance of a backup.

The tables come from `tables.metadata`, never from a hand-written list, so a
table added by a later migration is dumped and restored without touching this
module (the team server's credentials excepted). Rows are ordered by primary key (compared in Python, so SQLite and
PostgreSQL agree even where their collations differ) and values are JSON-ready:
dates and datetimes as ISO strings, floats as they are (JSON keeps a float's
shortest round-trip form, so `balance_anchor` comes back bit for bit).

`load` writes into an empty database inside the caller's transaction; if any
row is refused, the caller's rollback leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Table,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
    text,
)
from sqlalchemy import update as sql_update
from sqlalchemy.exc import DBAPIError

from goodwill.domain.errors import BadInput, GoodwillError
from goodwill.store.settings import GENERATION_KEY
from goodwill.store.tables import DERIVED_TABLE, TEAM_TABLE, metadata

#: Tables that `goodwill init` fills itself; a restore replaces them rather
#: than counting them against an "empty" database.
SEEDED_TABLES = frozenset({"settings"})
#: Rows per INSERT round trip: large enough to be fast, small enough to stay light.
CHUNK = 1000

Row = dict[str, Any]


def tables() -> list[Table]:
    """The network's tables, parents before children (people before their emails).

    A team server's accounts, sessions and API tokens are credentials, not a network:
    a backup that travels must not carry them. Tables the database derives by itself
    (counts kept by triggers) are refilled as a restore writes what they count.
    """
    return [
        table
        for table in metadata.sorted_tables
        if not table.info.get(TEAM_TABLE) and not table.info.get(DERIVED_TABLE)
    ]


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


def _sort_key(table: Table) -> Any:
    names = [column.name for column in table.primary_key.columns]
    return lambda row: tuple(row[name] for name in names)


def dump_table(connection: Connection, table: Table) -> list[Row]:
    """One table's rows as plain values, ordered by primary key."""
    query = select(table).order_by(*table.primary_key.columns)
    rows = [
        dict(row) for row in connection.execute(query.execution_options(yield_per=5000)).mappings()
    ]
    rows.sort(key=_sort_key(table))  # already sorted unless a collation disagrees: cheap
    return [{name: _plain(value) for name, value in row.items()} for row in rows]


def dump(connection: Connection) -> dict[str, list[Row]]:
    """Every table by name; empty tables included, so a reader sees the whole schema.

    The count of write transactions is this database's own bookkeeping, not part of the
    network: a restored copy counts afresh."""
    dumped = {table.name: dump_table(connection, table) for table in tables()}
    dumped["settings"] = [row for row in dumped["settings"] if row["key"] != GENERATION_KEY]
    return dumped


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


def prepare(table: Table, rows: Any) -> list[Row]:
    """Validate and convert one table's rows; missing columns (an older backup) get defaults."""
    if not isinstance(rows, list):
        raise BadInput(f"table '{table.name}' must be a list of rows")
    columns = {column.name: column for column in table.columns}
    required = {column.name for column in table.primary_key.columns}
    prepared = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise BadInput(f"table '{table.name}', row {number}: not an object")
        unknown = sorted(set(row) - set(columns))
        if unknown:
            raise BadInput(f"table '{table.name}', row {number}: unknown column '{unknown[0]}'")
        missing = sorted(required - set(row))
        if missing:
            raise BadInput(f"table '{table.name}', row {number}: missing column '{missing[0]}'")
        try:
            prepared.append(
                {
                    name: _convert(column, row[name]) if name in row else _default(column)
                    for name, column in columns.items()
                }
            )
        except BadInput as error:
            raise BadInput(f"table '{table.name}', row {number}: {error}") from None
        for name, column in columns.items():
            if prepared[-1][name] is None and not column.nullable:
                raise BadInput(f"table '{table.name}', row {number}: missing column '{name}'")
    return prepared


def _chunks(rows: Sequence[Row]) -> Iterator[Sequence[Row]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _self_references(table: Table) -> list[Column[Any]]:
    """Columns pointing into their own table (people.met_via_id): filled in a second pass."""
    return [
        column
        for column in table.columns
        if any(key.column.table is table for key in column.foreign_keys)
    ]


def _insert(connection: Connection, table: Table, rows: list[Row]) -> None:
    deferred = _self_references(table)
    if deferred:
        names = {column.name for column in deferred}
        first = [{k: (None if k in names else v) for k, v in row.items()} for row in rows]
    else:
        first = rows
    for chunk in _chunks(first):
        connection.execute(insert(table), list(chunk))
    if not deferred:
        return
    keys = list(table.primary_key.columns)
    for column in deferred:
        pending = [row for row in rows if row[column.name] is not None]
        statement = (
            sql_update(table)
            .where(*(key == bindparam(f"pk_{key.name}") for key in keys))
            .values({column.name: bindparam(f"new_{column.name}")})
        )
        for chunk in _chunks(pending):
            connection.execute(
                statement,
                [
                    {
                        **{f"pk_{key.name}": row[key.name] for key in keys},
                        f"new_{column.name}": row[column.name],
                    }
                    for row in chunk
                ],
            )


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


def load(connection: Connection, data: Mapping[str, Any]) -> dict[str, int]:
    """Write a dump into an empty database; the caller's transaction makes it all or nothing.

    Every table is validated before the first row is written, so a bad file
    fails fast; a row the database refuses (a broken reference, say) raises
    GoodwillError naming the table, and the caller rolls everything back.
    """
    known = {table.name for table in tables()}
    unknown = sorted(set(data) - known)
    if unknown:
        raise BadInput(f"unknown table '{unknown[0]}' (a backup from a newer goodwill?)")
    prepared = {table.name: prepare(table, data.get(table.name, [])) for table in tables()}
    busy = non_empty_tables(connection)
    if busy:
        raise GoodwillError(
            f"the database is not empty ({busy[0]} has rows): restore into a new database"
        )
    written = {}
    for table in tables():
        rows = prepared[table.name]
        try:
            if table.name in SEEDED_TABLES:
                connection.execute(delete(table))
            _insert(connection, table, rows)
        except DBAPIError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise GoodwillError(f"table '{table.name}' refused a row: {reason}") from None
        written[table.name] = len(rows)
    _reset_sequences(connection)
    return written
