"""Inserting many rows at once through the driver's own executemany.

SQLAlchemy's executemany builds a parameter dict per row in Python, which is
most of the cost of a 50,000-person import; compiling the statement once and
handing the driver plain rows (after each column's own type conversion, and
with the columns' scalar defaults) keeps the same SQL and values for less.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert


def insert_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT every row (dicts with the same keys) in one driver executemany."""
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
    # The statement's own column order (the table's), so rows need no reordering.
    names = list(compiled.positiontup or ()) if compiled.positional else given + list(defaults)
    default_values = [defaults.get(name) for name in names]
    from_row = [name in given for name in names]
    # Only the columns whose type converts values (dates on SQLite, say) cost a call.
    conversions = [
        (index, processor)
        for index, name in enumerate(names)
        if (processor := table.c[name].type._cached_bind_processor(dialect)) is not None
    ]

    def converted(row: Mapping[str, Any]) -> list[Any]:
        values = [
            row[name] if given_here else default
            for name, given_here, default in zip(names, from_row, default_values, strict=True)
        ]
        for index, processor in conversions:
            if values[index] is not None:
                values[index] = processor(values[index])
        return values

    if compiled.positional:
        params: Any = [tuple(converted(row)) for row in rows]
    else:
        params = [dict(zip(names, converted(row), strict=True)) for row in rows]
    connection.exec_driver_sql(compiled.string, params)
