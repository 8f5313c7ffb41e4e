"""Output for the terminal: Rich tables for people, JSON for scripts.

Rich honours `NO_COLOR` and drops styling when output is piped. Rich is imported on the
first print, not with this module: `goodwill --version`, `--help` and `--json` never need it,
and it costs a fresh process tens of milliseconds.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


class LazyConsole:
    """A Rich console made on first use, with the settings every goodwill console shares.

    Rich reads the environment (`NO_COLOR`, `COLUMNS`) and the stream when the console is
    made; in a process that is the same whether that happens at import or at the first print.
    """

    def __init__(self, *, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    @property
    def rich(self) -> Console:
        """The Rich console itself, for Rich widgets that take one (a progress bar)."""
        if self._console is None:
            from rich.console import Console

            # No markup: names and notes come from other people's files and may hold
            # square brackets; styles are given explicitly (`bold`, Text objects).
            self._console = Console(
                stderr=self._stderr, highlight=False, soft_wrap=True, markup=False
            )
        return self._console

    def print(self, *objects: Any, style: str | None = None, markup: bool | None = None) -> None:
        self.rich.print(*objects, style=style, markup=markup)


console = LazyConsole(stderr=False)
errors = LazyConsole(stderr=True)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def styled(*parts: str | tuple[str, str]) -> Any:
    """Text from plain and (text, style) parts: user text is never read as markup."""
    from rich.text import Text

    return Text.assemble(*parts)


def fail(message: str) -> None:
    """One line on stderr; the caller exits 1."""
    errors.print(styled(("error:", "bold red"), " ", message))


def note(message: str) -> None:
    errors.print(message, style="dim")


def money(value: float) -> str:
    return f"{value:+.1f}"


def people_table(people: list[dict[str, Any]], title: str | None = None) -> Table:
    from rich.table import Table

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
    from rich.table import Table

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
