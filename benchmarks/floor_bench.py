"""How near goodwill's imports are to the least work their results need:
`python -m benchmarks.floor_bench [--rows N] [--runs R]`.

Two of the issue's import targets are beyond reach on some machines; this measures how far
the work itself is from them, beside goodwill, in alternation (`--runs`, medians), on
`import_bench`'s files (default 50,000 connections and 4 messages each).

**The import into an empty database**, target 5x the baseline (`csv` and `strptime` over
`Connections.csv`): the whole `goodwill import linkedin` process, and its floor, the whole
`benchmarks.write_floor` process, which reads the file as the baseline does and writes the
very rows goodwill's import wrote, computed beforehand, as goodwill's bulk path writes them.

**messages.csv**, target 100,000 messages a second (200,000 in 2.0 s): goodwill's import in
process (`import_path`, as `import_bench` times it) on a copy of the database that holds
the connections, and on another copy a floor that turns the file into the same kinds of
rows by hand, with nothing goodwill does besides:

* one pass over the file for the profile in every conversation (who "me" is);
* one pass that makes an entry per conversation, day, person and side, matched to people
  by profile URL from one dict;
* the entries and their links in multi-row INSERTs of 200 rows, the per-day counting
  trigger set aside and the days counted in one statement;
* each touched person's counts and latest days in one GROUP BY and one UPDATE ... FROM;
* each touched person's newest notes, stemmed, written to the search documents (whose
  full-text index a trigger keeps) in the index's key order; then the commit.

Each floor leaves out work the import must also do (for messages: each entry's source id,
which makes a second import of the same file add nothing; asks told apart, the balance's
decay factors, cold asks, follow-ups, dates checked, drafts and spam skipped, the report),
so the import cannot reach it; a floor over its target means no import of this design
meets the target on the machine it ran on. The verdict is whether each target is within
reach of its floor, and whether the messages floor wrote about as many entries as goodwill
(it keeps no asks apart, so a few fewer).
"""

from __future__ import annotations

import argparse
import csv
import gc
import pickle
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from benchmarks.baseline import csv_pass
from benchmarks.import_bench import (
    TARGET_EMPTY_X,
    TARGET_MESSAGES_PER_S,
    connections_csv,
    messages_csv,
)
from benchmarks.processes import goodwill, measure
from benchmarks.targets import Targets
from goodwill.bootstrap import build_context
from goodwill.services import admin
from goodwill.services.imports import import_path
from goodwill.store.search import NOTES_KEPT, notes_key
from goodwill.store.stemming import stems

ROWS_PER_STATEMENT = 200


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000, help="connections")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    gc.set_threshold(100_000)  # as the goodwill command sets it
    measured: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        export, messages = work / "Connections.csv", work / "inbox" / "messages.csv"
        messages.parent.mkdir()
        connections_csv(export, args.rows)
        messages_csv(messages, 4 * args.rows, args.rows)
        env = {"GOODWILL_DATA_DIR": str(work / "data"), "GOODWILL_CONFIG": str(work / "c.toml")}
        empty, base, rows = work / "empty.db", work / "base.db", work / "rows.pickle"
        ctx = build_context(env, db=f"sqlite:///{empty}")
        admin.init(ctx)
        ctx.db.dispose()  # its write-ahead log folded into the file, which is copied
        shutil.copy(empty, base)
        ctx = build_context(env, db=f"sqlite:///{base}")
        import_path(ctx, "linkedin", export)
        ctx.db.dispose()
        _dump_written(empty, base, rows)
        copy = work / "run.db"
        for _ in range(args.runs):
            started = time.perf_counter()
            csv_pass(export)
            measured.setdefault("baseline", []).append(time.perf_counter() - started)
            shutil.copy(empty, copy)
            run = measure(goodwill(str(copy), "import", "linkedin", str(export)), env)
            measured.setdefault("import", []).append(run.wall)
            shutil.copy(empty, copy)
            floor = [str(copy), str(rows), str(export)]
            run = measure([sys.executable, "-m", "benchmarks.write_floor", *floor])
            measured.setdefault("import floor", []).append(run.wall)
            shutil.copy(base, copy)
            ctx = build_context(env, db=f"sqlite:///{copy}")
            started = time.perf_counter()
            touches = import_path(ctx, "linkedin", messages)["touches"]
            measured.setdefault("messages", []).append(time.perf_counter() - started)
            ctx.db.dispose()
            shutil.copy(base, copy)
            seconds, entries = messages_floor(copy, messages)
            measured.setdefault("messages floor", []).append(seconds)
    medians = {name: statistics.median(times) for name, times in measured.items()}
    return _report(medians, args.rows, args.runs, (touches, entries))


def _report(medians: dict[str, float], rows: int, runs: int, entries: tuple[int, int]) -> int:
    """Each import beside its floor; the verdict: whether each target is above its floor
    (within reach), and whether the messages floor wrote about as many entries."""
    baseline, sent = medians["baseline"], 4 * rows
    print(f"{rows:,} connections, {sent:,} messages, {runs} runs (medians)")
    print(f"baseline: csv + date parsing           {baseline:6.2f} s")
    for label, name in (
        ("whole goodwill import, empty database", "import"),
        ("whole floor process", "import floor"),
    ):
        print(f"{label:<39}{medians[name]:6.2f} s  {medians[name] / baseline:5.1f}x the baseline")
    for label, name in (
        ("goodwill, messages.csv", "messages"),
        ("floor, by hand", "messages floor"),
    ):
        print(f"{label:<39}{medians[name]:6.2f} s  {sent / medians[name]:9,.0f} messages/s")
    touches, written = entries
    print(f"entries written: goodwill {touches:,}, the floor {written:,}")
    targets = Targets(f"floor_bench, {rows:,} connections")
    targets.at_most(
        "empty import's floor / baseline", medians["import floor"] / baseline, TARGET_EMPTY_X, "x"
    )
    targets.at_least(
        "messages.csv floor, messages/s",
        sent / medians["messages floor"],
        TARGET_MESSAGES_PER_S,
        "/s",
    )
    targets.holds(
        "the floor writes as many entries, within 5%",
        abs(written - touches) <= touches / 20,
        f"{written:,} against {touches:,}",
    )
    return targets.report()


def _dump_written(empty: Path, full: Path, rows: Path) -> None:
    """Every row of the tables an import filled (empty before it), by table, pickled."""
    written: dict[str, tuple[list[str], list[tuple[object, ...]]]] = {}
    before, after = sqlite3.connect(empty), sqlite3.connect(full)
    tables = [
        name
        for (name,) in after.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            " AND name NOT LIKE 'search_fts%'"
        )
    ]
    for table in tables:
        if before.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]:
            continue
        cursor = after.execute(f'SELECT * FROM "{table}"')
        values = cursor.fetchall()
        if values:
            written[table] = ([column[0] for column in cursor.description], values)
    before.close()
    after.close()
    with rows.open("wb") as pickled:
        pickle.dump(written, pickled)


def messages_floor(database: Path, messages: Path) -> tuple[float, int]:
    """The floor's seconds on this database (which it changes) for this messages.csv, and
    the entries it wrote."""
    started = time.perf_counter()
    me = _me(messages)
    db = sqlite3.connect(database, isolation_level=None)
    db.execute("BEGIN")
    people = dict(db.execute("SELECT url, person_id FROM person_links"))
    entries = _entries(messages, me, people)
    first = _write(db, entries)
    _states(db, first)
    _notes(db, entries)
    db.execute("COMMIT")
    db.close()
    return time.perf_counter() - started, len(entries)


def _me(messages: Path) -> str:
    """The profile URL in every conversation."""
    candidates: set[str] | None = None
    seen: set[str] = set()
    with messages.open(newline="", encoding="utf-8-sig") as text:
        rows = csv.reader(text)
        next(rows)
        for row in rows:
            if row[0] in seen:
                continue
            seen.add(row[0])
            present = {row[3], *row[5].split(",")}
            candidates = present if candidates is None else candidates & present
    assert candidates is not None and len(candidates) == 1, candidates
    return next(iter(candidates))


Entry = tuple[int, str, str, str]  # person, day, side, note


def _entries(messages: Path, me: str, people: dict[str, int]) -> list[Entry]:
    entries: list[Entry] = []
    emitted: set[str] = set()
    with messages.open(newline="", encoding="utf-8-sig") as text:
        rows = csv.reader(text)
        next(rows)
        for row in rows:
            conversation, sender, urls, day = row[0], row[3], row[5], row[6][:10]
            mine = sender == me
            side = "me" if mine else "them"
            note = row[7] or row[8][:200]
            for url in urls.split(",") if mine else (sender,):
                source_id = f"{conversation}:{day}:{url}:{side}"
                if source_id in emitted:
                    continue
                emitted.add(source_id)
                person = people.get(url)
                if person is not None:
                    entries.append((person, day, side, note))
    return entries


def _write(db: sqlite3.Connection, entries: list[Entry]) -> int:
    """The entries and their links; the first new entry's id."""
    db.execute("DROP TRIGGER ledger_days_ai")  # rolled back with the copy; counted below
    first = (db.execute("SELECT max(id) FROM interactions").fetchone()[0] or 0) + 1
    rows = [
        (first + n, day, "touch", "catch-up", "message", side, 0, 1.0, note, "linkedin", None, None)
        for n, (_person, day, side, note) in enumerate(entries)
    ]
    links = [(first + n, person, day) for n, (person, day, _side, _note) in enumerate(entries)]
    _insert(db, "interactions", rows)
    _insert(db, "interaction_people", links)
    db.execute(
        "INSERT INTO ledger_days (day, direction, by_them, entries)"
        " SELECT occurred_on, direction, by_them, count(*) FROM interactions WHERE id >= ?"
        " GROUP BY 1, 2, 3 ON CONFLICT (day, direction, by_them)"
        " DO UPDATE SET entries = ledger_days.entries + excluded.entries",
        (first,),
    )
    return first


def _insert(db: sqlite3.Connection, table: str, rows: list[tuple[object, ...]]) -> None:
    one = f"({', '.join('?' * len(rows[0]))})"
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start : start + ROWS_PER_STATEMENT]
        db.execute(
            f"INSERT INTO {table} VALUES {', '.join([one] * len(chunk))}",
            [value for row in chunk for value in row],
        )


def _states(db: sqlite3.Connection, first: int) -> None:
    db.execute(
        "CREATE TEMP TABLE folded AS SELECT ip.person_id AS person, count(*) AS entries,"
        " max(ip.occurred_on) AS last_contact, sum(i.initiated_by = 'me') AS touches,"
        " max(CASE WHEN i.initiated_by = 'me' THEN ip.occurred_on END) AS last_touch"
        " FROM interaction_people ip JOIN interactions i ON i.id = ip.interaction_id"
        " WHERE ip.person_id IN"
        " (SELECT DISTINCT person_id FROM interaction_people WHERE interaction_id >= ?)"
        " GROUP BY ip.person_id",
        (first,),
    )
    db.execute(
        "UPDATE people SET entries = f.entries, last_contact = f.last_contact,"
        " touches = f.touches, last_touch = f.last_touch FROM folded f WHERE people.id = f.person"
    )


def _notes(db: sqlite3.Connection, entries: list[Entry]) -> None:
    """My messages' notes, newest last, as the search documents keep them."""
    noted: dict[int, list[str]] = {}
    latest: dict[int, str] = {}
    for person, day, side, note in sorted(entries, key=lambda entry: entry[1]):
        if side == "me":
            noted.setdefault(person, []).append(note)
            latest[person] = day
    updates = []
    for person, notes in noted.items():
        text = " ".join(notes)[-NOTES_KEPT:]
        key = notes_key(person, date.fromisoformat(latest[person]).toordinal())
        updates.append((text, stems(text), key, person))
    updates.sort(key=lambda update: update[2])
    db.executemany(
        "UPDATE search_docs SET notes = ?, notes_stems = ?, notes_key = ? WHERE person_id = ?",
        updates,
    )


if __name__ == "__main__":
    sys.exit(main())
