"""`goodwill help NEED`: who can help.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

from typing import Annotated

import typer

from goodwill.cli import options
from goodwill.cli.render import console, emit_json, money


def help_command(
    ctx: typer.Context,
    need: Annotated[str, typer.Argument(metavar="NEED", help="What you need, in a few words.")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many people.")] = 10,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Who can help with a need: matched words, last contact, balance, and whether asking is cold.

    Example: goodwill help "pricing strategy for a seed startup"
    """
    from goodwill.services import finder

    app = options.context(ctx)
    result = finder.who_can_help(app, need, on=options.day(app, on), limit=limit)
    if json_output:
        emit_json(result.to_json())
        return
    if not result.people:
        console.print(f"nobody in your network matches: {', '.join(result.words)}", markup=False)
        for person in result.connectors:
            console.print(f"  ask a connector: {person.name}", markup=False)
        if not result.connectors:
            console.print("  tag the people who know everyone: goodwill edit NAME --tag connector")
        return
    for number, found in enumerate(result.people, start=1):
        role = " at ".join(part for part in (found.title, found.company) if part)
        ask = "cold: give first" if found.cold else "warm"
        console.print(
            f"{number}. {found.person.name}{f' ({role})' if role else ''}: "
            f"matched {', '.join(found.matched) or '—'}; last contact "
            f"{found.last_contact or 'never'}; balance {money(found.balance)}; {ask}",
            markup=False,
        )


def register(app: typer.Typer) -> None:
    app.command("help")(help_command)
