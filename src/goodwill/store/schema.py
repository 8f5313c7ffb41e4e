"""Which schema revisions this version of goodwill knows, and checks against a database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from goodwill.domain.errors import GoodwillError

if TYPE_CHECKING:
    from sqlalchemy import Connection

#: Alembic revisions in order; the last is the head. A test keeps this equal
#: to the migration scripts, so that opening a database needs no Alembic import.
REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
    "0014",
    "0015",
    "0016",
    "0017",
    "0018",
    "0019",
    "0020",
)
HEAD = REVISIONS[-1]


#: Whether `alembic_version` exists where an unqualified name finds it, per dialect: one
#: catalogue query, run before every command's first query. SQLAlchemy's
#: `inspect(connection).has_table` answers the same through an inspector and its reflection
#: cache (about 0.7 ms against 0.3 ms on SQLite). A failed `SELECT` would need a SAVEPOINT
#: on PostgreSQL, and could not tell a missing table from another error without parsing it.
_VERSION_TABLE_EXISTS = {
    "sqlite": "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'",
    "postgresql": "SELECT 1 WHERE to_regclass('alembic_version') IS NOT NULL",
}


def _has_version_table(connection: Connection) -> bool:
    from sqlalchemy import text

    query = _VERSION_TABLE_EXISTS.get(connection.dialect.name)
    if query is None:
        from sqlalchemy import inspect

        return inspect(connection).has_table("alembic_version")
    return connection.execute(text(query)).first() is not None


def current_revision(connection: Connection) -> str | None:
    """The database's schema revision; None when it has none (not a goodwill database)."""
    from sqlalchemy import text

    if not _has_version_table(connection):
        return None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def check_revision(revision: str | None, where: str) -> None:
    """Refuse a database that is missing, newer than this goodwill, or not yet upgraded."""
    if revision is None:
        raise GoodwillError(f"no goodwill database at {where}: run `goodwill init` first")
    if revision not in REVISIONS:
        raise GoodwillError(
            f"the database at {where} has schema {revision}, newer than this goodwill knows "
            f"({HEAD}): upgrade goodwill to open it"
        )
    if revision != HEAD:
        raise GoodwillError(
            f"the database at {where} has schema {revision}: run `goodwill init` to upgrade it"
        )
