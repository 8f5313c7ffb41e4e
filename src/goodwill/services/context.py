"""What every use case needs: the settings, the database and a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from goodwill.config import Config
from goodwill.domain.errors import BadInput
from goodwill.services.cache import ReadCache
from goodwill.store.database import Database, UnitOfWork

HALF_LIFE_KEY = "half_life_days"
#: Person pages kept per context: a session's browsing, a few megabytes at most.
PAGES_KEPT = 256


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass
class Context:
    config: Config
    db: Database
    clock: Callable[[], datetime] = field(default=_now)
    #: What day it really is, when `clock` acts as another (`goodwill serve --on`): the
    #: pages show that day, but nothing may be recorded as done after the real one.
    real_clock: Callable[[], datetime] | None = None
    #: Reads worth keeping while nothing is written (the server's plan pages).
    cache: ReadCache = field(default_factory=ReadCache, repr=False, compare=False)
    #: Person pages, apart from the plan's answers so that browsing never evicts those.
    pages: ReadCache = field(
        default_factory=lambda: ReadCache(PAGES_KEPT), repr=False, compare=False
    )

    def for_owner(self, owner_id: int) -> Context:
        """The same settings and clock over one account's namespace (see `store.database`)."""
        return Context(self.config, self.db.for_owner(owner_id), self.clock, self.real_clock)

    def with_config(self, config: Config) -> Context:
        """This context under other settings, its kept answers dropped: they were made
        with the old ones (a draft's signature, the plan's size)."""
        return Context(config, self.db, self.clock, self.real_clock)

    def today(self) -> date:
        return self.clock().date()

    def real_today(self) -> date:
        """The day it really is, even when the app acts as another (`serve --on`)."""
        return (self.real_clock or self.clock)().date()

    def happened(self, on: date | None, why: str) -> date:
        """The day `on` (today when None) that something was done, refused when it has not
        come yet; `why` ends the message ("2026-07-02 is in the future: {why}"). Every
        use case that records what happened asks here, so the CLI, the pages and the API
        refuse the same days, by the real date even when the app acts as another day."""
        day = on or self.today()
        if day > self.real_today():
            raise BadInput(f"{day.isoformat()} is in the future: {why}", field="on")
        return day

    def half_life(self, uow: UnitOfWork) -> float:
        """The half-life the stored balances were computed with (`reindex` changes it)."""
        stored = uow.settings.get(HALF_LIFE_KEY)
        return float(stored) if stored is not None else self.config.half_life_days
