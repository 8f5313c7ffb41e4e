"""`goodwill path` against networkx's shortest paths on the same graph, in one run.

Usage: `python -m benchmarks.path_bench [PEOPLE]` (default 100,000). It takes the cached
benchmark network (`benchmarks.generate`), gives it a seeded who-knows-whom graph of ten
edges per person (1,000,000 at 100,000 people) if it has none yet, and times:

- `services.paths.path` in-process, warm, for person and company targets;
- networkx: loading the same edges from the same database into a graph (plus "me", tied
  to everyone; a tie never leads to someone I know directly, as in `path`), then
  Dijkstra's shortest path to the same person targets.

The weights make networkx's shortest path the warmest one as `path` scores it (the first
hop's warmth times the strength of each tie: weights of -log), with the target's
colleagues added as `path` adds them, so the benchmark also checks that both find the same
path (or an equally warm one). It reports the speed-up with networkx's load included and
against the query alone; it exits 1 when a target is missed (`benchmarks.targets`).
"""

from __future__ import annotations

import contextlib
import math
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.generate import ensure
from benchmarks.targets import Targets

if TYPE_CHECKING:
    from goodwill.services.context import Context
    from goodwill.services.paths import Paths

EDGES_PER_PERSON = 10
KINDS = (("knows", 0.8), ("introduced", 0.7), ("together", 0.4), ("event", 0.3))
ON = date(2026, 7, 1)
#: `path` answers one query faster than networkx loads the same edges and answers it.
TARGET_LOADED_RATIO = 1.0


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
        # People I have never been in touch with: `path` to anyone else is the direct ask,
        # with no search to time (in the generated ledger, nearly everyone has entries).
        unmet = [pid for (pid,) in db.execute("SELECT id FROM people WHERE last_contact IS NULL")]
    person_targets = [f"#{pid}" for pid in rng.choices(unmet or sorted(names), k=20)]
    company_targets = [c for c in companies if c][:5]
    for target in person_targets[:3]:
        paths.path(ctx, target, on=ON)  # warm caches and compiled SQL
    found: dict[str, Paths] = {}

    def ours_all() -> None:
        for target in person_targets:
            found[target] = paths.path(ctx, target, on=ON, limit=1)

    ours_each = _timed(ours_all, 1)[0] / len(person_targets)
    company_times = [_timed(lambda t=t: paths.path(ctx, t, on=ON), 3)[1] for t in company_targets]

    costs, known = _first_hop_costs(ctx, sorted(names))
    started = time.perf_counter()
    # Directed: a tie leads on to anyone but someone I know directly, whom only I reach.
    graph = nx.DiGraph()
    with sqlite3.connect(generated.path) as db:
        for a, b, strength in db.execute("SELECT a_id, b_id, strength FROM edges"):
            weight = -math.log(strength)
            if b not in known:
                graph.add_edge(a, b, weight=weight)
            if a not in known:
                graph.add_edge(b, a, weight=weight)
    for pid, cost in costs.items():
        graph.add_edge("me", pid, weight=cost)
    load_ms = (time.perf_counter() - started) * 1000
    target_ids = [int(t[1:]) for t in person_targets]
    theirs: dict[int, tuple[float, list[Any]]] = {}
    started = time.perf_counter()
    for target_id in target_ids:
        with _colleagues(graph, ctx, target_id, target_id in known):
            distance, route = nx.single_source_dijkstra(graph, "me", target_id, weight="weight")
        theirs[target_id] = (math.exp(-distance), route)
    nx_each = (time.perf_counter() - started) * 1000 / len(target_ids)
    differ = [
        f"{target}: ours {_best(found[target])} vs {theirs[int(target[1:])]}"
        for target in person_targets
        if not _same(found[target], *theirs[int(target[1:])], names)
    ]

    print(f"{people:,} people, {edges:,} edges ({len(names):,} named)")
    print(f"goodwill path, person target: {ours_each:.1f} ms each (warm, in-process)")
    print(f"goodwill path, company target: median {statistics.median(company_times):.1f} ms")
    print(f"networkx: load {load_ms:.0f} ms, then shortest path {nx_each:.1f} ms each")
    for line in differ:
        print(f"  differs from networkx: {line}")
    load_ratio, query_ratio = (load_ms + nx_each) / ours_each, nx_each / ours_each
    print(
        f"goodwill is {load_ratio:.1f}x faster than networkx for one query with the load, "
        f"{query_ratio:.1f}x against the query alone on an already loaded graph"
    )
    targets = Targets(f"path_bench, {people:,} people")
    targets.holds(
        "best path equals networkx's (or is as warm)",
        not differ,
        f"{len(differ)} of {len(person_targets)} differ",
    )
    targets.at_least("faster than networkx, load included", load_ratio, TARGET_LOADED_RATIO, "x")
    return targets.report()


def _first_hop_costs(ctx: Context, ids: list[int]) -> tuple[dict[int, float], set[int]]:
    """-log(warmth) of everyone: a path's score is its first hop's warmth times its ties,
    so the warmest path is networkx's shortest with these weights; and those I know
    directly (`ties.known_directly`), whom `path` never reaches through an introduction."""
    from goodwill.domain.ties import known_directly
    from goodwill.services.paths import warmth

    costs = {}
    known = set()
    with ctx.db.read() as uow:
        half_life = ctx.half_life(uow)
        for start in range(0, len(ids), 10_000):
            for person in uow.people.get_many(ids[start : start + 10_000]):
                costs[person.id] = -math.log(warmth(person, ON, half_life))
                if known_directly(person.state.last_contact):
                    known.add(person.id)
    return costs, known


@contextlib.contextmanager
def _colleagues(graph: Any, ctx: Context, target: int, known: bool) -> Iterator[None]:
    """The target's colleagues as ties to them (strength 0.5), as `path` counts them, for
    one query; none when I know the target directly (`known`)."""
    from goodwill.domain.ties import STRENGTH
    from goodwill.services.paths import COLLEAGUES

    with ctx.db.read() as uow:
        person = uow.people.get(target)
        company = person.fields.company if person is not None else ""
        at = uow.edges.at_company(company, COLLEAGUES) if company else []
    added = [] if known else [c for c in at if c != target and not graph.has_edge(c, target)]
    for colleague in added:
        graph.add_edge(colleague, target, weight=-math.log(STRENGTH["colleague"]))
    try:
        yield
    finally:
        graph.remove_edges_from((c, target) for c in added)


def _best(found: Paths) -> tuple[float, list[str]]:
    best = found.paths[0]
    return best.score, list(best.path)


def _same(found: Paths, score: float, route: list[Any], names: dict[int, str]) -> bool:
    """The same path, or another that is as warm (scores are rounded to three places)."""
    if not found.paths:
        return False
    ours_score, ours_route = _best(found)
    theirs_route = ["me", *(names[pid] for pid in route[1:])]
    return ours_route == theirs_route or abs(ours_score - score) < 0.0015


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
