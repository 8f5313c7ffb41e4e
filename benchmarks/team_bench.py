"""A team server under a mixed load for a while: two processes on one PostgreSQL database.

Usage: `python -m benchmarks.team_bench [--accounts 200] [--people 2000] [--seconds 600]
[--max-requests 200000] [--workers 8]`

It starts a throwaway PostgreSQL cluster (as the tests do: fsync off), makes the accounts
(the first imports a network of `--people` contacts through the import service; the others
get copies of its namespace), and starts two `goodwill serve --multi-user` processes on two loopback ports. Worker
threads (half on each port) then send a seeded mix until the time or the request budget
runs out, whichever comes first:

- reads (72%): the plan, the due list, a search, a person, the People page;
- logs (20%): a touch or a give through the API;
- imports (3%): a 20-card vCard through the API, for real;
- sign-ins (5%): the sign-in form loaded and posted; four of them, over the whole run,
  with a wrong password (expected 401: five failures from one address would lock it, and
  every request here comes from 127.0.0.1).

Every answer must be the expected one (2xx, 303, or those 401s): anything else is an
error. Each server's resident memory is sampled every 10 s. Last, every namespace is put
back one migration and `goodwill init` is timed bringing all of them up to date.
Prints a JSON report and the verdict (`benchmarks.targets`): exit 1 on an error or on a
server that grew by more than 25% once warm.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx

from benchmarks.targets import Targets

PASSWORD = "correct horse battery"
FAILED_SIGN_INS = 4
FAILURES_LOCK = threading.Lock()
SAMPLE_EVERY = 10.0
ALLOWED_GROWTH = 0.25
MIX = (("read", 72), ("log", 20), ("import", 3), ("sign-in", 5))
FIRST = ("Ana", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ida", "Jo", "Kai", "Lu")
LAST = ("Reyes", "Park", "Ortiz", "Chen", "Novak", "Silva", "Haas", "Ito", "Kim", "Berg")
COMPANIES = ("Acme", "Fabrikam GmbH", "Contoso Ltd", "Northwind", "Tailspin", "Adatum")


def goodwill_command() -> str:
    return str(Path(sys.executable).with_name("goodwill"))


def contacts_csv(path: Path, people: int, seed: int) -> None:
    """A Google Contacts export of `people` distinct people."""
    rng = random.Random(seed)
    header = (
        "First Name,Last Name,Organization Name,Organization Title,"
        "E-mail 1 - Label,E-mail 1 - Value\n"
    )
    with path.open("w", encoding="utf-8") as out:
        out.write(header)
        for number in range(people):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            company = rng.choice(COMPANIES)
            email = f"{first}.{last}.{number}@example.com".lower()
            out.write(f"{first},{last} {number},{company},Engineer,Work,{email}\n")


def vcards(seed: int, count: int = 20) -> bytes:
    rng = random.Random(seed)
    cards = []
    for number in range(count):
        name = f"{rng.choice(FIRST)} Import{seed}x{number}"
        cards.append(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nN:Import{seed}x{number};"
            f"{name.split()[0]};;;\r\nEMAIL:i{seed}x{number}@example.org\r\nEND:VCARD\r\n"
        )
    return "".join(cards).encode()


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    count: int = 0

    def take(self, budget: int) -> bool:
        with self.lock:
            if self.count >= budget:
                return False
            self.count += 1
            return True

    def record(self, kind: str, seconds: float, problem: str | None) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if problem is not None:
                self.errors.append(problem)


@dataclass
class Account:
    username: str
    token: str


class Worker:
    def __init__(
        self, base: str, accounts: list[Account], people: int, seed: int, failures: list[int]
    ) -> None:
        self.base = base
        self.accounts = accounts
        self.people = people
        self.rng = random.Random(seed)
        self.failures = failures  # shared: how many wrong-password sign-ins are left
        self.client = httpx.Client(base_url=base, timeout=120)
        self.actions: dict[str, Callable[[Account], str | None]] = {
            "read": self.read,
            "log": self.log,
            "import": self.upload,
            "sign-in": self.sign_in,
        }

    def run(self, tally: Tally, deadline: float, budget: int) -> None:
        kinds = [kind for kind, _ in MIX]
        weights = [weight for _, weight in MIX]
        with self.client:
            while time.monotonic() < deadline and tally.take(budget):
                kind = self.rng.choices(kinds, weights)[0]
                account = self.rng.choice(self.accounts)
                started = time.perf_counter()
                try:
                    problem = self.actions[kind](account)
                except httpx.HTTPError as error:
                    problem = f"{kind}: {type(error).__name__}: {error}"
                tally.record(kind, time.perf_counter() - started, problem)

    def _api(self, account: Account) -> dict[str, str]:
        return {"Authorization": f"Bearer {account.token}"}

    def read(self, account: Account) -> str | None:
        person = self.rng.randint(1, self.people)
        path = self.rng.choice(
            ("/api/v1/today", "/api/v1/due", f"/api/v1/people/{person}", "/api/v1/people?q=")
        )
        if path.endswith("q="):
            path += self.rng.choice(FIRST)
        answer = self.client.get(path, headers=self._api(account))
        return None if answer.status_code == 200 else f"read {path}: {answer.status_code}"

    def log(self, account: Account) -> str | None:
        body = {
            "people": [f"#{self.rng.randint(1, self.people)}"],
            "action": self.rng.choice(("touch", "gave")),
            "note": "load test",
        }
        answer = self.client.post("/api/v1/ledger", json=body, headers=self._api(account))
        return None if answer.status_code == 201 else f"log: {answer.status_code} {answer.text}"

    def upload(self, account: Account) -> str | None:
        files = {"file": ("cards.vcf", vcards(self.rng.randint(0, 10**9)), "text/vcard")}
        answer = self.client.post("/api/v1/import/vcard", files=files, headers=self._api(account))
        return None if answer.status_code == 200 else f"import: {answer.status_code}"

    def sign_in(self, account: Account) -> str | None:
        with httpx.Client(base_url=self.base, timeout=120) as browser:
            form = browser.get("/login").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', form)
            if token is None:
                return "sign-in: no form token"
            password, expected = PASSWORD, 303
            with FAILURES_LOCK:
                if self.failures[0] > 0 and self.rng.random() < 0.05:
                    self.failures[0] -= 1
                    password, expected = "a wrong password", 401
            data = {"username": account.username, "password": password, "csrf_token": token[1]}
            answer = browser.post("/login", data=data, follow_redirects=False)
            if answer.status_code != expected:
                return f"sign-in: {answer.status_code}, expected {expected}"
            if expected == 303:
                page = browser.get("/people")
                if page.status_code != 200:
                    return f"people page after sign-in: {page.status_code}"
        return None


def rss_bytes(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) * 1024 if found else 0


def populate(
    url: str, env: dict[str, str], accounts: int, people: int, pg_bin: Path
) -> list[Account]:
    """The first account made and its network imported as a user would; the others are
    copies of that namespace (pg_dump of its schema, renamed), which takes seconds where
    200 imports would take most of an hour on a busy 2-core machine."""
    from sqlalchemy import text

    from goodwill.bootstrap import build_context
    from goodwill.services import accounts as account_service
    from goodwill.services import admin
    from goodwill.services.imports import import_path

    ctx = build_context(env, db=url)
    admin.init(ctx)
    first = account_service.add_user(ctx, "user000", PASSWORD)
    with tempfile.TemporaryDirectory(prefix="goodwill-team-load-") as scratch:
        csv = Path(scratch) / "contacts.csv"
        contacts_csv(csv, people, seed=0)
        import_path(ctx.for_owner(first.id), "google-csv", csv)
    libpq = url.replace("postgresql+psycopg://", "postgresql://", 1)
    schema = f"owner_{first.id}"
    dump = subprocess.run(
        [str(pg_bin / "pg_dump"), "--schema", schema, "--no-owner", libpq],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    with ctx.db.engine().begin() as connection:
        password_hash = connection.execute(
            text("SELECT password_hash FROM accounts WHERE id = :id"), {"id": first.id}
        ).scalar_one()
        for number in range(1, accounts):
            connection.execute(
                text(
                    "INSERT INTO accounts (username, password_hash, created_at, share_ties) "
                    "VALUES (:name, :hash, now(), :share)"
                ),
                {"name": f"user{number:03d}", "hash": password_hash, "share": number % 2 == 0},
            )
    ids = {a.username: a.id for a in account_service.list_users(ctx)}
    for number in range(1, accounts):
        copy = re.sub(rf"\b{schema}\b", f"owner_{ids[f'user{number:03d}']}", dump)
        subprocess.run(
            [str(pg_bin / "psql"), "-q", "-v", "ON_ERROR_STOP=1", libpq],
            input=copy,
            text=True,
            check=True,
            capture_output=True,
        )
        if number % 50 == 0:
            print(f"  {number} namespaces copied", file=sys.stderr)
    made = [
        Account(name, account_service.create_token(ctx, "load", name).token) for name in sorted(ids)
    ]
    ctx.db.dispose()
    return made


def step_back_one_migration(url: str, accounts: int) -> str:
    """Every namespace (main and each account's) one migration back, for `init` to redo."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from goodwill.store.migrate import MIGRATIONS_DIR
    from goodwill.store.schema import REVISIONS

    previous = REVISIONS[-2]
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    for schema in ["public", *(f"owner_{number + 1}" for number in range(accounts))]:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"SET LOCAL search_path TO {schema}")
            config.attributes["connection"] = connection
            command.downgrade(config, previous)
    engine.dispose()
    return previous


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def start_server(url: str, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    command = [goodwill_command(), "--db", url, "serve", "--multi-user", "--no-digests"]
    return subprocess.Popen(
        [*command, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("a server exited before it answered")
        try:
            httpx.get(base + "/login", timeout=5)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    raise RuntimeError(f"{base} did not answer")


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_load(
    bases: list[str],
    pids: list[int],
    accounts: list[Account],
    options: argparse.Namespace,
) -> dict[str, Any]:
    tally = Tally()
    failures = [FAILED_SIGN_INS]
    started = time.monotonic()
    deadline = started + options.seconds
    workers = [
        Worker(bases[n % len(bases)], accounts, options.people, seed=n, failures=failures)
        for n in range(options.workers)
    ]
    threads = [
        threading.Thread(target=w.run, args=(tally, deadline, options.max_requests))
        for w in workers
    ]
    memory: list[dict[str, Any]] = []
    sample: Callable[[], None] = lambda: memory.append(  # noqa: E731
        {
            "at_s": round(time.monotonic() - started),
            "rss_mb": [round(rss_bytes(pid) / 2**20) for pid in pids],
        }
    )
    sample()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        for thread in threads:
            thread.join(timeout=SAMPLE_EVERY / len(threads))
        if time.monotonic() - started >= (memory[-1]["at_s"] + SAMPLE_EVERY):
            sample()
    sample()
    elapsed = time.monotonic() - started
    every = [value for values in tally.latencies.values() for value in values]
    return {
        "requests": len(every),
        "seconds": round(elapsed, 1),
        "requests_per_s": round(len(every) / elapsed, 1),
        "p50_ms": round(statistics.median(every) * 1000, 1) if every else None,
        "p99_ms": round(percentile(every, 0.99) * 1000, 1),
        "by_kind": {
            kind: {
                "requests": len(values),
                "p50_ms": round(statistics.median(values) * 1000, 1),
                "p99_ms": round(percentile(values, 0.99) * 1000, 1),
            }
            for kind, values in sorted(tally.latencies.items())
        },
        "failed_sign_ins": FAILED_SIGN_INS - failures[0],
        "errors": len(tally.errors),
        "first_errors": tally.errors[:5],
        "memory": memory,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.team_bench")
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=8)
    options = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from pgcluster import PostgresCluster

    with tempfile.TemporaryDirectory(prefix="goodwill-team-load-") as scratch:
        env = {
            **os.environ,
            "GOODWILL_DATA_DIR": scratch,
            "GOODWILL_CONFIG": str(Path(scratch) / "config.toml"),
        }
        cluster = PostgresCluster()
        cluster.start(Path(scratch) / "pg")
        servers: list[subprocess.Popen[bytes]] = []
        try:
            url = cluster.create_database("team_bench")
            began = time.monotonic()
            assert cluster._bin is not None
            accounts = populate(url, env, options.accounts, options.people, cluster._bin)
            setup_s = time.monotonic() - began
            ports = [free_port(), free_port()]
            servers = [start_server(url, env, port) for port in ports]
            bases = [f"http://127.0.0.1:{port}" for port in ports]
            for base, server in zip(bases, servers, strict=True):
                wait_up(base, server)
            report = run_load(bases, [s.pid for s in servers], accounts, options)
            for server in servers:
                server.terminate()
                server.communicate(timeout=60)
            servers = []
            previous = step_back_one_migration(url, options.accounts)
            began = time.monotonic()
            subprocess.run(
                [goodwill_command(), "--db", url, "init"], env=env, check=True, capture_output=True
            )
            report["init_upgrade"] = {
                "from": previous,
                "namespaces": options.accounts + 1,
                "seconds": round(time.monotonic() - began, 1),
            }
            report["setup_seconds"] = round(setup_s, 1)
            report["accounts"], report["people_each"] = options.accounts, options.people
        finally:
            for server in servers:
                server.terminate()
                server.communicate(timeout=60)
            cluster.stop()
            shutil.rmtree(Path(scratch) / "pg", ignore_errors=True)
    print(json.dumps(report, indent=2))
    return verdict(report).report()


def verdict(report: dict[str, Any]) -> Targets:
    """No errors, and memory flat: each process, from a quarter into the run (caches warm)
    to the end, grows by at most `ALLOWED_GROWTH`."""
    targets = Targets(
        f"team_bench, {report['accounts']} accounts x {report['people_each']} people, "
        f"{report['seconds']:.0f} s"
    )
    targets.holds("no errors", report["errors"] == 0, f"{report['errors']} errors")
    settled = report["memory"][len(report["memory"]) // 4]["rss_mb"]
    final = report["memory"][-1]["rss_mb"]
    for number, (first, last) in enumerate(zip(settled, final, strict=True), start=1):
        growth = 100.0 * (last - first) / first if first else 0.0
        targets.at_most(f"server {number}: memory growth", growth, 100 * ALLOWED_GROWTH, "%")
    return targets


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
