"""Where a fresh `goodwill today` process spends its time, phase by phase.

Run as `python -m benchmarks.phases DB DAY` in a new interpreter; prints one JSON object of
seconds: importing the CLI, importing the services, building the context, the first call
of `today` (schema check, SQL compilation, templates) and a second, warm call.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from datetime import date


def main(argv: list[str]) -> int:
    db, day = argv[0], date.fromisoformat(argv[1])
    gc.set_threshold(100_000)  # as `goodwill.cli.main.main` sets the collector for a command
    phases: dict[str, float] = {}
    started = time.perf_counter()
    mark = started

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        phases[name] = round(now - mark, 4)
        mark = now

    import goodwill.cli.app  # noqa: F401

    lap("import goodwill.cli.app")
    from goodwill.bootstrap import build_context
    from goodwill.services.plan import today

    lap("import services")
    ctx = build_context(os.environ, db=db, direct=True)
    lap("build context")
    today(ctx, day)
    lap("today, first call")
    today(ctx, day)
    lap("today, second call")
    phases["total"] = round(time.perf_counter() - started, 4)
    print(json.dumps(phases))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
