"""`python -m benchmarks.startup_bench [--sizes N ...] [--runs R]`: the daily commands' start.

The target: `goodwill today`, `show`, `due`, `log` and `help`, each a whole process as a user
runs it, in at most 0.15 s at any size up to 100,000 people. (The CPU time is printed too: a
write's wall time includes the disk's flushes when SQLite checkpoints its log as the process
closes the file.) Every run of a command follows
a run of `python -c pass` (the floor: starting the interpreter alone), so both see the same
machine; the report gives medians, and each command's median as a multiple of the floor's.
`log` writes, so the commands run on a copy of each cached network (`benchmarks.generate`).

Then, for `today`, where the time of its imports goes, per package: each module's own import
time (`python -X importtime`) counts for the nearest package of its importers that is not
the standard library (the `inspect` that Typer imports is Typer's cost), summed per
package, the least of the runs (the machine's other work only ever adds). That is the
README's table.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from benchmarks import BENCH_DAY, DEFAULT_SIZES
from benchmarks.arguments import sized, sizes_of
from benchmarks.generate import ensure
from benchmarks.processes import goodwill, measure
from benchmarks.run import compile_bytecode
from benchmarks.targets import Targets

#: Seconds a daily command may take as a whole process (the issue's target).
TARGET_S = 0.15
ON = ("--on", BENCH_DAY.isoformat())
#: The daily commands, on a person the generator always makes.
COMMANDS: dict[str, tuple[str, ...]] = {
    "today": ("today", *ON),
    "show": ("show", "#42", *ON),
    "due": ("due", *ON),
    "log": ("log", "#42", "--touch", "--note", "coffee about pricing", *ON),
    "help": ("help", "pricing strategy for a seed startup"),
}
_IMPORT_LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+\d+\s+\|( +)(\S+)")
#: Packages grouped as the README names them.
_GROUPS = {
    "typer": "Typer (and the click it carries)",
    "click": "Typer (and the click it carries)",
    "rich": "Rich",
    "jinja2": "Jinja2 (the drafts)",
    "markupsafe": "Jinja2 (the drafts)",
    "sqlalchemy": "SQLAlchemy",
    "platformdirs": "platformdirs",
    "snowballstemmer": "snowballstemmer",
}


_STDLIB = "Python (the standard library, site)"


def _group(module: str) -> str:
    top = module.split(".")[0]
    if top == "goodwill":
        return "goodwill." + module.split(".")[1] if "." in module else "goodwill"
    if top in sys.stdlib_module_names or top.startswith("_"):
        return _STDLIB
    return _GROUPS.get(top, top)


def _own_times(importtime: str) -> Counter[str]:
    """Milliseconds per package, each module's own time counted for its nearest importer
    (itself included) outside the standard library. `-X importtime` lists a module after
    everything it imported, one level of indent deeper, so the lines are read backwards."""
    totals: Counter[str] = Counter()
    importers: list[str] = []
    for match in reversed(list(_IMPORT_LINE.finditer(importtime))):
        own_us, indent, module = int(match.group(1)), match.group(2), match.group(3)
        depth = (len(indent) - 1) // 2
        del importers[depth:]
        importers.append(_group(module))
        owner = next((g for g in reversed(importers) if g != _STDLIB), _STDLIB)
        totals[owner] += own_us / 1000
    return totals


def time_size(
    people: int, seed: int, runs: int, scratch: Path, targets: Targets
) -> dict[str, float]:
    """Median seconds of each command and of the floor on a copy of the network."""
    copy = scratch / f"goodwill-{people}.db"
    shutil.copyfile(ensure(people, seed).path, copy)
    env = {
        "GOODWILL_DATA_DIR": str(scratch / "data"),
        "GOODWILL_CONFIG": str(scratch / "config.toml"),
    }
    floor: list[float] = []
    walls: dict[str, list[float]] = {name: [] for name in COMMANDS}
    cpus: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for args in COMMANDS.values():  # once each, to warm the OS's file cache
        measure(goodwill(str(copy), *args), env)
    for _ in range(runs):
        for name, args in COMMANDS.items():
            floor.append(measure([sys.executable, "-c", "pass"], env).wall)
            run = measure(goodwill(str(copy), *args), env)
            walls[name].append(run.wall)
            cpus[name].append(run.cpu)
    medians = {name: statistics.median(values) for name, values in walls.items()}
    medians["python -c pass"] = statistics.median(floor)
    print(f"{people:,} people ({runs} runs each; floor {medians['python -c pass'] * 1000:.0f} ms)")
    for name in COMMANDS:
        ratio = medians[name] / medians["python -c pass"]
        cpu = statistics.median(cpus[name])
        print(
            f"  goodwill {name:<6} {medians[name] * 1000:6.0f} ms  {ratio:5.1f}x the floor"
            f"  (cpu {cpu * 1000:4.0f} ms)"
        )
        targets.at_most(f"goodwill {name} at {people:,}", medians[name], TARGET_S, "s")
    return medians


def import_table(db: Path, scratch: Path, runs: int) -> Counter[str]:
    """Milliseconds of `today`'s imports per package: the least of `runs` runs."""
    env = {
        "GOODWILL_DATA_DIR": str(scratch / "data"),
        "GOODWILL_CONFIG": str(scratch / "config.toml"),
        "PATH": str(Path(sys.executable).parent),
    }
    least: Counter[str] = Counter()
    command = [sys.executable, "-X", "importtime", *goodwill(str(db), *COMMANDS["today"])[1:]]
    for run in range(runs):
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        totals = _own_times(done.stderr)
        for group in set(least) | set(totals):
            least[group] = totals[group] if run == 0 else min(least[group], totals[group])
    print("today's imports, per package (own import time and that of the modules it")
    print("imported from the standard library; the least of the runs):")
    for group, ms in least.most_common():
        if ms >= 0.5:
            print(f"  {group:<36} {ms:6.1f} ms")
    print(f"  {'all':<36} {sum(least.values()):6.1f} ms")
    return least


def main(argv: Sequence[str] | None = None) -> int:
    args = sized("startup_bench", argv, runs=9, runs_help="timed runs of each command")
    sizes = sizes_of(args, (1_000, *DEFAULT_SIZES))
    compile_bytecode()  # as installed: no process compiles goodwill's modules again
    targets = Targets(f"startup_bench, whole processes (median of {args.runs})")
    with tempfile.TemporaryDirectory(prefix="goodwill-startup-") as scratch:
        for people in sizes:
            time_size(people, args.seed, args.runs, Path(scratch), targets)
            if people == sizes[0]:
                import_table(Path(scratch) / f"goodwill-{people}.db", Path(scratch), args.runs)
            (Path(scratch) / f"goodwill-{people}.db").unlink()
    return targets.report()


if __name__ == "__main__":
    sys.exit(main())
