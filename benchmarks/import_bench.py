"""A LinkedIn `Connections.csv` import at scale: `python -m benchmarks.import_bench [--rows N]`.

Generates a seeded `Connections.csv` of N rows (default 50,000) shaped like a
real export: LinkedIn's preamble, accented and plain names, one in ten with an
email, profile URLs, a few hundred companies and dates in LinkedIn's style.
Then, `--runs` times (default 5) and reporting the median, it times:

* reading the file alone (records out, no database);
* the import into a fresh, empty SQLite database (`import_path`, the same
  call as `goodwill import linkedin`);
* importing the same file again (nothing changes);
* importing it once more with every title changed (each person updated, their old role
  kept and a "new role" occasion recorded);
* the whole `goodwill import linkedin` process into another empty database.

The in-process timings run with the cycle collector set as the `goodwill`
command sets it (`goodwill.cli.app.main`). Target (from the issue): the import
under 3 s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks.targets import Targets
from goodwill.bootstrap import build_context
from goodwill.importers import linkedin
from goodwill.importers.records import ReadOptions
from goodwill.services import admin
from goodwill.services.imports import import_path

FIRST = ["Ana", "Bo", "Chen", "Dana", "Eli", "Femi", "Grace", "Hugo", "Inès", "Jon", "Kai", "Zoë"]
LAST = ["Núñez", "Okafor", "Berg", "Tanaka", "Müller", "Lefèvre", "Smith", "Ivanova", "Rossi"]
TITLES = ["Software Engineer", "VP Product", "Designer", "Recruiter", "CTO", "Data Analyst"]
#: The issue's target for the import of 50,000 rows on the 2-core machine.
TARGET_S = 3.0
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address."\n\n'
)


def connections_csv(path: Path, rows: int, seed: int = 42, promoted: bool = False) -> None:
    """`promoted`: the same people, each with a new title (the merge path of a re-import)."""
    rng = random.Random(seed)
    companies = [f"Company {n}" for n in range(400)] + ['"Acme, Inc."', "Globex GmbH"]
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for index in range(rows):
        first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{index}"
        url = f"https://www.linkedin.com/in/{first.lower()}-{index}"
        email = f"{first.lower()}.{index}@example.org" if rng.random() < 0.1 else ""
        day = f"{rng.randint(1, 28):02d} {rng.choice(MONTHS)} {rng.randint(2008, 2026)}"
        company, title = rng.choice(companies), rng.choice(TITLES)
        title = f"Senior {title}" if promoted else title
        lines.append(f"{first},{last},{url},{email},{company},{title},{day}")
    path.write_text(PREAMBLE + "\n".join(lines) + "\n", encoding="utf-8")


Timing = tuple[float, float]  # (wall, CPU) seconds


def timed(action: Callable[[], Any]) -> tuple[Timing, Any]:
    """(wall and CPU seconds, result): CPU time says more on a machine others share."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return (time.perf_counter() - wall, time.process_time() - cpu), result


def median_of(label: str, timings: Sequence[Timing]) -> None:
    walls = ", ".join(f"{wall:.2f}" for wall, _ in timings)
    wall = statistics.median(w for w, _ in timings)
    cpu = statistics.median(c for _, c in timings)
    print(f"{label:<26} {wall:6.2f} s wall {cpu:6.2f} s CPU (medians; walls {walls})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    gc.set_threshold(100_000)  # as `goodwill.cli.app.main` sets the collector for a command
    work = Path(tempfile.mkdtemp(prefix="goodwill-import-bench-"))
    try:
        return _run(work, args.rows, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(work: Path, rows: int, runs: int) -> int:
    export = work / "Connections.csv"
    connections_csv(export, rows)
    promoted_export = work / "promoted" / "Connections.csv"
    promoted_export.parent.mkdir()
    connections_csv(promoted_export, rows, promoted=True)
    reads: list[Timing] = []
    imports: list[Timing] = []
    again: list[Timing] = []
    promotions: list[Timing] = []
    processes: list[Timing] = []
    for run in range(runs):
        wall, records = timed(lambda: sum(1 for _ in linkedin.read(export, ReadOptions())))
        reads.append(wall)
        env = {"GOODWILL_DATA_DIR": str(work / "data"), "GOODWILL_CONFIG": str(work / "c.toml")}
        ctx = build_context(env, db=f"sqlite:///{work / f'goodwill-{run}.db'}")
        admin.init(ctx)
        wall, first = timed(lambda: import_path(ctx, "linkedin", export))  # noqa: B023
        imports.append(wall)
        wall, second = timed(lambda: import_path(ctx, "linkedin", export))  # noqa: B023
        again.append(wall)
        wall, third = timed(lambda: import_path(ctx, "linkedin", promoted_export))  # noqa: B023
        promotions.append(wall)
        ctx.db.dispose()
        processes.append(_whole_process(env, work / f"process-{run}.db", export, rows))
        assert records == rows and first["created"] == rows, (records, first)
        assert second["unchanged"] == rows, second
        assert third["updated"] == rows, third
    print(f"{rows:,} rows of Connections.csv, {runs} runs")
    median_of("read only", reads)
    median_of("import into an empty db", imports)
    median_of("re-import, unchanged", again)
    median_of("re-import, every title new", promotions)
    median_of("whole `goodwill import`", processes)
    targets = Targets(f"import_bench, {rows:,} rows")
    import_wall = statistics.median(wall for wall, _ in imports)
    targets.at_most("import into an empty db (median wall)", import_wall, TARGET_S, "s")
    return targets.report()


def _whole_process(env: dict[str, str], db: Path, export: Path, rows: int) -> Timing:
    """`goodwill import linkedin` as a user runs it, into an empty database."""
    goodwill = [sys.executable, "-m", "goodwill", "--db", str(db)]
    subprocess.run([*goodwill, "init"], env=os.environ | env, check=True, capture_output=True)
    before = _children_cpu()
    wall = time.perf_counter()
    result = subprocess.run(
        [*goodwill, "import", "linkedin", str(export), "--json"],
        env=os.environ | env,
        check=True,
        capture_output=True,
    )
    timing = (time.perf_counter() - wall, _children_cpu() - before)
    assert json.loads(result.stdout)["created"] == rows, result.stdout
    return timing


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


if __name__ == "__main__":
    sys.exit(main())
