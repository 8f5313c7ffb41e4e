"""A running `goodwill serve` under load: the Today, Person and API pages, with wrk.

Usage: `python -m benchmarks.server_bench [PEOPLE] [--seconds S] [--connections C]`
(default 100,000 people, 15 s, 8 connections). It copies the cached benchmark network
(`benchmarks.generate`) to a scratch file, makes an API token there, starts the real
server on one worker on loopback, warms it, then runs wrk (Debian's `wrk` package) on
each URL and reports requests per second and latency percentiles. wrk and the server
share the machine's cores, as they would on a laptop.

The targets: p99 under 100 ms and at least 300 requests per second, on 2 cores, for the
Today page, `/api/v1/today` and a Person page looked at again (the server keeps a page
until something is written). "person, each new" asks for a different person every time,
so nothing kept helps: it is reported beside, without a target. Needs `wrk` (Debian:
`apt-get install wrk`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from benchmarks import BENCH_DAY, DEFAULT_SEED, RESULTS_PATH
from benchmarks.generate import ensure
from benchmarks.targets import Targets

TARGET_P99_MS = 100.0
TARGET_RPS = 300.0
SCRIPT_LIMIT_BYTES = 100 * 1024


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _goodwill(*args: str, env: dict[str, str]) -> str:
    command = [str(Path(sys.executable).with_name("goodwill")), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def _wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server exited before it answered")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {seconds:.0f} s")


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text.strip()).groups()  # type: ignore[union-attr]
    return float(value) * _UNIT_MS[unit]


def parse_wrk(output: str) -> dict[str, Any]:
    """Requests per second, latency percentiles and errors from `wrk --latency` output."""
    result: dict[str, Any] = {}
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    result["rps"] = float(rps.group(1)) if rps else None
    for percent in ("50", "90", "99"):
        found = re.search(rf"^\s+{percent}(?:\.000)?%\s+(\S+)", output, re.MULTILINE)
        result[f"p{percent}_ms"] = _ms(found.group(1)) if found else None
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    result["non_2xx"] = int(errors.group(1)) if errors else 0
    sockets = re.search(r"Socket errors: (.*)", output)
    result["socket_errors"] = sockets.group(1).strip() if sockets else None
    return result


#: A wrk script asking for a different person each time, in a stride over every id: how a
#: Person page does when nothing of it is kept (`PEOPLE` is replaced by the count).
EVERY_PERSON = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/people/" .. ((counter * 7919) % PEOPLE + 1))
end
"""


def _wrk(
    url: str, seconds: int, connections: int, headers: list[str], script: Path | None = None
) -> dict[str, Any]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script is not None:
        command += ["-s", str(script)]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def _script_bytes(base: str) -> int:
    with urllib.request.urlopen(base) as response:
        page = response.read().decode()
    total = 0
    for src in re.findall(r'<script src="([^"]+)"', page):
        with urllib.request.urlopen(base.rstrip("/") + src) as script:
            total += len(script.read())
    return total


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.server_bench")
    parser.add_argument("people", nargs="?", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    options = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 1
    generated = ensure(options.people, DEFAULT_SEED)
    with tempfile.TemporaryDirectory(prefix="goodwill-serve-bench-") as scratch:
        copy = Path(scratch) / "goodwill.db"
        shutil.copyfile(generated.path, copy)
        env = {
            **os.environ,
            "GOODWILL_DB": str(copy),
            "GOODWILL_DATA_DIR": scratch,
            "GOODWILL_CONFIG": str(Path(scratch) / "config.toml"),
        }
        token = json.loads(_goodwill("token", "create", "bench", "--json", env=env))["token"]
        port = _free_port()
        base = f"http://127.0.0.1:{port}/"
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("goodwill")),
                "serve",
                "--port",
                str(port),
                "--no-digests",
                "--on",
                BENCH_DAY.isoformat(),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            _wait_until_up(base, server)
            auth = [f"Authorization: Bearer {token}"]
            every_person = Path(scratch) / "every_person.lua"
            every_person.write_text(EVERY_PERSON.replace("PEOPLE", str(options.people)))
            runs: dict[str, tuple[str, list[str], Path | None]] = {
                "today page": (base, [], None),
                "api today": (base + "api/v1/today", auth, None),
                "api due": (base + "api/v1/due", auth, None),
                "person page": (base + "people/1", [], None),
                "person, each new": (base, [], every_person),
            }
            results: dict[str, Any] = {"people": options.people, "connections": options.connections}
            for name, (url, headers, script) in runs.items():
                # warm: caches, pages of the file, the plan
                _wrk(url, min(3, options.seconds), 4, headers, script)
                results[name] = _wrk(url, options.seconds, options.connections, headers, script)
            results["script_bytes"] = _script_bytes(base)
        finally:
            server.terminate()
            server.wait(timeout=30)
    _report(results)
    _save(results)
    return _targets(results).report()


def _report(results: dict[str, Any]) -> None:
    print(
        f"goodwill serve, {results['people']:,} people, {results['connections']} connections (wrk)"
    )
    print(f"{'':16} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, row in results.items():
        if not isinstance(row, dict):
            continue
        print(
            f"{name:16} {row['rps']:8.0f} {row['p50_ms']:8.1f} {row['p90_ms']:8.1f} "
            f"{row['p99_ms']:8.1f} {row['non_2xx']:7d}"
        )
    print(f"JavaScript on a page: {results['script_bytes'] / 1024:.1f} KB")


def _targets(results: dict[str, Any]) -> Targets:
    targets = Targets(f"server_bench, {results['people']:,} people")
    for name in ("today page", "api today", "person page"):
        row = results[name]
        targets.at_most(f"{name} p99", row["p99_ms"], TARGET_P99_MS, "ms")
        targets.at_least(f"{name} throughput", row["rps"], TARGET_RPS, "req/s")
        targets.holds(f"{name} answers 2xx/3xx", row["non_2xx"] == 0, f"{row['non_2xx']} errors")
    targets.at_most("JavaScript on a page", results["script_bytes"] / 1024, 100, "KB")
    return targets


def _save(results: dict[str, Any]) -> None:
    saved = json.loads(RESULTS_PATH.read_text()) if RESULTS_PATH.exists() else {}
    saved["server"] = results
    RESULTS_PATH.write_text(json.dumps(saved, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
