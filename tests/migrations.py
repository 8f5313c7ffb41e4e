"""Running the Alembic migrations both ways on a namespace, as the tests of schemas need."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from goodwill.store.database import Database, owner_schema
from goodwill.store.migrate import MIGRATIONS_DIR


def migrate(db: Database, direction: str, revision: str) -> None:
    """`direction` "upgrade" or "downgrade" to `revision`, in `db`'s own namespace."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.engine().begin() as connection:
        if db.owner is not None and connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SET LOCAL search_path TO {owner_schema(db.owner)}")
        config.attributes["connection"] = connection
        getattr(command, direction)(config, revision)
