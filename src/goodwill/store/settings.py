"""Settings that belong to a database rather than to a user's config file."""

from __future__ import annotations

from goodwill.store.sql import Repository

#: The settings key counting write transactions (see `services.cache`).
GENERATION_KEY = "write_generation"
#: The settings key of the secret that signs snooze links (see `services.link_secret`).
LINK_SECRET_KEY = "link_secret"
#: The settings key of the addresses and chat names an import was told are mine (`--me`),
#: one a line: `brief` keeps them out of the topics, as the config's.
IMPORT_ME_KEY = "import_me"
#: How many such addresses are kept, the newest.
IMPORT_ME_KEPT = 50
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

    def import_me(self) -> tuple[str, ...]:
        """The addresses and names imports were told are mine (`--me`), oldest first."""
        return tuple((self.get(IMPORT_ME_KEY) or "").splitlines())

    def remember_import_me(self, mine: tuple[str, ...]) -> None:
        """Add addresses an import was told are mine to those remembered."""
        known = self.import_me()
        fresh = [value for value in dict.fromkeys(mine) if value and value not in known]
        if fresh:
            kept = [*known, *fresh][-IMPORT_ME_KEPT:]
            self.put(IMPORT_ME_KEY, "\n".join(kept))

    def generation(self) -> int:
        """How many write transactions this database has committed (since it counted)."""
        value = self.get(GENERATION_KEY)
        return 0 if value is None else int(value)

    def bump_generation(self) -> None:
        self.sql.run(_BUMP, {"key": GENERATION_KEY})
