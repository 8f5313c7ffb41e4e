"""SQL text run on a transaction's own driver connection: the daily commands' statements.

The statements the daily commands run (`today`, `due`, `show`, `log`, `help`) are written
as SQL text with `:name` parameters, which both backends take: SQLite's own driver runs
them directly, and PostgreSQL's through SQLAlchemy's `text()`. On SQLite that is the
whole point: a CLI process that only runs such statements never imports SQLAlchemy, whose
import alone costs more than the command's work (see `store.database`'s direct mode).

The two drivers hand values back differently: SQLite's gives dates as ISO text and
booleans as 0 and 1, PostgreSQL's gives `date` and `bool`. Repositories read dates through
`day`, which takes both.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection, TextClause

Params = Mapping[str, Any]
Row = Sequence[Any]
_NONE: Params = {}

#: Bound parameters per statement when the driver does not say: the lowest limit any
#: SQLite build has (3.32 and later allow 32,766).
SQLITE_PARAMETERS = 999

#: How SQLAlchemy writes a `DateTime` into SQLite (always with microseconds), which the
#: statements here must match to compare and sort with the rows it wrote.
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


class Sql:
    """The statements of one transaction. `dialect` is "sqlite" or "postgresql"."""

    dialect: str

    def rows(self, statement: str, params: Params = _NONE) -> list[Row]:
        raise NotImplementedError

    def iterate(self, statement: str, params: Params = _NONE) -> Iterator[Row]:
        """The rows one at a time, for a reader that may stop early."""
        raise NotImplementedError

    def run(self, statement: str, params: Params = _NONE) -> int:
        """Run a write; returns how many rows it changed."""
        raise NotImplementedError

    def run_many(self, statement: str, rows: Sequence[Params]) -> None:
        raise NotImplementedError

    def insert(self, statement: str, params: Params = _NONE) -> int:
        """Run an INSERT of one row into a table with an `id` key; returns the new id."""
        raise NotImplementedError

    def first(self, statement: str, params: Params = _NONE) -> Row | None:
        found = self.rows(statement, params)
        return found[0] if found else None

    def scalar(self, statement: str, params: Params = _NONE) -> Any:
        row = self.first(statement, params)
        return None if row is None else row[0]

    # The driver's own statements: written with its placeholder (`mark`) and positional
    # parameters, passed to it as they are. For bulk reads and writes, where even
    # SQLAlchemy's `exec_driver_sql` costs, and for the imports' write path, which runs
    # on SQLite without loading SQLAlchemy at all.

    #: The driver's placeholder for a positional parameter.
    mark: str

    def driver_rows(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        raise NotImplementedError

    def driver_run(self, statement: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def driver_run_many(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def driver_cursor(self) -> Any:
        """A cursor of the driver's own connection, in this transaction; the caller
        closes it."""
        raise NotImplementedError

    def parameter_limit(self) -> int:
        """The most bound parameters one statement may have."""
        raise NotImplementedError


class SqliteSql(Sql):
    """SQLite's own driver (`sqlite3`), which takes `:name` parameters as they are."""

    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def rows(self, statement: str, params: Params = _NONE) -> list[Row]:
        return self.connection.execute(statement, _sqlite_params(params)).fetchall()

    def iterate(self, statement: str, params: Params = _NONE) -> Iterator[Row]:
        cursor = self.connection.execute(statement, _sqlite_params(params))
        try:
            yield from cursor
        finally:
            cursor.close()

    def run(self, statement: str, params: Params = _NONE) -> int:
        return self.connection.execute(statement, _sqlite_params(params)).rowcount

    def run_many(self, statement: str, rows: Sequence[Params]) -> None:
        self.connection.executemany(statement, [_sqlite_params(row) for row in rows])

    def insert(self, statement: str, params: Params = _NONE) -> int:
        # The row id, not RETURNING: SQLite has that only since 3.35.
        new_id = self.connection.execute(statement, _sqlite_params(params)).lastrowid
        assert new_id is not None
        return new_id

    mark = "?"

    def driver_rows(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        return self.connection.execute(statement, params).fetchall()

    def driver_run(self, statement: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(statement, params)

    def driver_run_many(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        self.connection.executemany(statement, rows)

    def driver_cursor(self) -> sqlite3.Cursor:
        return self.connection.cursor()

    def parameter_limit(self) -> int:
        return self.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def _sqlite_params(params: Params) -> Params:
    """Dates and times as SQLAlchemy stores them in SQLite, so both read the same rows
    (and without `sqlite3`'s default adapters, deprecated since Python 3.12)."""
    if not any(isinstance(value, date) for value in params.values()):
        return params
    return {name: _sqlite_value(value) for name, value in params.items()}


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime(SQLITE_DATETIME)
    if isinstance(value, date):
        return value.isoformat()
    return value


class AlchemySql(Sql):
    """Any backend through a SQLAlchemy connection (PostgreSQL's path)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name
        self.mark = "?" if self.dialect == "sqlite" else "%s"

    def rows(self, statement: str, params: Params = _NONE) -> list[Row]:
        return list(self.connection.execute(_text(statement), dict(params)))

    def iterate(self, statement: str, params: Params = _NONE) -> Iterator[Row]:
        # Closed when the reader stops early: PostgreSQL's server-side cursor is released.
        query = _text(statement).execution_options(yield_per=64)
        with self.connection.execute(query, dict(params)) as result:
            yield from result

    def run(self, statement: str, params: Params = _NONE) -> int:
        return int(self.connection.execute(_text(statement), dict(params)).rowcount)

    def run_many(self, statement: str, rows: Sequence[Params]) -> None:
        if rows:
            self.connection.execute(_text(statement), [dict(row) for row in rows])

    def insert(self, statement: str, params: Params = _NONE) -> int:
        return int(
            self.connection.execute(_text(f"{statement} RETURNING id"), dict(params)).scalar_one()
        )

    def driver_rows(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self.connection.exec_driver_sql(statement, tuple(params)).fetchall())

    def driver_run(self, statement: str, params: Sequence[Any] = ()) -> None:
        self.connection.exec_driver_sql(statement, tuple(params))

    def driver_run_many(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.connection.exec_driver_sql(statement, list(rows))

    def driver_cursor(self) -> Any:
        return self.connection.connection.cursor()

    def parameter_limit(self) -> int:
        driver = self.connection.connection.driver_connection
        if isinstance(driver, sqlite3.Connection):
            return driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return SQLITE_PARAMETERS


@functools.lru_cache(maxsize=512)
def _text(statement: str) -> TextClause:
    from sqlalchemy import text

    return text(statement)


def in_list(name: str, values: Iterable[Any]) -> tuple[str, dict[str, Any]]:
    """`:name_0, :name_1, ...` for an `IN (...)`, with its parameters: neither driver binds
    a list to one parameter the same way. Callers keep lists to a few hundred values."""
    params = {f"{name}_{index}": value for index, value in enumerate(values)}
    if not params:
        return "NULL", {}
    return ", ".join(f":{key}" for key in params), params


def _iso_day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _same_day(value: date | None) -> date | None:
    return value


def stored_day(dialect: str) -> Callable[[date | None], Any]:
    """How a day goes to the driver for bulk writes that skip SQLAlchemy: ISO text in
    SQLite (as SQLAlchemy writes it there), a `date` for PostgreSQL."""
    return _iso_day if dialect == "sqlite" else _same_day


def day(value: date | str | None) -> date | None:
    """A stored date from either driver."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def moment(value: datetime | str) -> datetime:
    """A stored time as either driver gives it: `datetime`, or SQLite's text of one."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def known_day(value: date | str) -> date:
    """A stored date from either driver, from a column that always holds one."""
    return value if isinstance(value, date) else date.fromisoformat(value)


class Link:
    """What a unit of work's repositories reach the database through: its statements,
    and, made on first use, a SQLAlchemy connection in the same transaction for the
    statements that SQLAlchemy builds."""

    def __init__(self, sql: Sql, connect: Callable[[], Connection]) -> None:
        self.sql = sql
        self._connect = connect
        self._connection: Connection | None = None

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            self._connection = self._connect()
        return self._connection

    @property
    def connected(self) -> Connection | None:
        """The SQLAlchemy connection if one was made."""
        return self._connection


class Repository:
    """A repository: its statements (`sql`) and SQLAlchemy's connection (`connection`),
    both in the unit of work's transaction."""

    def __init__(self, link: Link) -> None:
        self._link = link
        self.sql = link.sql

    @property
    def connection(self) -> Connection:
        return self._link.connection
