"""SIGKILL at random moments: the database stays whole, and imports are all or nothing.

Seeded and bounded: a writer process is killed mid-import and mid-burst of `log`
writes; after each kill, SQLite's integrity check passes, the import is wholly there
or wholly absent, and everyone's derived state equals a `reindex` of the ledger.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from pathlib import Path

from goodwill.services import ledger, people
from goodwill.services.context import Context
from goodwill.services.people import PersonChanges

KILLS = 6
ROWS = 3000

WORKER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from goodwill.bootstrap import build_context
    from goodwill.services import importing, ledger
    from goodwill.services.ledger import Action, LogRequest

    env, url, job, path = json.loads(sys.argv[1])
    ctx = build_context(env, db=url)
    if job == "import":
        importing.import_path(ctx, "linkedin", Path(path))
    else:
        for number in range(100_000):
            ledger.log(ctx, LogRequest(people=(f"#{1 + number % 3}",), action=Action.TOUCH,
                                       note=f"write {number}"))
    """
)


def _connections(path: Path) -> None:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [
        f"Person{i},Kill{i},https://www.linkedin.com/in/kill-{i},,Company {i % 50},Engineer,12 Mar 2021"
        for i in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n")


def _run_and_kill(env: dict[str, str], url: str, job: str, path: str, after: float) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", WORKER, json.dumps([env, url, job, path])],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(after)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def _integrity(path: str) -> str:
    with closing(sqlite3.connect(path)) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def test_killed_writers_leave_a_whole_database(
    sqlite_app: Context, env: dict[str, str], tmp_path: Path
) -> None:
    app = sqlite_app
    for name in ("Ana", "Bo", "Cy"):
        people.add_person(app, PersonChanges(name=name))
    export = tmp_path / "Connections.csv"
    _connections(export)
    rng = random.Random(20261124)
    db_path = app.db.where
    app.db.dispose()
    for kill in range(KILLS):
        job = "import" if kill % 2 == 0 else "log"
        _run_and_kill(env, app.db.url, job, str(export), rng.uniform(0.8, 2.5))
        assert _integrity(db_path) == "ok"
        count = len(people.list_people(app))
        assert count in (3, 3 + ROWS), f"half an import: {count} people"
        before = {p["id"]: p for p in people.list_people(app, tier=None)}
        ledger.reindex(app)
        assert {p["id"]: p for p in people.list_people(app)} == before
        app.db.dispose()


SYNC_WORKER = textwrap.dedent(
    """
    import json, sys
    from goodwill.bootstrap import build_context
    from goodwill.services import sync

    env, url, folder = json.loads(sys.argv[1])
    sync.sync_vdir(build_context(env, db=url), folder)
    """
)


def test_a_killed_sync_leaves_no_half_written_card(
    sqlite_app: Context, env: dict[str, str], tmp_path: Path
) -> None:
    app = sqlite_app
    export = tmp_path / "Connections.csv"
    _connections(export)
    from goodwill.services import importing

    importing.import_path(app, "linkedin", export)
    app.db.dispose()
    vdir = tmp_path / "vdir"
    rng = random.Random(7)
    for _ in range(3):
        process = subprocess.Popen(
            [sys.executable, "-c", SYNC_WORKER, json.dumps([env, app.db.url, str(vdir)])],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.8, 2.0))
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        cards = list(vdir.glob("*.vcf")) if vdir.exists() else []
        for card in cards:
            text = card.read_text()
            assert text.startswith("BEGIN:VCARD") and text.rstrip().endswith("END:VCARD"), card
        assert _integrity(app.db.where) == "ok"
    from goodwill.services import sync

    result = sync.sync_vdir(app, vdir)  # a full run afterwards completes the job
    assert not result["errors"]
    assert len(list(vdir.glob("*.vcf"))) == ROWS
