"""A database and its units of work: one transaction each, all or nothing.

Making a `Database` imports neither SQLAlchemy nor the repositories: every CLI process makes
one before it knows whether the command will touch it (`goodwill today --help` does not).
They load on the first connection, and the repositories with the first unit of work.

On a team server each account (an *owner*) keeps its network in a namespace of its own,
with the same tables, so that every query of every repository is scoped to one owner by
construction: a schema `owner_<id>` on PostgreSQL, whose transactions start by pointing
`search_path` at it alone; a file `owner-<id>.db` in the directory `<main file>.owners`
on SQLite. The main namespace (`owner` None) is the single local user's data, and holds
the team's accounts.
"""

from __future__ import annotations

import functools
import glob
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from goodwill.domain.errors import Busy, DatabaseFailed, GoodwillError, ValueRefused
from goodwill.store.engine import (
    SQLITE_BUSY_TIMEOUT_MS,
    backend_name,
    create_private,
    make_engine,
    open_sqlite,
    restrict_permissions,
    sqlite_path,
)
from goodwill.store.schema import HEAD, REVISIONS, check_revision, current_revision
from goodwill.store.sql import AlchemySql, Link, Sql, SqliteSql

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine, RootTransaction

    from goodwill.store.accounts import AccountRepository
    from goodwill.store.bulk_load import BulkLoad
    from goodwill.store.campaigns import CampaignRepository
    from goodwill.store.cards import CardRepository
    from goodwill.store.dump import DumpRepository
    from goodwill.store.edges import EdgeRepository
    from goodwill.store.events import EventRepository
    from goodwill.store.matching import MatchRepository
    from goodwill.store.occasions import OccasionRepository
    from goodwill.store.onboarding import OnboardingRepository
    from goodwill.store.search import SearchRepository
    from goodwill.store.team import TeamRepository
    from goodwill.store.triage import TriageRepository


class _Committed:
    """How many writes this process has committed that a command asked for: a write that
    does not wait (a day with nothing to do, kept on the side of a view) is not one. The
    command line reads it when its output fails, to say that the change was saved all the
    same rather than have it made twice."""

    count = 0


def writes_committed() -> int:
    """The writes a command asked for that this process has committed (`_Committed`)."""
    return _Committed.count


@contextmanager
def _store_errors() -> Iterator[None]:
    """The driver's errors as goodwill's own, so no layer above the store knows SQLAlchemy
    or SQLite's own module (which direct mode, `compact` and `copy_to` use)."""
    try:
        yield
    except sqlite3.DataError as error:
        raise ValueRefused(f"the database cannot store this value: {_first_line(error)}") from error
    except sqlite3.Error as error:
        raise DatabaseFailed(f"database error: {_first_line(error)}") from error
    except OverflowError as error:  # sqlite3's: a whole number past 64 bits
        largest = f"{2**63 - 1:,}"
        raise ValueRefused(f"the database cannot store a number larger than {largest}") from error
    except Exception as error:
        # Only a process that loaded SQLAlchemy can have an error of its own.
        alchemy = sys.modules.get("sqlalchemy.exc")
        if alchemy is None:
            raise
        if isinstance(error, alchemy.DataError):
            message = f"the database cannot store this value: {_first_line(error)}"
            raise ValueRefused(message) from error
        if isinstance(error, alchemy.DBAPIError):
            raise DatabaseFailed(f"database error: {_first_line(error)}") from error
        raise


def _first_line(error: Exception) -> str:
    orig = getattr(error, "orig", None)
    return str(orig or error).strip().splitlines()[0]


P = ParamSpec("P")
R = TypeVar("R")


def _translated(method: Callable[P, R]) -> Callable[P, R]:
    """`method` with the driver's errors as goodwill's own (see `_store_errors`)."""

    @functools.wraps(method)
    def translated(*args: P.args, **kwargs: P.kwargs) -> R:
        with _store_errors():
            return method(*args, **kwargs)

    return translated


class UnitOfWork:
    """The repositories of one transaction: the only way services reach the database.

    The five every command uses are made with it; the others when first asked for.
    """

    def __init__(self, link: Link) -> None:
        from goodwill.store.ledger import LedgerRepository
        from goodwill.store.people import PeopleRepository
        from goodwill.store.plans import PlanRepository
        from goodwill.store.settings import SettingsRepository
        from goodwill.store.stats import StatsRepository

        self.link = link
        self.people = PeopleRepository(link)
        self.ledger = LedgerRepository(link)
        self.plans = PlanRepository(link)
        self.stats = StatsRepository(link)
        self.settings = SettingsRepository(link)

    @property
    def connection(self) -> Connection:
        """SQLAlchemy's connection in this transaction (made on first use)."""
        return self.link.connection

    @cached_property
    def accounts(self) -> AccountRepository:
        """The team's accounts, sessions and tokens (meaningful in the main namespace)."""
        from goodwill.store.accounts import AccountRepository

        return AccountRepository(self.link)

    @cached_property
    def team(self) -> TeamRepository:
        """What this namespace shows colleagues who ask who knows someone at a company."""
        from goodwill.store.team import TeamRepository

        return TeamRepository(self.link)

    @cached_property
    def campaigns(self) -> CampaignRepository:
        """Campaigns, their members and stages."""
        from goodwill.store.campaigns import CampaignRepository

        return CampaignRepository(self.link)

    @cached_property
    def edges(self) -> EdgeRepository:
        """Ties between people: introductions, colleagues, events, group chats."""
        from goodwill.store.edges import EdgeRepository

        return EdgeRepository(self.link)

    @cached_property
    def search(self) -> SearchRepository:
        """The full-text documents behind `help` and fuzzy names."""
        from goodwill.store.search import SearchRepository

        return SearchRepository(self.link)

    @cached_property
    def events(self) -> EventRepository:
        """Events and whom you met there."""
        from goodwill.store.events import EventRepository

        return EventRepository(self.link)

    @cached_property
    def triage(self) -> TriageRepository:
        """Invitations waiting to be accepted or ignored."""
        from goodwill.store.triage import TriageRepository

        return TriageRepository(self.link)

    @cached_property
    def cards(self) -> CardRepository:
        """The address-book cards a two-way sync keeps in step."""
        from goodwill.store.cards import CardRepository

        return CardRepository(self.link)

    @cached_property
    def bulk_load(self) -> BulkLoad:
        """A large import's indexes set aside and built again at its end (SQLite)."""
        from goodwill.store.bulk_load import BulkLoad

        return BulkLoad(self.link)

    @cached_property
    def matches(self) -> MatchRepository:
        """Finding known people by email, phone and profile link."""
        from goodwill.store.matching import MatchRepository

        return MatchRepository(self.link)

    @cached_property
    def occasions(self) -> OccasionRepository:
        """Occasions: new roles, anniversaries, welcomes."""
        from goodwill.store.occasions import OccasionRepository

        return OccasionRepository(self.link)

    @cached_property
    def onboarding(self) -> OnboardingRepository:
        """What choosing circles reads: candidates and counts."""
        from goodwill.store.onboarding import OnboardingRepository

        return OnboardingRepository(self.link)

    @cached_property
    def dump(self) -> DumpRepository:
        """Every table, row by row: the JSON backup and restore."""
        from goodwill.store.dump import DumpRepository

        return DumpRepository(self.link)

    def reassign(self, from_id: int, to_id: int) -> None:
        """Point everything that refers to one person at another (a merge)."""
        from goodwill.store.reassign import reassign

        reassign(self.connection, from_id, to_id)


#: How long a SQLite writer waits for the write lock in all, busy timeouts included.
WRITE_WAIT_SECONDS = 120.0

#: The PostgreSQL advisory lock that write transactions hold (any fixed number that fits
#: in 32 bits will do), together with their owner's id (0 for the main namespace): writers
#: of one namespace take turns, and owners never wait for one another.
WRITE_LOCK = 0x60_0D_17_11


def owner_schema(owner_id: int) -> str:
    """The PostgreSQL schema of an owner's data."""
    return f"owner_{owner_id}"


def owners_directory(main_file: Path) -> Path:
    """Where SQLite keeps the owners' files: beside the main file."""
    return main_file.with_name(main_file.name + ".owners")


class Database:
    """A database and its namespaces; `read` and `write` give its units of work.

    A SQLite file opened `direct` (the CLI's way) runs each unit of work on one connection
    of SQLite's own driver, begun and committed here; SQLAlchemy loads, on top of that same
    connection, only when a statement needs it. Every other case, and any thread but the
    one that made the database (a server's workers), goes through SQLAlchemy's engine and
    its pool.
    """

    def __init__(
        self,
        url: str,
        *,
        owner: int | None = None,
        main: Database | None = None,
        direct: bool = False,
    ) -> None:
        self.url = url
        #: The account whose namespace this is; None for the main namespace.
        self.owner = owner
        self._main = main
        #: PostgreSQL owners share the main engine (and its pool); SQLite owners have a file.
        self._shares_engine = main is not None and sqlite_path(url) is None
        self._owners: dict[int, Database] = {}
        self._owners_lock = threading.Lock()
        self._engine: Engine | None = None
        self._checked = False
        self.backed_up_to: Path | None = None
        self._direct_file = sqlite_path(url) if direct and main is None else None
        self._direct_thread = threading.get_ident()
        self._raw: sqlite3.Connection | None = None
        self._raw_engine: Engine | None = None

    @property
    def where(self) -> str:
        path = sqlite_path(self.url)
        if path is not None:
            return str(path)
        server = self.url.split("@")[-1]
        return server if self.owner is None else f"{server} schema {owner_schema(self.owner)}"

    @property
    def file(self) -> Path | None:
        """The SQLite file, or None for a server (PostgreSQL) or a memory database."""
        return sqlite_path(self.url)

    @property
    def main(self) -> Database:
        """The main namespace: the single user's data and the team's accounts."""
        return self if self._main is None else self._main

    def for_owner(self, owner_id: int) -> Database:
        """The namespace of one account's data (made once, then reused)."""
        main = self.main
        if main is not self:
            return main.for_owner(owner_id)
        if isinstance(owner_id, bool) or not isinstance(owner_id, int) or owner_id < 1:
            raise ValueError(f"an owner is an account id, not {owner_id!r}")
        with self._owners_lock:
            namespace = self._owners.get(owner_id)
            if namespace is None:
                namespace = Database(self._owner_url(owner_id), owner=owner_id, main=self)
                self._owners[owner_id] = namespace
        return namespace

    def _owner_url(self, owner_id: int) -> str:
        path = sqlite_path(self.url)
        if path is not None:
            return f"sqlite:///{owners_directory(path) / f'owner-{owner_id}.db'}"
        if backend_name(self.url) == "sqlite":
            raise GoodwillError("accounts need a database file or PostgreSQL, not a memory one")
        return self.url

    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = self.main.engine() if self._shares_engine else make_engine(self.url)
        return self._engine

    def _enter(self, connection: Connection) -> None:
        """Point a PostgreSQL transaction at this owner's schema, and nothing else: a table
        missing there must fail, never fall through to another namespace. `SET LOCAL` ends
        with the transaction, so a pooled connection carries nothing to its next user."""
        if self.owner is not None and connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SET LOCAL search_path TO {owner_schema(self.owner)}")

    def exists(self) -> bool:
        path = sqlite_path(self.url)
        if path is not None:
            return path.exists()
        return True

    @_translated
    def _ensure_current(self) -> None:
        if self._checked:
            return
        if not self.exists():
            raise GoodwillError(f"no goodwill database at {self.where}: run `goodwill init` first")
        if self._is_direct():
            check_revision(current_revision(SqliteSql(self._raw_connection())), self.where)
        else:
            with self.engine().connect() as connection:
                self._enter(connection)
                check_revision(current_revision(_sql_of(connection)), self.where)
        self._checked = True

    @_translated
    def revision(self) -> str | None:
        if not self.exists():
            return None
        with self.engine().connect() as connection:
            self._enter(connection)
            return current_revision(_sql_of(connection))

    @_translated
    def initialise(self, *, backup: bool = True) -> bool:
        """Create or upgrade the schema; True when anything changed.

        Before upgrading a SQLite file that holds data, a copy of it is kept beside
        it (`backed_up_to` says where), so an upgrade can always be walked back. An owner's
        namespace is created when missing (its schema on PostgreSQL, its file on SQLite).
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
        schema = None if self.owner is None or path is not None else owner_schema(self.owner)
        upgrade(self.engine(), schema=schema)
        if path is not None:
            restrict_permissions(path)
        self._checked = True
        return True

    def create_namespace(self) -> None:
        """A new, empty namespace for this owner. Whatever was left under its id before (a
        main database recreated beside an old owners directory) is dropped, not inherited."""
        self._drop_namespace()
        self.initialise(backup=False)

    def remove_namespace(self) -> None:
        """Delete this owner's namespace with everything in it: the schema, or the file with
        its WAL and any copies kept before upgrades. Nothing is left to recover."""
        self._drop_namespace()
        self.main.forget_owner(self.owner or 0)

    @_translated
    def _drop_namespace(self) -> None:
        if self.owner is None:
            raise GoodwillError("the main namespace is never removed")
        self.dispose()
        self._checked = False
        path = sqlite_path(self.url)
        if path is not None:
            for leftover in path.parent.glob(f"{path.name}*"):
                leftover.unlink()
            return
        with self.engine().begin() as connection:
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK}, {self.owner})")
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {owner_schema(self.owner)} CASCADE")

    def forget_owner(self, owner_id: int) -> None:
        """Close an owner namespace's connections and make the next `for_owner` afresh."""
        with self._owners_lock:
            namespace = self._owners.pop(owner_id, None)
        if namespace is not None:
            namespace.dispose()

    @contextmanager
    def write(self, *, wait: bool = True) -> Iterator[UnitOfWork]:
        """A transaction that commits when the block ends cleanly, else rolls back.

        Without `wait`, a write another writer holds the lock for is not waited for: it
        raises `Busy` at once (for what a read may keep on the side, and may skip).
        """
        self._ensure_current()
        if self._is_direct():
            with _store_errors(), self._direct_unit(writing=True, wait=wait) as unit:
                yield unit
                # Counted last, so a cached read made before this commit is stale after it.
                unit.settings.bump_generation()
        else:
            with self._engine_write(wait) as unit:
                yield unit
        if wait:
            _Committed.count += 1

    @contextmanager
    def _engine_write(self, wait: bool) -> Iterator[UnitOfWork]:
        """`write` through SQLAlchemy: committed when the block ends cleanly."""
        with _store_errors(), self.engine().connect() as connection:
            connection.execution_options(sqlite_begin="IMMEDIATE")
            sqlite = connection.dialect.name == "sqlite"
            with _no_busy_wait(connection) if sqlite and not wait else nullcontext():
                began = _begin_writing(connection, wait=wait)
            with began:
                if connection.dialect.name == "postgresql":
                    self._enter(connection)
                    # Writers take turns, as SQLite's BEGIN IMMEDIATE makes them: each
                    # write reads a person's state and writes it back, which two
                    # concurrent transactions would otherwise both base on the old state.
                    lock = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
                    taken = connection.exec_driver_sql(
                        f"SELECT {lock}({WRITE_LOCK}, {self.owner or 0})"
                    ).scalar()
                    if taken is False:
                        raise Busy("another write holds the database")
                unit = UnitOfWork(_link_of(connection))
                yield unit
                unit.settings.bump_generation()

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        """A consistent snapshot for a read; it is rolled back, so a read never writes."""
        self._ensure_current()
        if self._is_direct():
            with _store_errors(), self._direct_unit(writing=False) as unit:
                yield unit
            return
        with (
            _store_errors(),
            self.engine().connect() as connection,
            connection.begin() as transaction,
        ):
            try:
                self._enter(connection)
                yield UnitOfWork(_link_of(connection))
            finally:
                transaction.rollback()

    def _is_direct(self) -> bool:
        """Whether this unit goes on the direct connection: in its own thread, and unless
        a unit is already open on it (one begun inside another gets a connection of its
        own, as from the pool)."""
        return (
            self._direct_file is not None
            and threading.get_ident() == self._direct_thread
            and not (self._raw is not None and self._raw.in_transaction)
        )

    def _raw_connection(self) -> sqlite3.Connection:
        if self._raw is None:
            assert self._direct_file is not None
            self._raw = open_sqlite(self._direct_file)
        return self._raw

    @contextmanager
    def _direct_unit(self, *, writing: bool, wait: bool = True) -> Iterator[UnitOfWork]:
        """One transaction on the direct connection: committed when a write's block ends
        cleanly, otherwise rolled back (a read always is)."""
        raw = self._raw_connection()
        if wait:
            _begin_raw(raw, "IMMEDIATE" if writing else "DEFERRED")
        else:
            _begin_raw_at_once(raw)
        link = Link(SqliteSql(raw), self._alchemy_on_raw)
        try:
            yield UnitOfWork(link)
            if writing:
                raw.commit()
        finally:
            if raw.in_transaction:
                raw.rollback()
            # SQLAlchemy's connection, if a statement needed one, ends after the
            # transaction: its own rollback on closing then finds nothing to undo.
            if link.connected is not None:
                link.connected.close()

    def _alchemy_on_raw(self) -> Connection:
        """A SQLAlchemy connection over the direct connection, inside its transaction."""
        if self._raw_engine is None:
            self._raw_engine = _engine_lending(self._raw_connection())
        return self._raw_engine.connect()

    @_translated
    def copy_to(self, target: Path) -> int:
        """Copy the live SQLite database into `target` (a new, private file) with SQLite's
        online backup: one committed snapshot, WAL content included, while writers go on.
        The copy is a self-contained file, synced to disk; returns how many people it holds.
        """
        raw = self.engine().raw_connection()
        try:
            source = raw.driver_connection
            assert isinstance(source, sqlite3.Connection), "only a SQLite database is copied"
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
                # The copy inherits WAL mode; switching it back makes it one file.
                copy.execute("PRAGMA journal_mode=DELETE")
                people = int(copy.execute("SELECT count(*) FROM people").fetchone()[0])
            finally:
                copy.close()
        finally:
            raw.close()
        with target.open("rb") as handle:
            os.fsync(handle.fileno())
        return people

    def upgrade_copies(self) -> list[Path]:
        """The copies an upgrade kept beside the SQLite file (`NAME.schema-NNNN.bak`)."""
        path = sqlite_path(self.url)
        if path is None:
            return []
        return sorted(path.parent.glob(f"{glob.escape(path.name)}.schema-*.bak"))

    @_translated
    def compact(self) -> None:
        """Rewrite the database so deleted data leaves no trace in the file (VACUUM), and
        empty SQLite's write-ahead log into it. Runs outside any transaction."""
        engine = self.engine()
        if engine.dialect.name == "sqlite":
            raw = engine.raw_connection()
            try:
                from goodwill.store.search import FULL_TEXT_INDEXES

                # FTS5 keeps deleted words in old index segments until they are merged.
                for index in FULL_TEXT_INDEXES:
                    raw.driver_connection.execute(  # type: ignore[union-attr]
                        f"INSERT INTO {index}({index}) VALUES ('optimize')"
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
        """Close the connections (an owner sharing the main engine leaves it to the main)."""
        with self._owners_lock:
            namespaces = list(self._owners.values())
        for namespace in namespaces:
            namespace.dispose()
        if self._engine is not None:
            if not self._shares_engine:
                self._engine.dispose()
            self._engine = None
        if self._raw_engine is not None:
            self._raw_engine.dispose()
            self._raw_engine = None
        if self._raw is not None:
            self._raw.close()
            self._raw = None


class _Lent:
    """The direct connection as SQLAlchemy's pool holds it: everything but `close`, which
    stays with the database that opened it."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self._raw = raw

    def close(self) -> None:
        pass

    def __getattr__(self, name: str) -> object:
        return getattr(self._raw, name)


def _engine_lending(raw: sqlite3.Connection) -> Engine:
    """An engine whose every connection is `raw`, in whatever transaction `raw` is in.

    SQLAlchemy neither begins nor ends that transaction: SQLite's dialect begins nothing
    (only goodwill's engines add a BEGIN), returning a connection resets nothing, and the
    rollback with which an engine ends its first connection, after reading the dialect's
    settings, goes to a connection of its own to a memory database.
    """
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    connections = iter([sqlite3.connect(":memory:")])
    engine = create_engine(
        "sqlite://",
        creator=lambda: next(connections, None) or _Lent(raw),
        poolclass=NullPool,
        pool_reset_on_return=None,
    )
    engine.connect().close()
    return engine


def _sql_of(connection: Connection) -> Sql:
    """The statements of a SQLAlchemy connection's transaction: on SQLite, its own driver
    connection (the same transaction); elsewhere through SQLAlchemy."""
    if connection.dialect.name == "sqlite":
        driver = connection.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        return SqliteSql(driver)
    return AlchemySql(connection)


def _link_of(connection: Connection) -> Link:
    return Link(_sql_of(connection), lambda: connection)


def _begin_raw(raw: sqlite3.Connection, mode: str) -> None:
    """BEGIN on the direct connection, waiting for the write lock as `_begin_writing` does."""
    deadline = time.monotonic() + WRITE_WAIT_SECONDS
    while True:
        try:
            raw.execute(f"BEGIN {mode}")
            return
        except sqlite3.OperationalError as error:
            if "database is locked" not in str(error) or time.monotonic() > deadline:
                raise


def _begin_raw_at_once(raw: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE on the direct connection, or `Busy` when another writer holds the
    lock: no busy wait."""
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        raw.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if "database is locked" in str(error):
            raise Busy("another write holds the database") from None
        raise
    finally:
        raw.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")


@contextmanager
def _no_busy_wait(connection: Connection) -> Iterator[None]:
    """SQLite's busy timeout off while a write begins on this connection."""
    driver = connection.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    driver.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")


def _begin_writing(connection: Connection, *, wait: bool = True) -> RootTransaction:
    """Begin a write transaction; on SQLite, wait for the write lock as long as it takes.

    SQLite's busy timeout makes BEGIN IMMEDIATE wait for another writer, but it polls with
    growing sleeps rather than queueing: with several busy writers, one can lose every
    round until the timeout says "database is locked". Nothing has been read or written
    yet at that point, so beginning again is safe; it gives up only after WRITE_WAIT_SECONDS.
    """
    from sqlalchemy.exc import OperationalError

    deadline = time.monotonic() + WRITE_WAIT_SECONDS
    while True:
        try:
            return connection.begin()
        except OperationalError as error:
            locked = "database is locked" in str(error.orig)
            if locked and not wait:
                connection.rollback()
                raise Busy("another write holds the database") from None
            if not locked or connection.dialect.name != "sqlite" or time.monotonic() > deadline:
                raise
            connection.rollback()


def _copy_before_upgrade(path: Path, revision: str) -> Path:
    """A consistent copy (SQLite's online backup) named after the schema it holds."""
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
