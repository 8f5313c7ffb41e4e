"""Engines for the two backends: SQLite tuned for one local user, PostgreSQL for teams.

SQLAlchemy is imported by the functions that need it, not with this module: a `Database`
is made by every CLI process, including those that never connect (see `store.database`).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goodwill.domain.errors import GoodwillError

if TYPE_CHECKING:
    from sqlalchemy import Engine

SQLITE_BUSY_TIMEOUT_MS = 10_000


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for a memory database or another backend."""
    plain = _plain_sqlite_file(url)
    if plain is not None:
        return plain
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _plain_sqlite_file(url: str) -> Path | None:
    """The file of the usual `sqlite:///PATH` (what goodwill writes for a path), read
    without SQLAlchemy; None for anything else, which SQLAlchemy's parser reads."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or any(mark in url for mark in "?%"):
        return None
    database = url[len(prefix) :]
    if not database or database == ":memory:":
        return None
    return Path(database)


def backend_name(url: str) -> str:
    """ "sqlite" or "postgresql" (or whatever else the URL names)."""
    if _plain_sqlite_file(url) is not None:
        return "sqlite"
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).get_backend_name()
    except Exception as error:
        raise GoodwillError(f"bad database URL '{url}': {error}") from None


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling is switched off so that
    # SQLAlchemy's BEGIN is the real one (see the "Serializable isolation"
    # notes in SQLAlchemy's SQLite dialect docs).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def open_sqlite(path: Path) -> sqlite3.Connection:
    """A connection of SQLite's own driver to a goodwill file, set up as the engine's
    are, that begins its transactions only when told (see `store.database`'s direct mode)."""
    connection = sqlite3.connect(path, check_same_thread=False)
    _on_sqlite_connect(connection, None)
    return connection


def _on_sqlite_begin(connection: Any) -> None:
    # Writers take the write lock up front (BEGIN IMMEDIATE): a deferred
    # transaction that reads, then writes, can fail with "database is locked"
    # when another writer got there in between, and it may not reserve ids.
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, *, create_dir: bool = False) -> Engine:
    """An engine for `url`; SQLite files get WAL, foreign keys and a busy timeout."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception as error:
        raise GoodwillError(f"bad database URL '{url}': {error}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        if path is not None and create_dir:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    if backend == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    raise GoodwillError(
        f"unsupported database '{backend}': use a SQLite path or postgresql+psycopg://"
    )


def create_private(path: Path) -> None:
    """Create an empty database file readable by its owner only, before SQLite opens it
    (SQLite would create it with the umask's permissions)."""
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def restrict_permissions(path: Path) -> None:
    """Private notes about other people: the database and its WAL files are the owner's."""
    if os.name != "posix":
        return
    for suffix in ("", "-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.chmod(0o600)
