"""Several processes writing to one database at once: every write lands, none fails."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from goodwill.services import ledger, people
from goodwill.services.context import Context
from goodwill.services.people import PersonChanges

WRITERS = 4
WRITES = 150

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
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, json.dumps([env, app.db.url, writer, WRITES])],
            stderr=subprocess.PIPE,
            text=True,
        )
        for writer in range(WRITERS)
    ]
    failures = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in processes]
    for process in processes:
        if process.stderr:
            process.stderr.close()
    assert all(code == 0 for code, _ in failures), failures
    total = sum(
        people.show_person(app, f"#{pid}", limit=None)["timeline_total"] for pid in (1, 2, 3)
    )
    assert total == WRITERS * WRITES
    before = {p["id"]: p for p in people.list_people(app)}
    ledger.reindex(app)
    assert {p["id"]: p for p in people.list_people(app)} == before
