"""Inserting many rows at once, straight through the driver.

SQLAlchemy's executemany builds a parameter dict per row in Python, which is
most of the cost of a 50,000-person import; compiling the statement once and
handing the driver plain rows (after each column's own type conversion, and
with the columns' scalar defaults) keeps the same SQL and values for less.

Rows of a table with a full-text trigger go, on SQLite, as multi-row VALUES
(hundreds per statement) instead: a statement that fires a trigger runs in a
savepoint, and FTS5 writes its pending terms to disk at every savepoint, so a
statement per row makes an index segment per row, merged again and again.
Other tables gain nothing from it (and lose a little), so it is asked for.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert

#: Bound parameters per statement on SQLite: the lowest limit any SQLite build has.
SQLITE_PARAMETERS = 999


def insert_rows(
    connection: Connection,
    table: Table,
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
    compiled = insert(table).compile(dialect=dialect, column_keys=given + list(defaults))
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

    if many_per_statement and dialect.name == "sqlite":
        _insert_sqlite(connection, compiled.string, len(names), [converted(row) for row in rows])
    elif compiled.positional:
        connection.exec_driver_sql(compiled.string, [tuple(converted(row)) for row in rows])
    else:
        params = [dict(zip(names, converted(row), strict=True)) for row in rows]
        connection.exec_driver_sql(compiled.string, params)


def _picker(indexes: Sequence[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """The items at `indexes` of a sequence, as a tuple (even for one index)."""
    if len(indexes) == 1:
        index = indexes[0]
        return lambda values: (values[index],)
    return operator.itemgetter(*indexes)


def _insert_sqlite(
    connection: Connection, statement: str, width: int, rows: Sequence[Sequence[Any]]
) -> None:
    """The rows as `INSERT ... VALUES (...), (...), ...`, as many per statement as fit."""
    head, _, one_row = statement.rpartition(" VALUES ")
    per_statement = max(1, SQLITE_PARAMETERS // width)
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        sql = f"{head} VALUES {', '.join([one_row] * len(chunk))}"
        connection.exec_driver_sql(sql, tuple(value for row in chunk for value in row))
