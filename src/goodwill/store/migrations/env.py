"""Alembic environment: migrations run on the connection goodwill hands in."""

from alembic import context

from goodwill.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("goodwill migrations run through goodwill.store.migrate.upgrade")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
