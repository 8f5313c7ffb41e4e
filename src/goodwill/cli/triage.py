"""`goodwill triage`: invitations to connect, accepted or ignored.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

from typing import Annotated

import typer

from goodwill.cli import options
from goodwill.cli.render import console, emit_json


def triage_command(
    ctx: typer.Context,
    action: Annotated[
        str | None, typer.Argument(metavar="[accept|ignore]", help="What to do with invitation ID.")
    ] = None,
    invitation: Annotated[
        int | None, typer.Argument(metavar="[ID]", help="The invitation's number.")
    ] = None,
    all_items: Annotated[
        bool, typer.Option("--all", help="Include accepted and ignored ones.")
    ] = False,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Invitations to connect, waiting for a decision: accept (as an acquaintance) or ignore.

    Accepting one whose message says you met puts a follow-up in the plan from the next day.

    Example: goodwill triage accept 3
    """
    from goodwill.services import triage

    app = options.context(ctx)
    if action is None:
        found = triage.list_invitations(app, include_done=all_items)
        if json_output:
            emit_json([item.to_json() for item in found])
            return
        if not found:
            console.print("no invitations waiting", style="dim")
        for item in found:
            pitch = "  (looks like a pitch)" if item.looks_like_pitch else ""
            console.print(
                f"{item.id:>4}. {item.name}  {item.on or ''}  {item.status}{pitch}",
                markup=False,
            )
            if item.message:
                console.print(f"      {item.message[:120]}", style="dim", markup=False)
        return
    if action not in ("accept", "ignore") or invitation is None:
        raise typer.BadParameter("use: goodwill triage accept ID, or goodwill triage ignore ID")
    result = triage.decide(app, invitation, accept=action == "accept", on=options.day(app, on))
    if json_output:
        emit_json(result.to_json())
    else:
        who = result.name + (f" (#{result.person_id})" if result.person_id else "")
        console.print(f"invitation {invitation} {result.status}: {who}", markup=False)
        if result.follow_up_on:
            console.print(
                f"you met: a follow-up is in the plan from {result.follow_up_on}",
                markup=False,
            )


def register(app: typer.Typer) -> None:
    app.command("triage")(triage_command)
