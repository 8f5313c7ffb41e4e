"""Data in and out: export, restore, backup.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

import enum
import io
import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer

from goodwill.cli import options
from goodwill.cli.render import console, emit_json, note


class Format(enum.StrEnum):
    VCARD = "vcard"
    CSV = "csv"
    JSON = "json"
    ICS = "ics"


def export(
    ctx: typer.Context,
    fmt: Annotated[
        Format,
        typer.Argument(
            metavar="FORMAT",
            help="vcard (contacts), csv (a spreadsheet), json (a complete backup) "
            "or ics (a calendar feed of upcoming outreaches).",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write to this file (mode 0600) instead of stdout."),
    ] = None,
    v3: Annotated[bool, typer.Option("--v3", help="vCard 3.0 instead of 4.0.")] = False,
    days: Annotated[
        int, typer.Option("--days", min=1, help="How many days ahead the ics feed looks.")
    ] = 30,
    on: options.On = None,
) -> None:
    """Export everyone as vCard, CSV, a complete JSON backup, or an iCalendar feed.

    The JSON backup holds everything (people, ledger, plans, settings) and
    `goodwill restore` reads it back. The ics feed lists whom to reach in the
    next --days days, overdue people today, for a calendar app to subscribe to.

    Example: goodwill export json -o goodwill-backup.json
    """
    from goodwill.services import transfer

    options.collect_as_usual()
    app = options.context(ctx)
    day = options.day(app, on)

    def produce(sink: TextIO) -> None:
        transfer.export_to(app, fmt.value, sink, on=day, v3=v3, days=days)

    if output is None:
        # Bytes as they are: the ics feed's CRLF line ends must not be translated.
        sys.stdout.flush()
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            produce(stream)
            stream.flush()
        finally:
            stream.detach()
        return
    written = transfer.save_with(output, produce)
    console.print(f"wrote {fmt.value} to {written.path} ({written.bytes} bytes)", markup=False)


def restore(
    ctx: typer.Context,
    backup: Annotated[
        Path, typer.Argument(metavar="BACKUP", help="A `goodwill export json` file.")
    ],
    json_output: options.Json = False,
) -> None:
    """Restore a JSON backup into a new, empty database (created if missing): all or nothing.

    Example: goodwill --db ~/new.db restore goodwill-backup.json
    """
    from goodwill.services import transfer

    options.collect_as_usual()
    result = transfer.restore(options.context(ctx), backup)
    if json_output:
        emit_json(result.to_json())
        return
    console.print(
        f"restored {result.people} people and {result.entries} ledger entries "
        f"from {result.backup} into {result.database}",
        markup=False,
    )
    for line in result.notes:
        note(line)


def backup(
    ctx: typer.Context,
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="Where to write the copy (mode 0600).")
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite PATH if it exists.")] = False,
    json_output: options.Json = False,
) -> None:
    """Copy the SQLite database to PATH, safely, even while goodwill is in use elsewhere.

    Example: goodwill backup ~/backups/goodwill-2026-11-24.db
    """
    from goodwill.services import transfer

    result = transfer.backup(options.context(ctx), path, overwrite=force)
    if json_output:
        emit_json(result.to_json())
        return
    console.print(
        f"backed up {result.database} to {result.backup} "
        f"({result.people} people, {result.bytes} bytes)",
        markup=False,
    )


def register(app: typer.Typer) -> None:
    app.command()(export)
    app.command()(restore)
    app.command()(backup)
