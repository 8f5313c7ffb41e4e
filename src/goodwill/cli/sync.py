"""Address-book sync: `goodwill sync vdir PATH`.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

from pathlib import Path
from typing import Annotated

import typer

from goodwill.cli import options
from goodwill.cli.render import console, emit_json, errors

sync_app = typer.Typer(help="Two-way sync with address books.", no_args_is_help=True)


@sync_app.command("vdir")
def vdir(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A folder of .vcf files, one per contact.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
    v4: Annotated[
        bool, typer.Option("--v4", help="Write new cards as vCard 4.0 (default 3.0).")
    ] = False,
    json_output: options.Json = False,
) -> None:
    """Sync people both ways with a vdir, the folder vdirsyncer and khard keep.

    Point vdirsyncer's filesystem storage at the same folder to reach a CardDAV
    server (Nextcloud, iCloud, Google). Fields goodwill does not model survive.

    Example: goodwill sync vdir ~/.contacts/work
    """
    from goodwill import services

    result = services.sync.sync_vdir(
        options.context(ctx), path, dry_run=dry_run, version="4.0" if v4 else "3.0"
    )
    if json_output:
        emit_json(result.to_json())
        return
    verb = "would sync" if dry_run else "synced"
    console.print(
        f"{verb} {path}: {result.imported} imported, {result.updated_people} people updated, "
        f"{result.written_cards} cards written, {result.unchanged} unchanged",
        markup=False,
    )
    if result.deleted_forgotten:
        console.print(
            f"  {result.deleted_forgotten} cards of forgotten people deleted", markup=False
        )
    for conflict in result.conflicts:
        errors.print(
            f"  conflict: {conflict.name} (#{conflict.person_id}), {conflict.file}: "
            f"{conflict.reason}",
            markup=False,
        )
    for error in result.errors:
        line = "" if error.line is None else f":{error.line}"
        errors.print(f"  {error.file}{line}: {error.message}", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(sync_app, name="sync")
