"""Several processes writing to one database at once, a running server among them: every
write lands, none fails with "database is locked"."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from goodwill.services import accounts, ledger, people
from goodwill.services.context import Context
from goodwill.services.people import PersonChanges

WRITERS = 4
WRITES = 1000

WRITER = textwrap.dedent(
    """
    import json, sys
    from goodwill.bootstrap import build_context
    from goodwill.services import ledger
    from goodwill.services.ledger import Action, LogRequest

    env, url, writer, writes = json.loads(sys.argv[1])
    ctx = build_context(env, db=url)
    for number in range(writes):
        ledger.log(ctx, LogRequest(people=(f"#{1 + number % 3}",), action=Action.TOUCH,
                                   note=f"writer {writer} write {number}"))
    """
)


def test_writers_in_parallel_processes_all_land(app: Context, env: dict[str, str]) -> None:
    for name in ("Ana", "Bo", "Cy"):
        people.add_person(app, PersonChanges(name=name))
    _run_writers(env, app.db.url)
    _assert_entries_and_state(app, WRITERS * WRITES)


def _run_writers(env: dict[str, str], url: str) -> None:
    """WRITERS processes of WRITES `log` writes each, at once; each must exit cleanly."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, json.dumps([env, url, writer, WRITES])],
            stderr=subprocess.PIPE,
            text=True,
        )
        for writer in range(WRITERS)
    ]
    failures = [(p.wait(timeout=300), p.communicate()[1]) for p in processes]
    assert all(code == 0 for code, _ in failures), failures


def _assert_entries_and_state(app: Context, expected: int) -> None:
    """Every write landed, and the derived state is what a `reindex` makes of the ledger."""
    total = sum(people.show_person(app, f"#{pid}", limit=None).timeline_total for pid in (1, 2, 3))
    assert total == expected
    before = {p["id"]: p for p in people.list_people(app)}
    ledger.reindex(app)
    assert {p["id"]: p for p in people.list_people(app)} == before


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _post_logs(base: str, token: str, writes: int, errors: list[str]) -> None:
    """An API client logging touches as fast as the server takes them."""
    import httpx2 as httpx

    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client:
        for number in range(writes):
            response = client.post(
                "/api/v1/ledger",
                json={"people": [f"#{1 + number % 3}"], "note": f"server write {number}"},
                timeout=60,
            )
            if response.status_code != 201:
                errors.append(f"{response.status_code} {response.text}")
            if number % 10 == 0:  # a page view between writes: the plan is read and cached
                client.get("/api/v1/today", timeout=60)


def test_cli_writers_and_a_running_server_all_land(app: Context, env: dict[str, str]) -> None:
    """Four writer processes and `goodwill serve` taking API writes, on one database."""
    for name in ("Ana", "Bo", "Cy"):
        people.add_person(app, PersonChanges(name=name))
    token = accounts.create_token(app, "concurrency").token
    port = _free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("goodwill")),
            "--db",
            app.db.url,
            "serve",
            "--port",
            str(port),
            "--no-digests",
        ],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, server)
        errors: list[str] = []
        client = threading.Thread(target=_post_logs, args=(base, token, WRITES, errors))
        client.start()
        _run_writers(env, app.db.url)
        client.join(timeout=300)
        assert errors == []
        import httpx2 as httpx

        seen = httpx.get(
            f"{base}/api/v1/people/1", headers={"Authorization": f"Bearer {token}"}, timeout=60
        ).json()
    finally:
        server.terminate()
        server.communicate(timeout=60)
    # The server's answer after the last write is the database's, not a stale cached one.
    assert seen["timeline_total"] == people.show_person(app, "#1").timeline_total
    _assert_entries_and_state(app, (WRITERS + 1) * WRITES)


def _wait_for(base: str, server: subprocess.Popen[str], seconds: float = 60) -> None:
    import httpx2 as httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"goodwill serve exited: {server.communicate()[1]}")
        try:
            httpx.get(base + "/api/v1/openapi.json", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("goodwill serve did not answer")


def test_a_writer_outwaits_a_lock_longer_than_the_busy_timeout(
    tmp_path: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's busy handler gives up after its timeout ("database is locked"); a writer
    begins again until the lock is free instead of failing."""
    import sqlite3

    from goodwill.bootstrap import build_context
    from goodwill.services import admin
    from goodwill.store import engine

    monkeypatch.setattr(engine, "SQLITE_BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "locked.db"
    ctx = build_context(env, db=str(path))
    admin.init(ctx)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock for a while
    release = threading.Timer(1.0, holder.execute, args=("COMMIT",))
    release.start()
    people.add_person(ctx, PersonChanges(name="Ana"))  # waits ten busy timeouts, then lands
    release.join()
    holder.close()
    assert [p["name"] for p in people.list_people(ctx)] == ["Ana"]
    ctx.db.dispose()
