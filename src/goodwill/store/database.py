"""A database and its units of work: one transaction each, all or nothing.

Making a `Database` imports neither SQLAlchemy nor the repositories: every CLI process makes
one before it knows whether the command will touch it (`goodwill today --help` does not).
They load on the first connection, and the repositories with the first unit of work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from goodwill.domain.errors import GoodwillError
from goodwill.store.engine import create_private, make_engine, restrict_permissions, sqlite_path
from goodwill.store.schema import HEAD, REVISIONS, check_revision, current_revision

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine


@dataclass
class UnitOfWork:
    """The repositories of one transaction."""

    connection: Connection

    def __post_init__(self) -> None:
        from goodwill.store.ledger import LedgerRepository
        from goodwill.store.people import PeopleRepository
        from goodwill.store.plans import PlanRepository
        from goodwill.store.settings import SettingsRepository
        from goodwill.store.stats import StatsRepository

        self.people = PeopleRepository(self.connection)
        self.ledger = LedgerRepository(self.connection)
        self.plans = PlanRepository(self.connection)
        self.stats = StatsRepository(self.connection)
        self.settings = SettingsRepository(self.connection)


#: The PostgreSQL advisory lock that write transactions hold (any fixed number will do).
WRITE_LOCK = 0x60_0D_17_11


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._checked = False
        self.backed_up_to: Path | None = None

    @property
    def where(self) -> str:
        path = sqlite_path(self.url)
        return str(path) if path is not None else self.url.split("@")[-1]

    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.url)
        return self._engine

    def exists(self) -> bool:
        path = sqlite_path(self.url)
        if path is not None:
            return path.exists()
        return True

    def _ensure_current(self) -> None:
        if self._checked:
            return
        if not self.exists():
            raise GoodwillError(f"no goodwill database at {self.where}: run `goodwill init` first")
        with self.engine().connect() as connection:
            check_revision(current_revision(connection), self.where)
        self._checked = True

    def revision(self) -> str | None:
        if not self.exists():
            return None
        with self.engine().connect() as connection:
            return current_revision(connection)

    def initialise(self, *, backup: bool = True) -> bool:
        """Create or upgrade the schema; True when anything changed.

        Before upgrading a SQLite file that holds data, a copy of it is kept beside
        it (`backed_up_to` says where), so an upgrade can always be walked back.
        """
        path = sqlite_path(self.url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            create_private(path)
        before = self.revision()
        if before is not None and before not in REVISIONS:
            check_revision(before, self.where)  # from a newer goodwill: left untouched
        if path is not None:
            restrict_permissions(path)
        if before == HEAD:
            return False
        from goodwill.store.migrate import upgrade

        if backup and path is not None and before is not None:
            self.backed_up_to = _copy_before_upgrade(path, before)
        upgrade(self.engine())
        if path is not None:
            restrict_permissions(path)
        self._checked = True
        return True

    @contextmanager
    def write(self) -> Iterator[UnitOfWork]:
        """A transaction that commits when the block ends cleanly, else rolls back."""
        self._ensure_current()
        with self.engine().connect() as connection:
            connection.execution_options(sqlite_begin="IMMEDIATE")
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    # Writers take turns, as SQLite's BEGIN IMMEDIATE makes them: each
                    # write reads a person's state and writes it back, which two
                    # concurrent transactions would otherwise both base on the old state.
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
                yield UnitOfWork(connection)

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        """A consistent snapshot for a read; it is rolled back, so a read never writes."""
        self._ensure_current()
        with self.engine().connect() as connection, connection.begin() as transaction:
            try:
                yield UnitOfWork(connection)
            finally:
                transaction.rollback()

    def compact(self) -> None:
        """Rewrite the database so deleted data leaves no trace in the file (VACUUM), and
        empty SQLite's write-ahead log into it. Runs outside any transaction."""
        engine = self.engine()
        if engine.dialect.name == "sqlite":
            raw = engine.raw_connection()
            try:
                # FTS5 keeps deleted words in old index segments until they are merged.
                raw.driver_connection.execute(  # type: ignore[union-attr]
                    "INSERT INTO search_fts(search_fts) VALUES ('optimize')"
                )
                raw.driver_connection.commit()  # type: ignore[union-attr]
                raw.driver_connection.execute("VACUUM")  # type: ignore[union-attr]
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
            finally:
                raw.close()
            return
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM")

    def remove_sqlite_files(self) -> None:
        """Delete a SQLite database with its WAL files (the demo starts afresh)."""
        path = sqlite_path(self.url)
        if path is None:
            raise GoodwillError("only a SQLite database file can be replaced")
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        self._checked = False

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def _copy_before_upgrade(path: Path, revision: str) -> Path:
    """A consistent copy (SQLite's online backup) named after the schema it holds."""
    import sqlite3

    target = path.with_name(f"{path.name}.schema-{revision}.bak")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.schema-{revision}.{number}.bak")
    create_private(target)
    source, copy = sqlite3.connect(path), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return target
