"""`python -m benchmarks.memory_bench [--rows N]`: peak memory of imports, exports and restore.

Memory must follow what a step holds, not the size of its input: each step runs as its own
`goodwill` process (`benchmarks.processes.measure`, the child's peak resident set) on a
network of N people (1,000,000 by default), and every one must stay under 400 MB:

- `import google-csv` of an N-row contacts CSV into an empty database;
- `import linkedin --dry-run` of a LinkedIn ZIP whose Connections.csv has N rows
  (a ZIP member was once unpacked whole);
- `export json`, `export csv` and `export vcard` of the imported network;
- `restore` of that JSON backup into a new database, and the round trip's bytes.

The verdict prints each target beside its figure and exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import random
import sys
import tempfile
import zipfile
from pathlib import Path

from benchmarks.processes import goodwill, measure
from benchmarks.targets import Targets

TARGET_MB = 400.0
_GOOGLE_HEADER = (
    "First Name",
    "Last Name",
    "Organization Name",
    "Organization Title",
    "Notes",
    "E-mail 1 - Label",
    "E-mail 1 - Value",
    "Phone 1 - Label",
    "Phone 1 - Value",
)
_LINKEDIN_NOTES = (
    'Notes:\n"When exporting your connection data, some email addresses may be missing."\n\n'
)
_LINKEDIN_HEADER = (
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
)


def _names(rows: int, seed: int) -> list[tuple[str, str, str]]:
    """(first, last, unique handle) for each row: varied enough to compress as real text."""
    chance = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    firsts = ["Ana", "Bo", "Cy", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivo", "Jun"]
    return [
        (chance.choice(firsts), "".join(chance.choices(letters, k=9)).title(), f"p{row}")
        for row in range(rows)
    ]


def _phone(row: int) -> str:
    """A number of its own for each row (up to 800,000): numbers repeated across rows
    would merge strangers and time the merge path instead of the import."""
    return f"+1 206 {200 + row // 10_000:03d} {row % 10_000:04d}"


def write_google_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(_GOOGLE_HEADER)
        for first, last, handle_id in _names(rows, 1):
            writer.writerow(
                (
                    first,
                    last,
                    f"{last[:4]} Ltd",
                    "Engineer",
                    f"met {handle_id} at a meetup",
                    "Work",
                    f"{handle_id}@example.org",
                    "Mobile",
                    _phone(int(handle_id[1:])),
                )
            )


def write_linkedin_zip(path: Path, rows: int) -> None:
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("Connections.csv", "w", force_zip64=True) as member,
    ):
        member.write(_LINKEDIN_NOTES.encode())
        member.write((",".join(_LINKEDIN_HEADER) + "\n").encode())
        for first, last, handle_id in _names(rows, 2):
            line = f"{first},{last},https://www.linkedin.com/in/{handle_id},,{last[:4]} Ltd,CTO,14 Mar 2019\n"
            member.write(line.encode())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory_bench")
    parser.add_argument("--rows", type=int, default=1_000_000, help="people (rows) per step")
    args = parser.parse_args(argv)
    rows: int = args.rows
    targets = Targets(f"memory_bench, {rows:,} rows or people (peak resident set)")
    with tempfile.TemporaryDirectory(prefix="goodwill-memory-") as scratch:
        folder = Path(scratch)
        db, restored = f"sqlite:///{folder / 'net.db'}", f"sqlite:///{folder / 'restored.db'}"
        contacts, export = folder / "contacts.csv", folder / "linkedin.zip"
        write_google_csv(contacts, rows)
        write_linkedin_zip(export, rows)
        print(
            f"inputs: contacts.csv {contacts.stat().st_size / 1e6:,.0f} MB, "
            f"linkedin.zip {export.stat().st_size / 1e6:,.0f} MB",
            flush=True,
        )
        measure(goodwill(db, "init"))
        steps = [
            ("import google-csv", goodwill(db, "import", "google-csv", str(contacts))),
            (
                "import linkedin ZIP --dry-run",
                goodwill(db, "import", "linkedin", str(export), "--dry-run"),
            ),
            ("export json", goodwill(db, "export", "json", "-o", str(folder / "b.json"))),
            ("export csv", goodwill(db, "export", "csv", "-o", str(folder / "p.csv"))),
            ("export vcard", goodwill(db, "export", "vcard", "-o", str(folder / "p.vcf"))),
            ("restore", goodwill(restored, "restore", str(folder / "b.json"))),
            (
                "export json of the restored",
                goodwill(restored, "export", "json", "-o", str(folder / "again.json")),
            ),
        ]
        for name, command in steps:
            run = measure(command)
            print(f"  {name}: {run.peak_mb:,.0f} MB peak, {run.wall:,.1f} s", flush=True)
            targets.at_most(f"{name} peak", run.peak_mb, TARGET_MB, "MB")
        same = filecmp.cmp(folder / "b.json", folder / "again.json", shallow=False)
        targets.holds("export -> restore -> export byte-identical", same, "bytes differ")
    return targets.report()


if __name__ == "__main__":
    sys.exit(main())
