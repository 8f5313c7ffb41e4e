"""Whole `goodwill` processes timed as a user runs them, with their peak memory.

Each command runs under a small Python parent that waits for it alone and reports its
wall time, CPU time and peak resident set (the parent's own `RUSAGE_CHILDREN`, so no
earlier child of the benchmark counts). `measure` keeps the command's output; `stream`
reads it from a pipe as it comes, counts its lines and drops it, as `goodwill list | wc -l`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True)
wall = time.perf_counter() - started
used = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.buffer.write(done.stderr)
sys.stdout.buffer.write(done.stdout)
sys.stdout.write("\\n" + json.dumps({"code": done.returncode, "wall": wall,
    "cpu": used.ru_utime + used.ru_stime, "peak_kib": used.ru_maxrss}) + "\\n")
"""


_STREAM = """
import json, resource, subprocess, sys, tempfile, time
with tempfile.TemporaryFile() as errors:
    started = time.perf_counter()
    child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=errors)
    lines = 0
    while chunk := child.stdout.read(1 << 16):
        lines += chunk.count(b"\\n")
    code = child.wait()
    wall = time.perf_counter() - started
    errors.seek(0)
    sys.stderr.buffer.write(errors.read())
used = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stdout.write(json.dumps({"code": code, "wall": wall, "lines": lines,
    "cpu": used.ru_utime + used.ru_stime, "peak_kib": used.ru_maxrss}) + "\\n")
"""


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mb: float
    stdout: str


def goodwill(db: str, *args: str) -> list[str]:
    """The `goodwill` command line on a database."""
    return [sys.executable, "-m", "goodwill", "--db", db, *args]


def measure(command: Sequence[str], env: Mapping[str, str] | None = None) -> Run:
    """Run a command to its end and measure it; a failure stops the benchmark."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=True,
    )
    output, _, last = done.stdout.rstrip("\n").rpartition("\n")
    figures = json.loads(last)
    if figures["code"] != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    return Run(figures["wall"], figures["cpu"], figures["peak_kib"] / 1024, output)


@dataclass(frozen=True)
class Streamed:
    wall: float
    cpu: float
    peak_mb: float
    lines: int


def stream(command: Sequence[str], env: Mapping[str, str] | None = None) -> Streamed:
    """Run a command with its output read from a pipe and dropped; a failure stops the
    benchmark."""
    done = subprocess.run(
        [sys.executable, "-c", _STREAM, *command],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(done.stdout)
    if figures["code"] != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    return Streamed(figures["wall"], figures["cpu"], figures["peak_kib"] / 1024, figures["lines"])
