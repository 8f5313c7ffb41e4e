"""`goodwill import`: bring people and history in from an export, with a report.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from goodwill.cli import options
from goodwill.cli.render import console, emit_json, errors
from goodwill.domain.dates import DateOrder

FORMAT_HELP = (
    "linkedin, vcard, google-csv, outlook-csv, mbox, maildir, ics, whatsapp, telegram or slack"
)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on a terminal; nothing extra when output is piped."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=errors.rich,
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update


def import_command(
    ctx: typer.Context,
    first: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT|PATH",
            help=f"The format ({FORMAT_HELP}); without one, the path, its format detected.",
        ),
    ],
    second: Annotated[
        Path | None,
        typer.Argument(
            metavar="PATH", help="The export: a file, a ZIP or a folder.", show_default=False
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Abort on the first bad row, writing nothing.")
    ] = False,
    me: Annotated[
        list[str] | None, typer.Option("--me", help="Your own address (repeatable; config: me).")
    ] = None,
    keep_text: Annotated[
        bool, typer.Option("--keep-text", help="Chats: keep the messages' text in the notes.")
    ] = False,
    date_order: Annotated[
        DateOrder | None,
        typer.Option("--date-order", help="Chats: day or month first, when the dates cannot tell."),
    ] = None,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Import people and history from an export; importing the same data again changes nothing.

    Without a FORMAT the file's kind is detected, and the import says which it chose.

    Example: goodwill import Basic_LinkedInDataExport_11-20-2026.zip --dry-run
    """
    from goodwill.services import imports

    options.collect_as_usual()
    fmt, path = (None, Path(first)) if second is None else (first, second)
    if fmt is not None and fmt not in imports.FORMATS:
        raise typer.BadParameter(
            f"'{fmt}' is not one of {', '.join(map(repr, imports.FORMATS))}.",
            param_hint="'FORMAT'",
        )
    app = options.context(ctx)
    try:
        with _progress(f"importing {path.name}") as progress:
            report = imports.import_path(
                app,
                fmt,
                path,
                dry_run=dry_run,
                strict=strict,
                me=tuple(me or ()),
                keep_text=keep_text,
                date_order=None if date_order is None else date_order.value,
                on=options.day(app, on),
                on_progress=progress,
            )
    except KeyboardInterrupt:
        errors.print("interrupted: nothing imported", markup=False)
        raise typer.Exit(130) from None
    if json_output:
        emit_json(report)
        return
    if fmt is None:
        console.print(f"{path.name}: {report['found']}, read as {report['format']}", markup=False)
    print_import_report(path.name, report)


def print_import_report(name: str, report: dict[str, Any]) -> None:
    """The report in the words of its JSON keys, then each problem and skip with file:line."""
    from goodwill.services.imports import skips_together

    verb = "would import" if report["dry_run"] else "imported"
    counts = ", ".join(
        f"{report[key]} {key.replace('_', ' ')}"
        for key in ("created", "updated", "merged", "unchanged", "skipped", "touches")
    )
    # Entries that are not touches, by their kind: a recommendation is a give, not a touch.
    extra = "".join(
        f", {report[key]} {key.replace('_', ' ')}"
        for key in ("gives", "their_gives", "asks")
        if report.get(key)
    )
    extra += (
        f", {report['already_recorded']} already recorded" if report["already_recorded"] else ""
    )
    if report.get("occasions"):
        extra += f", {report['occasions']} occasions"
    sent, known = report.get("invitations_sent"), report.get("invitations_known")
    if report["invitations"] or sent or known:  # a file of invitations: say what they came to
        extra += f", {report['invitations']} invitations to triage"
        extra += f", {sent} you sent" if sent else ""
        extra += f" ({known} already known)" if known else ""
    console.print(f"{verb} from {name}: {counts}{extra}{_left_out(name, report)}", markup=False)
    for change in ("created", "updated", "merged"):
        named = report.get("people", {}).get(change, [])
        if named:
            shown = ", ".join(named[:NAMES_SHOWN])
            more = report[change] - min(len(named), NAMES_SHOWN)
            console.print(
                f"  {change}: {shown}" + (f", and {more} more" if more else ""), markup=False
            )
    for error in report["errors"]:
        errors.print(f"  error {_where(error)}: {error['message']}", markup=False)
    if report.get("unmatched"):
        errors.print(
            "  not in goodwill (add them, then import again, to log what you exchanged): "
            + ", ".join(report["unmatched"]),
            markup=False,
        )
    listed = skips_together(report["skips"])[:MAX_SKIPS_SHOWN]
    for skip, times in listed:
        repeated = f" ({times} times)" if times > 1 else ""
        errors.print(f"  skipped {_where(skip)}: {skip['reason']}{repeated}", markup=False)
    skips_shown = sum(times for _, times in listed)
    if report["skipped"] > skips_shown:
        more = report["skipped"] - skips_shown
        reasons = "; ".join(
            f"{reason}: {count}" for reason, count in report["skip_reasons"].items()
        )
        errors.print(f"  ... and {more} more skipped ({reasons}); --json lists them", markup=False)
    if report["dry_run"]:
        console.print("dry run: nothing was written", style="dim")


#: What one record of a format is, to count those left out.
RECORD_NOUNS = {
    "vcard": ("card", "cards"),
    "mbox": ("message", "messages"),
    "maildir": ("message", "messages"),
    "whatsapp": ("message", "messages"),
    "telegram": ("message", "messages"),
    "slack": ("message", "messages"),
    "ics": ("event", "events"),
}


def _left_out(name: str, report: dict[str, Any]) -> str:
    """What the summary says of records left out as unreadable, the first one named: the
    lines after it (on stderr) may not be where the summary is read."""
    found = report["errors"]
    if not found:
        return ""
    one, many = RECORD_NOUNS.get(report.get("format") or "", ("row", "rows"))
    first = found[0]
    in_the_file = first["line"] and Path(str(first["file"])).name == name
    place = f"line {first['line']}" if in_the_file else _where(first)
    more = f" (and {len(found) - 1} more, listed below)" if len(found) > 1 else ""
    count = f"1 {one}" if len(found) == 1 else f"{len(found)} {many}"
    return f"; {count} left out: {place}: {first['message']}{more}"


#: Skipped records listed on the terminal; `--json` lists up to a thousand.
MAX_SKIPS_SHOWN = 20
#: People named per change (created, updated, merged) after the counts; `--json` lists more.
NAMES_SHOWN = 10


def _where(item: dict[str, Any]) -> str:
    return str(item["file"]) + (f":{item['line']}" if item["line"] else "")


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
