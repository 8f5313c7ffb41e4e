"""The SQL a use case runs, and SQLite's plan for each statement (the benchmarks' report,
and the test that every index is read by some query).

A listener on the engine records every statement with its parameters and the time the
driver spent executing it. The daily commands' statements (`store.sql.SqliteSql`) go to
SQLite's own driver connection without passing through the engine: a trace callback on
that connection records them too, with their values written into the text, and without a
time. `EXPLAIN QUERY PLAN` then runs each distinct statement on a read-only connection.
Plans that scan a whole table or index, or sort into a temporary B-tree, are flagged: on a
large network those are the usual reasons a read is slow.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

#: Statements with no plan to read; "--" starts the trace of a trigger's statements.
SKIPPED_PREFIXES = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE", "--")


@dataclass
class Statement:
    sql: str
    parameters: tuple[Any, ...]
    calls: int = 0
    seconds: float = 0.0
    plan: list[str] = field(default_factory=list)

    @property
    def flags(self) -> list[str]:
        """Plan lines that read a whole table or index, or sort into a temporary B-tree."""
        flagged = []
        for line in self.plan:
            text = line.strip()
            full_scan = text.startswith("SCAN ") and "CONSTANT ROW" not in text
            if full_scan or "TEMP B-TREE" in text:
                flagged.append(text)
        return flagged


@dataclass
class Capture:
    """The statements of one use case, in the order first run."""

    operation: str
    statements: dict[str, Statement] = field(default_factory=dict)
    error: str | None = None

    @property
    def calls(self) -> int:
        return sum(s.calls for s in self.statements.values())

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.statements.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "statements_executed": self.calls,
            "distinct_statements": len(self.statements),
            "driver_ms": round(self.seconds * 1000, 3),
            "error": self.error,
            "statements": [
                {
                    "sql": s.sql,
                    "calls": s.calls,
                    "driver_ms": round(s.seconds * 1000, 3),
                    "plan": s.plan,
                    "flags": s.flags,
                }
                for s in self.statements.values()
            ],
        }


def capture(engine: Engine, operation: str, action: Callable[[], object]) -> Capture:
    """Run `action` once and record the SQL it sends through `engine`, or straight to the
    SQLite connections the engine lends."""
    result = Capture(operation)
    started: list[float] = []
    traced: list[sqlite3.Connection] = []

    def record(statement: str, parameters: tuple[Any, ...]) -> None:
        if statement.lstrip().upper().startswith(SKIPPED_PREFIXES):
            return
        entry = result.statements.get(statement)
        if entry is None:
            entry = Statement(statement, parameters)
            result.statements[statement] = entry
        entry.calls += 1

    def before(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool
    ) -> None:
        started.append(time.perf_counter())
        params = parameters[0] if many and parameters else parameters
        record(statement, tuple(params or ()))

    def after(
        _conn: Any, _cursor: Any, statement: str, _parameters: Any, _context: Any, _many: bool
    ) -> None:
        elapsed = time.perf_counter() - started.pop()
        entry = result.statements.get(statement)
        if entry is not None:
            entry.seconds += elapsed

    def trace(statement: str) -> None:
        if not started:  # not one the engine runs, which `before` has recorded
            record(statement, ())

    def checkout(driver: Any, _record: Any, _proxy: Any) -> None:
        if isinstance(driver, sqlite3.Connection):
            driver.set_trace_callback(trace)
            traced.append(driver)

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    event.listen(engine, "checkout", checkout)
    try:
        action()
    except Exception as error:  # the plan of a failing use case is still worth reading
        result.error = f"{type(error).__name__}: {error}"
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
        event.remove(engine, "checkout", checkout)
        for driver in traced:
            driver.set_trace_callback(None)
    return result


def explain(path: Path, captured: Capture) -> Capture:
    """Fill in each statement's query plan, read from a read-only connection."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for statement in captured.statements.values():
            try:
                rows = conn.execute(
                    f"EXPLAIN QUERY PLAN {statement.sql}", statement.parameters
                ).fetchall()
            except sqlite3.Error as error:
                statement.plan = [f"(no plan: {error})"]
                continue
            depth: dict[int, int] = {0: 0}
            lines = []
            for node_id, parent, _unused, detail in rows:
                depth[node_id] = depth.get(parent, 0) + 1
                lines.append("  " * (depth[node_id] - 1) + str(detail))
            statement.plan = lines
    finally:
        conn.close()
    return captured


def short_sql(sql: str, width: int = 110) -> str:
    """One line of SQL, shortened: the SELECT list of `people` is long and uninteresting."""
    flat = " ".join(sql.split())
    upper = flat.upper()
    if upper.startswith("SELECT ") and " FROM " in upper:
        columns = flat[7 : upper.index(" FROM ")]
        if len(columns) > 40:
            flat = f"SELECT {columns[:30]}… {flat[upper.index(' FROM ') + 1 :]}"
    return flat if len(flat) <= width else flat[: width - 1] + "…"
