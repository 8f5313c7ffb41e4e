"""Benchmarks of goodwill at scale: `python -m benchmarks` (also `make bench`).

* `benchmarks.generate` builds (and caches under `benchmarks/.data/`) seeded SQLite
  databases of N people with on average 100 ledger entries each;
* `benchmarks.run` times the read and write paths in-process, the whole `goodwill today`
  process, and lists the heaviest imports;
* `goodwill.store.query_plans` (shared with the tests) captures the SQL each use case runs
  and its SQLite query plans.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
#: Cached databases; GOODWILL_BENCH_DATA puts them elsewhere (the smoke test's scratch folder).
DATA_DIR = Path(os.environ.get("GOODWILL_BENCH_DATA") or BENCH_DIR / ".data")
#: The figures of the last run; GOODWILL_BENCH_RESULTS writes them elsewhere (the smoke test).
RESULTS_PATH = Path(os.environ.get("GOODWILL_BENCH_RESULTS") or BENCH_DIR / "results.json")
PROJECT_DIR = BENCH_DIR.parent

#: Generated history ends on this day; the timings act as if today were BENCH_DAY.
END_DAY = date(2026, 6, 30)
BENCH_DAY = date(2026, 7, 1)

DEFAULT_SIZES = (10_000, 100_000)
QUICK_SIZES = (10_000,)
DEFAULT_SEED = 42
#: Average ledger entries (interactions) per person.
ENTRIES_PER_PERSON = 100
HALF_LIFE_DAYS = 365.0

#: The targets of the issue, at 100,000 people and 10,000,000 interactions.
TARGET_OP_MS = 50.0
TARGET_PROCESS_S = 0.3
