"""`python -m benchmarks.reindex_bench [--sizes N ...] [--runs R]`: `goodwill reindex` at scale.

`reindex` rebuilds everyone's derived state, next due day and search document from the
whole ledger, in one transaction. On a copy of each cached benchmark network
(`benchmarks.generate`; 10,000 and 100,000 people unless `--sizes` says otherwise; the
cache itself is never written) it runs as a whole `goodwill --db COPY reindex` process,
`--runs` times on the same copy, and reports the median wall and CPU time and the peak
resident set. Targets: 60 s at 100,000 people and 10,000,000 entries; a peak that does
not follow the size of the ledger; and the derived state left as the generator's refold
made it (both are `services.ledger.refold_all`).

The verdict prints each target beside its figure and exits 1 when one is missed.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.arguments import sized, sizes_of
from benchmarks.generate import ensure
from benchmarks.processes import Run, goodwill, measure
from benchmarks.run import TARGET_SIZE, compile_bytecode
from benchmarks.targets import Targets
from goodwill.store.people import STATE_COLUMNS

#: `goodwill reindex` of 100,000 people and 10,000,000 entries (the issue's target).
TARGET_S = 60.0
#: Memory must follow a chunk of people, not the ledger (SQLite's cache and sorter included).
TARGET_PEAK_MB = 400.0
#: Everything `reindex` derives for a person.
_DERIVED = ", ".join(("next_due", "follow_up_on", *STATE_COLUMNS))


def derived_digest(path: Path) -> str:
    """A digest of everyone's derived state and search document."""
    digest = hashlib.sha256()
    with contextlib.closing(sqlite3.connect(path)) as connection:
        for query in (
            f"SELECT id, {_DERIVED} FROM people ORDER BY id",
            "SELECT * FROM search_docs ORDER BY person_id",
        ):
            for row in connection.execute(query):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def time_size(people: int, seed: int, runs: int, scratch: Path, targets: Targets) -> None:
    cached = ensure(people, seed).path
    copy = scratch / f"reindex-{people}.db"
    shutil.copyfile(cached, copy)
    before = derived_digest(copy)
    env = {
        "GOODWILL_DATA_DIR": str(scratch / "data"),
        "GOODWILL_CONFIG": str(scratch / "config.toml"),
    }
    timed: list[Run] = []
    for _ in range(runs):
        timed.append(measure(goodwill(str(copy), "reindex"), env))
        run = timed[-1]
        print(
            f"{people:,} people: reindex {run.wall:6.1f} s  cpu {run.cpu:6.1f} s  "
            f"peak {run.peak_mb:4.0f} MB",
            flush=True,
        )
    wall = statistics.median(run.wall for run in timed)
    peak = max(run.peak_mb for run in timed)
    if people >= TARGET_SIZE:
        targets.at_most(f"reindex at {people:,} (median)", wall, TARGET_S, "s")
    targets.at_most(f"reindex peak at {people:,}", peak, TARGET_PEAK_MB, "MB")
    targets.holds(
        f"reindex keeps the refolded state at {people:,}",
        derived_digest(copy) == before,
        "derived state or documents changed",
    )
    copy.unlink()


def main(argv: Sequence[str] | None = None) -> int:
    args = sized("reindex_bench", argv, runs=3, runs_help="timed runs per size")
    sizes = sizes_of(args)
    compile_bytecode()  # as installed: no process compiles goodwill's modules again
    targets = Targets("reindex_bench, whole `goodwill reindex` processes (median)")
    with tempfile.TemporaryDirectory(prefix="goodwill-reindex-") as scratch:
        for people in sizes:
            time_size(people, args.seed, args.runs, Path(scratch), targets)
    return targets.report()


if __name__ == "__main__":
    sys.exit(main())
