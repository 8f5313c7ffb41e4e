"""The floor of an import into an empty database, as a whole process:
`python -m benchmarks.write_floor DATABASE ROWS EXPORT` (run by `benchmarks.floor_bench`).

It reads the export as the baseline does (`csv` and `strptime`, nothing else), then writes
into DATABASE, an empty goodwill database, the very rows goodwill's import wrote (ROWS, a
pickle of each table's columns and rows), as goodwill's bulk path writes them: the
people's indexes and the full-text triggers set aside, multi-row INSERTs, the indexes and
the full-text index built once at the end, one commit. Nothing is computed: the rows come
ready, so this is less than any import of that export can do. It imports the standard
library only, so that it starts as fast as a Python process can.
"""

from __future__ import annotations

import pickle
import sqlite3
import sys
from pathlib import Path

from benchmarks.baseline import csv_pass

#: Rows per INSERT statement, as goodwill's bulk writes use on SQLite.
ROWS_PER_STATEMENT = 200
FULL_TEXT_INDEXES = ("search_fts_profile", "search_fts_notes")

Tables = dict[str, tuple[list[str], list[tuple[object, ...]]]]


def main(argv: list[str]) -> int:
    database, rows, export = Path(argv[0]), Path(argv[1]), Path(argv[2])
    csv_pass(export)
    with rows.open("rb") as pickled:
        tables: Tables = pickle.load(pickled)
    db = sqlite3.connect(database, isolation_level=None)
    db.execute("BEGIN")
    indexes = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people'"
        " AND sql IS NOT NULL"
    ).fetchall()
    triggers = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_docs'"
    ).fetchall()
    for name, _ in indexes:
        db.execute(f'DROP INDEX "{name}"')
    for name, _ in triggers:
        db.execute(f'DROP TRIGGER "{name}"')
    for table, (columns, values) in tables.items():
        _insert(db, table, columns, values)
    for _, statement in indexes + triggers:
        db.execute(statement)
    for index in FULL_TEXT_INDEXES:
        db.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")
    db.execute("COMMIT")
    db.close()
    return 0


def _insert(
    db: sqlite3.Connection, table: str, columns: list[str], rows: list[tuple[object, ...]]
) -> None:
    one = f"({', '.join('?' * len(columns))})"
    named = ", ".join(f'"{column}"' for column in columns)
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start : start + ROWS_PER_STATEMENT]
        db.execute(
            f'INSERT INTO "{table}" ({named}) VALUES {", ".join([one] * len(chunk))}',
            [value for row in chunk for value in row],
        )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
