"""The baseline the import targets are relative to, with nothing but the standard library:
the floor's worker process (`benchmarks.write_floor`) starts as lean as a process can."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path


def csv_pass(path: Path) -> int:
    """A `Connections.csv` through `csv` with each Connected On parsed by `strptime`, and
    nothing else; the rows read."""
    count = 0
    with path.open(encoding="utf-8", newline="") as text:
        rows = csv.reader(text)
        for row in rows:
            if row[:1] == ["First Name"]:
                break
        for row in rows:
            datetime.strptime(row[6], "%d %b %Y")
            count += 1
    return count
