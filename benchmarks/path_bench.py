"""`goodwill path` against networkx's shortest paths on the same graph, in one run.

Usage: `python -m benchmarks.path_bench [PEOPLE]` (default 100,000). It takes the cached
benchmark network (`benchmarks.generate`), gives it a seeded who-knows-whom graph of ten
edges per person (1,000,000 at 100,000 people) if it has none yet, and times:

- `services.paths.path` in-process, warm, for person and company targets;
- networkx: loading the same edges from the same database into a graph (plus "me",
  tied to everyone I have goodwill with), then `shortest_path` to the same targets.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.generate import ensure

EDGES_PER_PERSON = 10
KINDS = (("knows", 0.8), ("introduced", 0.7), ("together", 0.4), ("event", 0.3))
ON = date(2026, 7, 1)


def _ensure_edges(path: Path, people: int, seed: int = 5) -> int:
    with sqlite3.connect(path) as db:
        have = db.execute("SELECT count(*) FROM edges").fetchone()[0]
        if have:
            return int(have)
        rng = random.Random(seed)
        # Clustered: most ties stay within a neighbourhood of ids, some reach far.
        rows: set[tuple[int, int, str, float]] = set()
        while len(rows) < people * EDGES_PER_PERSON:
            a = rng.randrange(1, people + 1)
            b = a + rng.randint(-200, 200) if rng.random() < 0.8 else rng.randrange(1, people + 1)
            if a == b or not 1 <= b <= people:
                continue
            kind, strength = rng.choice(KINDS)
            rows.add((min(a, b), max(a, b), kind, strength))
        db.execute("PRAGMA synchronous=OFF")
        db.executemany("INSERT OR IGNORE INTO edges VALUES (?, ?, ?, ?)", sorted(rows))
        return int(db.execute("SELECT count(*) FROM edges").fetchone()[0])


def _timed(run, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main(argv: list[str]) -> int:
    import networkx as nx  # type: ignore[import-untyped]

    from goodwill.bootstrap import build_context
    from goodwill.services import paths

    people = int(argv[0]) if argv else 100_000
    generated = ensure(people, 42)
    edges = _ensure_edges(generated.path, people)
    home = Path(tempfile.mkdtemp())
    ctx = build_context(
        {"GOODWILL_DATA_DIR": str(home), "GOODWILL_CONFIG": str(home / "c.toml")},
        db=str(generated.path),
    )
    rng = random.Random(11)
    with sqlite3.connect(generated.path) as db:
        names = dict(db.execute("SELECT id, name FROM people").fetchall())
        companies = [c for (c,) in db.execute("SELECT DISTINCT company FROM people LIMIT 50")]
    person_targets = [f"#{rng.randrange(1, people + 1)}" for _ in range(20)]
    company_targets = [c for c in companies if c][:5]
    for target in person_targets[:3]:
        paths.path(ctx, target, on=ON)  # warm caches and compiled SQL
    ours_person = _timed(lambda: [paths.path(ctx, t, on=ON) for t in person_targets], 1)
    ours_each = ours_person[0] / len(person_targets)
    company_times = [_timed(lambda t=t: paths.path(ctx, t, on=ON), 3)[1] for t in company_targets]

    started = time.perf_counter()
    graph = nx.Graph()
    with sqlite3.connect(generated.path) as db:
        for a, b, strength in db.execute("SELECT a_id, b_id, strength FROM edges"):
            graph.add_edge(a, b, weight=1.0 - 0.9 * strength)
        for (pid,) in db.execute("SELECT id FROM people WHERE balance_anchor > 0"):
            graph.add_edge("me", pid, weight=0.5)
    load_ms = (time.perf_counter() - started) * 1000
    target_ids = [int(t[1:]) for t in person_targets]
    started = time.perf_counter()
    for target_id in target_ids:
        if target_id in graph:
            nx.shortest_path(graph, "me", target_id, weight="weight")
    nx_each = (time.perf_counter() - started) * 1000 / len(target_ids)

    print(f"{people:,} people, {edges:,} edges ({len(names):,} named)")
    print(f"goodwill path, person target: {ours_each:.1f} ms each (warm, in-process)")
    print(f"goodwill path, company target: median {statistics.median(company_times):.1f} ms")
    print(f"networkx: load {load_ms:.0f} ms, then shortest_path {nx_each:.1f} ms each")
    print(
        f"goodwill is {(load_ms + nx_each) / ours_each:.0f}x faster than networkx loaded the "
        f"same way for one query, {nx_each / ours_each:.1f}x on an already loaded graph"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
