"""Settings that belong to a database rather than to a user's config file."""

from __future__ import annotations

from goodwill.store.sql import Repository

#: The settings key counting write transactions (see `services.cache`).
GENERATION_KEY = "write_generation"
#: The settings key of the secret that signs snooze links (see `services.link_secret`).
LINK_SECRET_KEY = "link_secret"
#: One statement on both backends: SQLite and PostgreSQL share the upsert syntax.
_BUMP = (
    "INSERT INTO settings (key, value) VALUES (:key, '1') "
    "ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT)"
)


class SettingsRepository(Repository):
    def get(self, key: str) -> str | None:
        value = self.sql.scalar("SELECT value FROM settings WHERE key = :key", {"key": key})
        return None if value is None else str(value)

    def put(self, key: str, value: str) -> None:
        self.remove(key)
        self.sql.run(
            "INSERT INTO settings (key, value) VALUES (:key, :value)", {"key": key, "value": value}
        )

    def remove(self, key: str) -> None:
        self.sql.run("DELETE FROM settings WHERE key = :key", {"key": key})

    def generation(self) -> int:
        """How many write transactions this database has committed (since it counted)."""
        value = self.get(GENERATION_KEY)
        return 0 if value is None else int(value)

    def bump_generation(self) -> None:
        self.sql.run(_BUMP, {"key": GENERATION_KEY})
