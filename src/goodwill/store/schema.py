"""Which schema revisions this version of goodwill knows, and checks against a database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from goodwill.domain.errors import GoodwillError

if TYPE_CHECKING:
    from goodwill.store.sql import Sql

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
    "0021",
    "0022",
    "0023",
    "0024",
    "0025",
    "0026",
    "0027",
    "0028",
    "0029",
)
HEAD = REVISIONS[-1]


#: Whether `alembic_version` exists where an unqualified name finds it, per dialect: one
#: catalogue query, run before every command's first query. A failed `SELECT` would need a
#: SAVEPOINT on PostgreSQL, and could not tell a missing table from another error without
#: parsing it.
_VERSION_TABLE_EXISTS = {
    "sqlite": "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'",
    "postgresql": "SELECT 1 WHERE to_regclass('alembic_version') IS NOT NULL",
}


def current_revision(sql: Sql) -> str | None:
    """The database's schema revision; None when it has none (not a goodwill database)."""
    if sql.first(_VERSION_TABLE_EXISTS[sql.dialect]) is None:
        return None
    value = sql.scalar("SELECT version_num FROM alembic_version")
    return None if value is None else str(value)


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
