"""SIGKILL in the middle of a write: the database stays whole, and each write is all or nothing.

A worker process runs a real import, a burst of `log` writes or a vdir sync. At a seeded
point inside a write (once an import's open transaction holds n of its people, once the
k-th entry of a burst is written and its person's state not yet, or once a card's temporary
file is written and flushed but not yet renamed) it tells the test on its stdout
what it has written so far, then waits; the test kills it with SIGKILL right then, and checks
that the worker died of that kill, not of anything else. Then SQLite's integrity check
passes, the open transaction left nothing behind (the import is wholly absent, the burst
holds exactly the writes that had returned), derived state equals a `reindex` of the ledger,
no card is half-written, and a later sync completes the job.
"""

from __future__ import annotations

import json
import random
import select
import signal
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path
from typing import Any

from goodwill.services import imports, ledger, people, sync
from goodwill.services.context import Context
from goodwill.services.people import PersonChanges

KILLS = 6
ROWS = 3000
#: A worker that has not reached its kill point by then has failed.
HANDSHAKE_S = 120

#: The import worker's hook: after each write statement, `pause_here(count, words)` decides
#: (`count(sql)` runs a count in the write's transaction); the first time it says yes, print
#: `report(count)` as one JSON line, then wait for the kill. An import writes through
#: SQLAlchemy and, on SQLite, straight on SQLite's own driver (`store.sql`): both are watched.
HOOK = textwrap.dedent(
    """
    import json, sys, time
    from sqlalchemy import event
    from goodwill.store.sql import SqliteSql

    def pause_inside_writes(engine, pause_here, report):
        def after(statement, count, inside):
            words = statement.split(None, 3)
            if words[0].upper() in ("INSERT", "UPDATE", "DELETE") and pause_here(count, words):
                assert inside()
                print(json.dumps(report(count)), flush=True)
                time.sleep(600)

        def through_alchemy(conn, cursor, statement, params, context, executemany):
            after(statement, lambda sql: conn.exec_driver_sql(sql).scalar(), conn.in_transaction)

        event.listen(engine, "after_cursor_execute", through_alchemy)

        def pausing(method):
            def run(self, statement, *args):
                result = method(self, statement, *args)
                driver = self.connection
                count = lambda sql: driver.execute(sql).fetchone()[0]
                after(statement, count, lambda: driver.in_transaction)
                return result
            return run

        for name in ("run", "run_many", "insert", "driver_run", "driver_run_many"):
            setattr(SqliteSql, name, pausing(getattr(SqliteSql, name)))
    """
)

IMPORT_WORKER = HOOK + textwrap.dedent(
    """
    from pathlib import Path
    from goodwill.bootstrap import build_context
    from goodwill.services import imports

    env, url, path, already, pause_after = json.loads(sys.argv[1])
    ctx = build_context(env, db=url)

    def people(count):
        return count("SELECT count(*) FROM people")

    def report(count):
        return {"people_in_transaction": people(count)}

    # Once the open transaction holds at least `pause_after` of the export's people.
    pause_here = lambda count, words: people(count) - already >= pause_after
    pause_inside_writes(ctx.db.engine(), pause_here, report)
    imports.import_path(ctx, "linkedin", Path(path))
    """
)

LOG_WORKER = textwrap.dedent(
    """
    import json, sys, time
    from goodwill.bootstrap import build_context
    from goodwill.services import ledger
    from goodwill.services.ledger import Action, LogRequest
    from goodwill.store.sql import SqliteSql

    env, url, pause_at = json.loads(sys.argv[1])
    ctx = build_context(env, db=url, direct=True)  # as the CLI runs `log`
    returned = 0
    # The pause comes once an entry is written and its person's derived state is not yet:
    # right after the statement that links the `pause_at`-th entry to its person, which
    # `log` runs as SQL text through SQLite's own driver (`store.sql`).
    linked = 0

    def pausing(method):
        def run(self, statement, *args):
            global linked
            result = method(self, statement, *args)
            words = statement.split(None, 3)
            linked += words[0] == "INSERT" and words[2] == "interaction_people"
            if linked == pause_at:
                assert self.connection.in_transaction
                seen = self.connection.execute("SELECT count(*) FROM interactions")
                print(json.dumps({"returned": returned,
                                  "entries_in_transaction": seen.fetchone()[0]}), flush=True)
                time.sleep(600)
            return result
        return run

    for name in ("run", "run_many", "insert"):
        setattr(SqliteSql, name, pausing(getattr(SqliteSql, name)))
    for number in range(100_000):
        ledger.log(ctx, LogRequest(people=(f"#{1 + number % 3}",), action=Action.TOUCH,
                                   note=f"write {number}"))
        returned += 1
    """
)

SYNC_WORKER = textwrap.dedent(
    """
    import json, os, stat, sys, time
    from goodwill.bootstrap import build_context
    from goodwill.services import sync

    env, url, folder, pause_at = json.loads(sys.argv[1])
    fsync, flushed = os.fsync, 0

    def fsync_then_pause(fd):
        # A card's temporary file is written and flushed, not yet renamed into place.
        global flushed
        fsync(fd)
        if stat.S_ISREG(os.fstat(fd).st_mode):
            flushed += 1
            if flushed == pause_at:
                print(json.dumps({"cards_flushed": flushed}), flush=True)
                time.sleep(600)

    os.fsync = fsync_then_pause
    sync.sync_vdir(build_context(env, db=url), folder)
    """
)


def _connections(path: Path) -> None:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [
        f"Person{i},Kill{i},https://www.linkedin.com/in/kill-{i},,Company {i % 50},Engineer,12 Mar 2021"
        for i in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n")


def _kill_at_handshake(worker: str, *arguments: object) -> dict[str, Any]:
    """Run `worker`, wait for its line from inside the write, SIGKILL it; its line."""
    process = subprocess.Popen(
        [sys.executable, "-c", worker, json.dumps(arguments)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = ""
    try:
        ready, _, _ = select.select([process.stdout], [], [], HANDSHAKE_S)
        assert process.stdout is not None
        line = process.stdout.readline() if ready else ""
        if line:
            process.send_signal(signal.SIGKILL)
    finally:
        if process.poll() is None and not line:
            process.kill()  # no handshake: fail below, without leaving the worker behind
        _, errors = process.communicate(timeout=30)
    assert line, f"the worker never reached its kill point (exit {process.returncode}): {errors}"
    assert process.returncode == -signal.SIGKILL, (process.returncode, errors)
    return dict(json.loads(line))


def _integrity(path: str) -> str:
    with closing(sqlite3.connect(path)) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def _count(path: str, table: str) -> int:
    with closing(sqlite3.connect(path)) as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _derived_state_is_the_ledgers(app: Context) -> None:
    before = {p["id"]: p for p in people.list_people(app, tier=None)}
    ledger.reindex(app)
    assert {p["id"]: p for p in people.list_people(app, tier=None)} == before


def test_a_killed_import_leaves_nothing_of_itself(
    sqlite_app: Context, env: dict[str, str], tmp_path: Path
) -> None:
    app = sqlite_app
    for name in ("Ana", "Bo", "Cy"):
        people.add_person(app, PersonChanges(name=name))
    export = tmp_path / "Connections.csv"
    _connections(export)
    db_path, url = app.db.where, app.db.url
    app.db.dispose()
    rng = random.Random(20261124)
    for pause_after in rng.sample(range(1, ROWS), KILLS // 2):
        seen = _kill_at_handshake(IMPORT_WORKER, env, url, str(export), 3, pause_after)
        assert seen["people_in_transaction"] >= 3 + pause_after, seen  # killed mid-import
        assert _integrity(db_path) == "ok"
        assert _count(db_path, "people") == 3
        assert _count(db_path, "person_sources") == 0
        assert len(people.list_people(app, tier=None)) == 3
        _derived_state_is_the_ledgers(app)
        app.db.dispose()
    result = imports.import_path(app, "linkedin", export)  # then the import runs whole
    assert result["created"] == ROWS


def test_a_killed_burst_of_logs_keeps_exactly_the_writes_that_returned(
    sqlite_app: Context, env: dict[str, str]
) -> None:
    app = sqlite_app
    for name in ("Ana", "Bo", "Cy"):
        people.add_person(app, PersonChanges(name=name))
    db_path, url = app.db.where, app.db.url
    app.db.dispose()
    rng = random.Random(20261125)
    for _ in range(KILLS // 2):
        before = _count(db_path, "interactions")
        seen = _kill_at_handshake(LOG_WORKER, env, url, rng.randint(1, 200))
        # The entry being written was in the open transaction when the kill came.
        assert seen["entries_in_transaction"] == before + seen["returned"] + 1, seen
        assert _integrity(db_path) == "ok"
        assert _count(db_path, "interactions") == before + seen["returned"]
        assert _count(db_path, "interaction_people") == before + seen["returned"]
        _derived_state_is_the_ledgers(app)
        app.db.dispose()


def test_a_killed_sync_leaves_no_half_written_card(
    sqlite_app: Context, env: dict[str, str], tmp_path: Path
) -> None:
    app = sqlite_app
    export = tmp_path / "Connections.csv"
    _connections(export)
    imports.import_path(app, "linkedin", export)
    db_path, url = app.db.where, app.db.url
    app.db.dispose()
    vdir = tmp_path / "vdir"
    rng = random.Random(7)
    for _ in range(3):
        # The cards already on disk are matched, not written again: pause among the rest.
        pause_at = rng.randint(1, ROWS - len(list(vdir.glob("*.vcf"))) - 1)
        seen = _kill_at_handshake(SYNC_WORKER, env, url, str(vdir), pause_at)
        assert seen["cards_flushed"] == pause_at
        for card in vdir.glob("*.vcf"):
            text = card.read_text()
            assert text.startswith("BEGIN:VCARD") and text.rstrip().endswith("END:VCARD"), card
        assert _integrity(db_path) == "ok"
        assert _count(db_path, "person_cards") == 0  # the links are written last, all at once
    result = sync.sync_vdir(app, vdir)  # a full run afterwards completes the job
    assert not result.errors
    assert len(list(vdir.glob("*.vcf"))) == ROWS
    assert len(people.list_people(app, tier=None)) == ROWS  # no card came back as a new person
