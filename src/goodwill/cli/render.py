"""Output for the terminal: Rich tables for people, JSON for scripts.

Rich honours `NO_COLOR` and drops styling when output is piped.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

console = Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False, soft_wrap=True)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def fail(message: str) -> None:
    """One line on stderr; the caller exits 1."""
    errors.print(f"[bold red]error:[/] {message}", markup=True)


def note(message: str) -> None:
    errors.print(message, style="dim")


def money(value: float) -> str:
    return f"{value:+.1f}"


def people_table(people: list[dict[str, Any]], title: str | None = None) -> Table:
    table = Table(title=title, show_lines=False, header_style="bold")
    table.add_column("#", justify="right", style="dim")
    table.add_column("name")
    table.add_column("company")
    table.add_column("tier")
    table.add_column("next due")
    table.add_column("balance", justify="right")
    for person in people:
        table.add_row(
            str(person["id"]),
            person["name"],
            person.get("company") or "",
            person["tier"],
            person.get("next_due") or "—",
            money(person["balance"]),
        )
    return table


def timeline_table(entries: list[dict[str, Any]]) -> Table:
    table = Table(header_style="bold")
    table.add_column("date")
    table.add_column("what")
    table.add_column("via")
    table.add_column("by")
    table.add_column("note")
    for entry in entries:
        table.add_row(
            entry["on"],
            f"{entry['direction']}: {entry['kind']}",
            entry["channel"],
            "them" if entry["by_them"] or entry["initiated_by"] == "them" else "me",
            entry["note"],
        )
    return table
