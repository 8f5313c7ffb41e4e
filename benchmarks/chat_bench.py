"""Chat import speed: `python -m benchmarks.chat_bench [--messages 100000] [--runs 3]`.

Writes a seeded WhatsApp export ZIP (iOS format, 200 one-to-one chats of the user with
people goodwill knows), then times, in-process, reading it alone, importing it into a
database that knows the 200 people, and importing it again (nothing new). Medians of
`--runs`, each in a fresh database.

Target: 100,000 messages imported in under 3 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import date, timedelta
from pathlib import Path

from benchmarks.targets import Targets
from goodwill.bootstrap import build_context
from goodwill.importers.records import ReadOptions
from goodwill.importers.whatsapp import read
from goodwill.services import imports, people
from goodwill.services.people import PersonChanges

ME = "Alex Morgan"
CHATS = 200
TARGET_SECONDS = 3.0


def write_export(folder: Path, messages: int, seed: int) -> Path:
    rng = random.Random(seed)
    path = folder / "WhatsApp Chats.zip"
    per_chat = messages // CHATS
    with zipfile.ZipFile(path, "w") as archive:
        for chat in range(CHATS):
            name, day, lines = f"Person {chat:03d}", date(2022, 1, 1), []
            for number in range(per_chat):
                if rng.random() < 0.1:
                    day += timedelta(days=rng.randint(1, 5))
                who = name if rng.random() < 0.5 else ME
                clock = (
                    f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
                )
                lines.append(f"[{day:%d/%m/%Y}, {clock}] {who}: message {number} about things")
            archive.writestr(f"WhatsApp Chat - {name}/_chat.txt", "\n".join(lines) + "\n")
    return path


def run_once(export: Path) -> tuple[float, float, float, int]:
    with tempfile.TemporaryDirectory() as folder:
        env = {"GOODWILL_DATA_DIR": folder, "GOODWILL_CONFIG": f"{folder}/config.toml"}
        ctx = build_context(env, db=f"{folder}/goodwill.db")
        ctx.db.initialise()
        for chat in range(CHATS):
            people.add_person(ctx, PersonChanges(name=f"Person {chat:03d}"))
        start = time.perf_counter()
        for _record in read(export, ReadOptions(me=(ME,), date_order="dmy")):
            pass
        reading = time.perf_counter() - start
        start = time.perf_counter()
        report = imports.import_path(ctx, "whatsapp", export, me=(ME,), date_order="dmy")
        first = time.perf_counter() - start
        start = time.perf_counter()
        imports.import_path(ctx, "whatsapp", export, me=(ME,), date_order="dmy")
        again = time.perf_counter() - start
        ctx.db.dispose()
        if report["errors"]:
            raise SystemExit(f"chat_bench: the import reported errors: {report['errors'][0]}")
        return reading, first, again, int(report["touches"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        export = write_export(Path(folder), args.messages, args.seed)
        runs = [run_once(export) for _ in range(args.runs)]
    reading, first, again = (statistics.median(r[i] for r in runs) for i in range(3))
    print(f"{args.messages:,} messages in {CHATS} chats -> {runs[0][3]:,} touches")
    print(f"read only       {reading:6.2f} s")
    print(f"import          {first:6.2f} s")
    print(f"import again    {again:6.2f} s")
    targets = Targets(f"chat_bench, {args.messages:,} messages")
    # The target is set for 100,000 messages; a smaller run is held to the same bound.
    targets.at_most("import", first, TARGET_SECONDS, "s")
    targets.at_most("import again (nothing new)", again, TARGET_SECONDS, "s")
    targets.holds("every chat gave touches", runs[0][3] >= CHATS, f"{runs[0][3]} touches")
    return targets.report()


if __name__ == "__main__":
    sys.exit(main())
