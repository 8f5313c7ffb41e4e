"""The server's clock for reminders: once a minute, each owner's digest goes out if due.

Whether a digest is due, and recording that it went, is the digest service's job (one
transaction, so two servers never both send); this only wakes it up. A day missed while
the server was down is caught up once, not once per missed day.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from starlette.concurrency import run_in_threadpool

from goodwill.domain.errors import GoodwillError
from goodwill.web.auth import Gate

log = logging.getLogger("goodwill.digest")
TICK_SECONDS = 60


class DigestScheduler:
    def __init__(self, gate: Gate, tick: float = TICK_SECONDS) -> None:
        self.gate = gate
        self.tick = tick
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="goodwill-digests")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await run_in_threadpool(self.send_due, datetime.now(UTC))
            await asyncio.sleep(self.tick)

    def send_due(self, now: datetime) -> int:
        """Send every digest that is due at `now`; the number sent."""
        from goodwill.services import accounts, digest

        owners: list[int | None]
        if self.gate.multi_user:
            owners = [user["id"] for user in accounts.list_users(self.gate.base)]
        else:
            owners = [None]
        sent = 0
        for owner in owners:
            try:
                if digest.send_if_due(self.gate.owner_context(owner), now) is not None:
                    sent += 1
            except GoodwillError as error:  # a bad SMTP setting must not stop the others
                log.warning("digest for %s not sent: %s", owner or "you", error)
        return sent
