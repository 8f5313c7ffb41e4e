"""The server's clock for reminders: once a minute, each owner's digest goes out if due.

Whether a digest is due, and recording that it went, is the digest service's job (one
transaction, so two servers never both send); this only wakes it up. A day missed while
the server was down is caught up once, not once per missed day.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool

from goodwill.config import DigestSettings
from goodwill.domain.errors import GoodwillError
from goodwill.services.context import Context
from goodwill.web.auth import Gate

if TYPE_CHECKING:
    from goodwill.services.accounts import UserView

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

        contexts: list[tuple[str, Context]]
        if self.gate.multi_user:
            contexts = [
                (user.username, self._member_context(user))
                for user in accounts.list_users(self.gate.base)
                if user.digest_email
            ]
        else:
            contexts = [("you", self.gate.base)]
        sent = 0
        for who, ctx in contexts:
            try:
                if digest.send_if_due(ctx, now) is not None:
                    sent += 1
            except GoodwillError as error:  # a bad SMTP setting must not stop the others
                log.warning("digest for %s not sent: %s", who, error)
        return sent

    def _member_context(self, user: UserView) -> Context:
        """A team member's context with their own address, hour and time zone; the mail
        server and the snooze links' address are the server's."""
        ctx = self.gate.owner_context(user.id)
        server = ctx.config.digest
        own = DigestSettings(
            to=user.digest_email,
            hour=server.hour if user.digest_hour is None else user.digest_hour,
            time_zone=user.time_zone or server.time_zone,
            server_url=server.server_url,
        )
        return replace(ctx, config=replace(ctx.config, digest=own))
