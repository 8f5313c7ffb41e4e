"""Create or upgrade a database with the Alembic migrations shipped in the package."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def upgrade(engine: Engine, revision: str = "head", *, schema: str | None = None) -> None:
    """Run the migrations up to `revision` in one transaction.

    With `schema` (PostgreSQL), they run inside that schema, created when missing: with the
    search path on it alone, every table, sequence, index and `alembic_version` lands there.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        if schema is not None:
            connection.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            connection.exec_driver_sql(f"SET LOCAL search_path TO {schema}")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
