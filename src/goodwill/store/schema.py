"""Which schema revisions this version of goodwill knows, and checks against a database."""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text

from goodwill.domain.errors import GoodwillError

#: Alembic revisions in order; the last is the head. A test keeps this equal
#: to the migration scripts, so that opening a database needs no Alembic import.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003")
HEAD = REVISIONS[-1]


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
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
