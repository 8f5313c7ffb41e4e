"""Inserting many rows at once, straight through the driver.

SQLAlchemy's executemany builds a parameter dict per row in Python, which is
most of the cost of a 50,000-person import; compiling the statement once and
handing the driver plain rows (after each column's own type conversion, and
with the columns' scalar defaults) keeps the same SQL and values for less.

Rows of a table with a full-text trigger go, on SQLite, as multi-row VALUES
(hundreds per statement) instead: a statement that fires a trigger runs in a
savepoint, and FTS5 writes its pending terms to disk at every savepoint, so a
statement per row makes an index segment per row, merged again and again.
Other tables gain less from it (an entry's links: 0.45 s against 0.35 s for 150,000
rows), so it is asked for.

A trigger that keeps a summary or an index in step row by row can be set aside for a
bulk write (`trigger_aside`), which then does its work for all the rows at once.

On PostgreSQL, more than a handful of rows go through `COPY ... FROM STDIN`, the
server's own bulk load, instead of a statement per row.

`insert_values` skips even the per-row conversion: a caller that builds rows as tuples
of values the driver takes as they are (dates as ISO text on SQLite) hands them over
unchanged, which is what a ledger of hundreds of thousands of entries needs. It runs on the
unit of work's statements (`store.sql`), so on SQLite it never loads SQLAlchemy.
"""

from __future__ import annotations

import contextlib
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

from goodwill.store.lazy_modules import lazy
from goodwill.store.sql import AlchemySql, Sql

if TYPE_CHECKING:
    import sqlalchemy as sa
else:
    sa = lazy("sqlalchemy")


#: Rows from which COPY beats an executemany on PostgreSQL.
COPY_FROM_ROWS = 50
#: Rows a multi-row statement takes at most on SQLite. Longer ones cost more per row, the
#: more so without a trigger on the table: 150,000 entries of 12 values went in in 0.39 s
#: at 200 a statement, 0.55 s at 1,000 and 1.5 s at 5,000 (SQLite 3.40, trigger aside).
ROWS_PER_STATEMENT = 200


def insert_rows(
    connection: sa.Connection,
    table: sa.Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    many_per_statement: bool = False,
) -> None:
    """INSERT every row (dicts with the same keys) in one driver executemany, or, with
    `many_per_statement` on SQLite, in as few multi-row statements as fit."""
    if not rows:
        return
    given = list(rows[0])
    defaults = {
        column.name: column.default.arg  # type: ignore[attr-defined]
        for column in table.columns
        if column.name not in given and column.default is not None and column.default.is_scalar
    }
    dialect = connection.dialect
    compiled = sa.insert(table).compile(dialect=dialect, column_keys=given + list(defaults))
    # The statement's own column order (the table's): each row's values, given then
    # defaults, are put in that order by one itemgetter, at C speed.
    names = list(compiled.positiontup or ()) if compiled.positional else given + list(defaults)
    source_order = given + list(defaults)
    arrange = _picker([source_order.index(name) for name in names])
    default_values = tuple(defaults.values())
    # Only the columns whose type converts values (dates on SQLite, say) cost a call.
    conversions = [
        (index, processor)
        for index, name in enumerate(names)
        if (processor := table.c[name].type._cached_bind_processor(dialect)) is not None
    ]

    def converted(row: Mapping[str, Any]) -> list[Any]:
        values = list(arrange(tuple(map(row.__getitem__, given)) + default_values))
        for index, processor in conversions:
            if values[index] is not None:
                values[index] = processor(values[index])
        return values

    if dialect.name == "postgresql" and len(rows) >= COPY_FROM_ROWS:
        _copy(connection, table.name, names, [converted(row) for row in rows])
    elif many_per_statement and dialect.name == "sqlite":
        sql = AlchemySql(connection)
        _insert_sqlite(sql, compiled.string, len(names), [converted(row) for row in rows])
    elif compiled.positional:
        connection.exec_driver_sql(compiled.string, [tuple(converted(row)) for row in rows])
    else:
        params = [dict(zip(names, converted(row), strict=True)) for row in rows]
        connection.exec_driver_sql(compiled.string, params)


def insert_values(
    sql: Sql,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    many_per_statement: bool = False,
) -> None:
    """INSERT rows given as tuples in `columns` order, each value as the driver takes it,
    with no conversion: COPY on PostgreSQL, else one executemany (or, with
    `many_per_statement` on SQLite, multi-row statements, as for `insert_rows`)."""
    if not rows:
        return
    if isinstance(sql, AlchemySql) and sql.dialect == "postgresql" and len(rows) >= COPY_FROM_ROWS:
        _copy(sql.connection, table, columns, rows)
        return
    marks = ", ".join([sql.mark] * len(columns))
    statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    if many_per_statement and sql.dialect == "sqlite":
        _insert_sqlite(sql, statement, len(columns), rows)
    else:
        sql.driver_run_many(statement, rows)


def update_rows(
    connection: sa.Connection, table: sa.Table, key: str, rows: Sequence[Mapping[str, Any]]
) -> None:
    """UPDATE rows (dicts with the same keys, `key` among them) by `key`, with one
    statement compiled once and run as one driver executemany."""
    if not rows:
        return
    columns = [name for name in rows[0] if name != key]
    statement = (
        sa.update(table)
        .where(table.c[key] == sa.bindparam("key_"))
        .values({name: sa.bindparam(name) for name in columns})
    )
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect)
    names = list(compiled.positiontup or ()) if compiled.positional else list(compiled.params)
    processors = {
        name: processor
        for name in [*columns, key]
        if (processor := table.c[name].type._cached_bind_processor(dialect)) is not None
    }

    def value(row: Mapping[str, Any], name: str) -> Any:
        column = key if name == "key_" else name
        raw = row[column]
        processor = processors.get(column)
        return raw if raw is None or processor is None else processor(raw)

    if compiled.positional:
        params: Any = [tuple(value(row, name) for name in names) for row in rows]
    else:
        params = [{name: value(row, name) for name in names} for row in rows]
    connection.exec_driver_sql(compiled.string, params)


def _copy(
    connection: sa.Connection, table: str, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """The rows through PostgreSQL's COPY, in the current transaction."""
    columns = ", ".join(connection.dialect.identifier_preparer.quote(name) for name in names)
    cursor = connection.connection.cursor()
    try:
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    finally:
        cursor.close()


def _picker(indexes: Sequence[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """The items at `indexes` of a sequence, as a tuple (even for one index)."""
    if len(indexes) == 1:
        index = indexes[0]
        return lambda values: (values[index],)
    return operator.itemgetter(*indexes)


def rows_per_statement(sql: Sql, width: int) -> int:
    """Rows of `width` values a multi-row statement takes on SQLite: as many as its
    parameters allow, up to `ROWS_PER_STATEMENT`."""
    return max(1, min(sql.parameter_limit() // width, ROWS_PER_STATEMENT))


def _insert_sqlite(sql: Sql, statement: str, width: int, rows: Sequence[Sequence[Any]]) -> None:
    """The rows as `INSERT ... VALUES (...), (...), ...`, as many per statement as fit."""
    head, _, one_row = statement.rpartition(" VALUES ")
    per_statement = rows_per_statement(sql, width)
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        many = f"{head} VALUES {', '.join([one_row] * len(chunk))}"
        sql.driver_run(many, tuple(chain.from_iterable(chunk)))


def drop_trigger(sql: Sql, name: str) -> str | None:
    """On SQLite, drop the trigger `name` and give the statement that makes it again (for
    the same transaction: a rollback puts it back by itself); None, with nothing done, on
    PostgreSQL or when it is not there."""
    if sql.dialect != "sqlite":
        return None
    query = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?"
    found = sql.driver_rows(query, (name,))
    if not found:
        return None
    sql.driver_run(f'DROP TRIGGER "{name}"')
    return str(found[0][0])


@contextlib.contextmanager
def trigger_aside(sql: Sql, name: str) -> Iterator[bool]:
    """`drop_trigger` for the block, the trigger made again after it; yields whether it was
    set aside, so that the block does the trigger's work itself. An error inside leaves
    the trigger to the rollback."""
    statement = drop_trigger(sql, name)
    yield statement is not None
    if statement is not None:
        sql.driver_run(statement)
