"""What a command reads from its user beyond its options: a day, a span, a person chosen
among look-alikes. Typer is imported only to ask in a terminal, so the daily commands'
quick path (`goodwill.cli.quick`) can use these without it.
"""

from __future__ import annotations

import gc
import sys
from datetime import date
from typing import TYPE_CHECKING

from goodwill.domain.dates import parse_date, parse_span_days
from goodwill.domain.errors import Ambiguous

if TYPE_CHECKING:
    from goodwill.services.context import Context


def collect_as_usual() -> None:
    """Python's own thresholds for the cyclic collector, for a command that streams a large
    input or output. `main` raises them for a fast start; left raised, the cyclic garbage an
    import makes per batch waited for a rare full collection and the process grew by about
    0.3 KB a row (a 1,000,000-row CSV import peaked at 468 MB)."""
    gc.set_threshold(700, 10, 10)


def day(app: Context, on: str | None) -> date | None:
    return None if on is None else parse_date(on, app.today())


def span(text: str) -> int:
    return parse_span_days(text)


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def person(app: Context, query: str, *, writing: bool = False) -> str:
    """The query itself, or in a terminal `#id` after the user picks among look-alikes
    (`writing`: for a change, where a name too short to be sure of is a choice too)."""
    if not interactive():
        return query
    import typer

    from goodwill.services.people import find_person

    try:
        return f"#{find_person(app, query, writing=writing).id}"
    except Ambiguous as ambiguous:
        typer.echo(f"'{query}' {ambiguous.heading}:", err=True)
        for number, (_pid, label) in enumerate(ambiguous.candidates, start=1):
            typer.echo(f"  {number}. {label}", err=True)
        while True:
            try:
                choice = typer.prompt("Which one (number)", type=int)
            except typer.Abort:  # Ctrl-C or the end of input at the prompt
                typer.echo("Aborted!", err=True)  # what Typer says, on either path
                raise SystemExit(1) from None
            if 1 <= choice <= len(ambiguous.candidates):
                return f"#{ambiguous.candidates[choice - 1][0]}"
