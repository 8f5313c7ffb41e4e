"""`goodwill help NEED`: who can help.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

from typing import Annotated

import typer

from goodwill.cli import daily, options


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
    daily.who_can_help(options.context(ctx), need=need, limit=limit, on=on, json_output=json_output)


def register(app: typer.Typer) -> None:
    app.command("help")(help_command)
