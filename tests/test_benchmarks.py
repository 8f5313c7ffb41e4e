"""Every benchmark runs end to end at a small size and gives its verdict (`benchmarks.targets`).

This checks that the benchmarks work, not their figures: at these sizes a target may be met or
missed, but the exit code must be the verdict's (0 when all are met, 1 on a miss), and a
benchmark that crashes never prints the verdict. A new `benchmarks/*_bench.py` must be added
to `SMOKE` so that it runs here too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ci import in_ci

PROJECT_DIR = Path(__file__).resolve().parents[1]

PEOPLE = "300"
#: module -> its arguments for a run of a few seconds.
SMOKE = {
    "benchmarks": [
        *("--sizes", PEOPLE, "--runs", "2", "--warmup", "0", "--process-runs", "2"),
        "--no-imports",
    ],
    "benchmarks.chat_bench": ["--messages", "2000", "--runs", "1"],
    "benchmarks.floor_bench": ["--rows", "300", "--runs", "1"],
    "benchmarks.import_bench": ["--rows", "300", "--runs", "1"],
    "benchmarks.list_bench": ["--sizes", PEOPLE, "--runs", "1"],
    "benchmarks.memory_bench": ["--rows", "300"],
    "benchmarks.mail_bench": ["--size-mb", "0.5", "--repeat", "1", "--runs", "1"],
    "benchmarks.path_bench": [PEOPLE],
    "benchmarks.reindex_bench": ["--sizes", PEOPLE, "--runs", "1"],
    "benchmarks.server_bench": [PEOPLE, "--seconds", "1", "--connections", "2"],
    "benchmarks.startup_bench": ["--sizes", PEOPLE, "--runs", "1"],
    "benchmarks.team_bench": ["--accounts", "2", "--people", "100", "--seconds", "5"],
    "benchmarks.vdir_bench": ["--cards", "200"],
}
VERDICT = re.compile(r"^targets: (all \d+ met|\d+ of \d+ MISSED)", re.MULTILINE)


def test_every_benchmark_has_a_smoke_run() -> None:
    found = {f"benchmarks.{path.stem}" for path in (PROJECT_DIR / "benchmarks").glob("*_bench.py")}
    assert found | {"benchmarks"} == set(SMOKE)


@pytest.fixture(scope="module")
def bench_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Databases in a scratch folder, generated once for the benchmarks that share them."""
    scratch = tmp_path_factory.mktemp("bench")
    env = {
        **os.environ,
        "GOODWILL_BENCH_DATA": str(scratch / "data"),
        "GOODWILL_BENCH_RESULTS": str(scratch / "results.json"),
    }
    env.pop("GOODWILL_DB", None)
    command = [sys.executable, "-m", "benchmarks", "--sizes", PEOPLE, "--generate-only"]
    subprocess.run(command, cwd=PROJECT_DIR, env=env, check=True, capture_output=True)
    return env


@pytest.mark.parametrize("module", sorted(SMOKE))
def test_benchmark_runs_and_gives_its_verdict(module: str, bench_env: dict[str, str]) -> None:
    if module == "benchmarks.server_bench" and shutil.which("wrk") is None:
        if in_ci():
            pytest.fail("CI must have wrk (Debian's `wrk` package) for the server benchmark")
        pytest.skip("wrk is not installed")
    arguments = list(SMOKE[module])
    command = [sys.executable, "-m", module, *arguments]
    done = subprocess.run(
        command, cwd=PROJECT_DIR, env=bench_env, capture_output=True, text=True, timeout=300
    )
    output = done.stdout + done.stderr
    verdict = VERDICT.search(done.stdout)
    assert verdict is not None, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert done.returncode == (1 if "MISSED" in verdict.group(1) else 0), output[-3000:]
