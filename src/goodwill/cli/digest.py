"""The daily digest: preview it, write its HTML, or mail it now.

Services are imported inside the command, and annotations stay evaluated: see `goodwill.cli`.
"""

from pathlib import Path
from typing import Annotated

import typer

from goodwill.cli import options
from goodwill.cli.render import console, emit_json


def digest(
    ctx: typer.Context,
    send: Annotated[
        bool, typer.Option("--send", help="Mail it now through [smtp] in the config.")
    ] = False,
    to: Annotated[
        str | None,
        typer.Option("--to", metavar="ADDRESS", help="With --send: mail it here ([digest] to)."),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", metavar="FILE", help="Also write the HTML version to FILE (0600)."),
    ] = None,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """The daily digest email: today's plan, the most overdue, and follow-ups due.

    Without --send, prints the text version (nothing is sent or saved). `goodwill serve`
    mails it by itself every day at [digest] hour. See README: Daily digest.

    Example: goodwill digest --send
    """
    from goodwill import services
    from goodwill.domain.errors import BadInput

    if to is not None and not send:
        raise BadInput("--to goes with --send")
    if html is not None and send:
        raise BadInput("--html writes a preview: leave out --send")
    app = options.context(ctx)
    day = options.day(app, on)
    if send:
        sent = services.digest.send(app, day, to=to)
        if json_output:
            emit_json(sent)
        else:
            console.print(
                f"sent the digest of {sent['date']} to {sent['to']} through {sent['server']}",
                markup=False,
            )
        return
    preview = services.digest.preview(app, day)
    if html is not None:
        from goodwill.services.transfer import save

        save(html, preview["html"])
    if json_output:
        emit_json(preview["digest"])
        return
    console.print(f"Subject: {preview['subject']}\n", markup=False)
    console.print(preview["text"].rstrip("\n"), markup=False)


def register(app: typer.Typer) -> None:
    app.command()(digest)
