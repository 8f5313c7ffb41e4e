"""Settings that belong to a database rather than to a user's config file."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from goodwill.store.tables import settings


class SettingsRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, key: str) -> str | None:
        value = self.connection.execute(
            select(settings.c.value).where(settings.c.key == key)
        ).scalar()
        return None if value is None else str(value)

    def put(self, key: str, value: str) -> None:
        self.connection.execute(delete(settings).where(settings.c.key == key))
        self.connection.execute(insert(settings).values(key=key, value=value))

    def remove(self, key: str) -> None:
        self.connection.execute(delete(settings).where(settings.c.key == key))
