"""The schema check before the first query asks the catalogue directly, on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from goodwill.domain.errors import GoodwillError
from goodwill.store.database import Database
from goodwill.store.schema import HEAD, current_revision
from goodwill.store.sql import AlchemySql


def test_an_empty_database_is_not_a_goodwill_database(db_url: str) -> None:
    database = Database(db_url)
    with database.engine().begin() as connection:
        connection.execute(text("CREATE TABLE unrelated (id INTEGER)"))
    try:
        with pytest.raises(GoodwillError, match="run `goodwill init` first"), database.read():
            pass
        with database.engine().connect() as connection:
            assert current_revision(AlchemySql(connection)) is None
            assert not inspect(connection).has_table("alembic_version")
        assert database.initialise()
        with database.engine().connect() as connection:
            assert current_revision(AlchemySql(connection)) == HEAD
            assert inspect(connection).has_table("alembic_version")
        with database.read():
            pass
    finally:
        database.dispose()
