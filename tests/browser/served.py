"""A real `goodwill serve` process on a free loopback port, over a SQLite database of its own.

The server is the console script a user runs, started as a subprocess; the test process opens
the same database through the services to seed people (SQLite lets both use the file at once).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from goodwill.bootstrap import build_context
from goodwill.domain.model import Tier
from goodwill.services import admin, ledger, people
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges

#: The console script installed beside this interpreter: the command a user runs.
GOODWILL = Path(sys.executable).with_name("goodwill")
#: A loaded machine running the suite in parallel can take a while to import the web stack.
STARTUP_SECONDS = 60
#: Another process may take the free port between our look and the server's bind.
BIND_ATTEMPTS = 3


@dataclass
class Server:
    url: str
    db: Path
    #: The server's environment (private data and config directories), for CLI runs.
    env: dict[str, str]
    #: The same database from the test's side, to seed it.
    ctx: Context
    process: subprocess.Popen[bytes] | None = None

    def stop(self) -> None:
        """Stop the server now, as a lost connection would (the block still cleans up)."""
        if self.process is not None:
            _stop(self.process)

    def add(self, name: str, *, anyway: bool = False, **changes: Any) -> int:
        """Add someone; `anyway` adds a name near-identical to one already there."""
        person = people.add_person(self.ctx, PersonChanges(name=name, **changes), anyway=anyway)
        return person.id

    def add_due(self, *names: str, company: str | None = None) -> list[int]:
        """Active people last heard from 400 days ago: overdue, so Today picks them. Each
        works at a company of their own unless told: the plan never takes two at one."""
        ids = [
            self.add(name, tier=Tier.ACTIVE, company=company or f"{name.split()[-1]} & Co")
            for name in names
        ]
        long_ago = self.ctx.today() - timedelta(days=400)
        for person in ids:
            ledger.log(
                self.ctx, LogRequest(people=(f"#{person}",), action=Action.TOUCH, on=long_ago)
            )
        return ids

    def give(self, person: int, kind: str, days_ago: int = 0) -> None:
        on = self.ctx.today() - timedelta(days=days_ago)
        request = LogRequest(people=(f"#{person}",), action=Action.GAVE, kind=kind, on=on)
        ledger.log(self.ctx, request)

    def goodwill(self, *args: str, stdin: str | None = None) -> str:
        """Run the CLI on the server's database, as its user would; its output."""
        done = subprocess.run(
            [str(GOODWILL), "--db", str(self.db), *args],
            input=stdin,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=STARTUP_SECONDS,
        )
        assert done.returncode == 0, f"goodwill {' '.join(args)}: {done.stderr}"
        return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@contextmanager
def serving(directory: Path, *options: str) -> Iterator[Server]:
    """`goodwill serve` over a fresh database in `directory` until the block ends.

    Digests stay off: a test server must never try to send mail.
    """
    private = {
        "GOODWILL_DATA_DIR": str(directory / "data"),
        "GOODWILL_CONFIG": str(directory / "config" / "config.toml"),
    }
    env = {key: value for key, value in os.environ.items() if key != "GOODWILL_DB"}
    env.update(private, NO_COLOR="1")
    db = directory / "goodwill.db"
    ctx = build_context(private, db=str(db))
    admin.init(ctx)
    log = directory / "serve.log"
    process: subprocess.Popen[bytes] | None = None
    try:
        for _attempt in range(BIND_ATTEMPTS):
            port = free_port()
            command = [str(GOODWILL), "--db", str(db), "serve", "--port", str(port)]
            with log.open("wb") as output:
                process = subprocess.Popen(
                    [*command, "--no-digests", *options],
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            if _wait_until_answering(process, port):
                break
            if "already in use" not in log.read_text(errors="replace"):
                break
        assert process is not None
        if process.poll() is not None or not answers(port):
            raise RuntimeError(f"goodwill serve did not start:\n{log.read_text(errors='replace')}")
        yield Server(url=f"http://127.0.0.1:{port}", db=db, env=env, ctx=ctx, process=process)
    finally:
        if process is not None:
            _stop(process)
        ctx.db.dispose()


def _wait_until_answering(process: subprocess.Popen[bytes], port: int) -> bool:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if answers(port):
            return True
        time.sleep(0.05)
    return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()  # uvicorn shuts down cleanly on SIGTERM
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
