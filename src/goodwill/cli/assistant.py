"""`goodwill mcp`: goodwill as a Model Context Protocol server for an AI assistant.

Services are imported inside the command, and annotations stay evaluated: see `goodwill.cli`.
"""

from typing import Annotated

import typer

from goodwill.cli import options

NEEDS_EXTRA = "goodwill mcp needs the MCP SDK: pip install 'goodwill[mcp]'"


def mcp(
    ctx: typer.Context,
    allow_writes: Annotated[
        bool,
        typer.Option("--allow-writes", help="Let the assistant log gives, asks and touches."),
    ] = False,
) -> None:
    """Serve goodwill's tools to an AI assistant over stdio (Model Context Protocol).

    Tools: today, brief, who_can_help, intro_path, due, ask_guard, and log (refused
    unless --allow-writes). Needs the extra: pip install 'goodwill[mcp]'.

    Example: goodwill mcp --allow-writes
    """
    import importlib.util

    from goodwill.domain.errors import BadInput

    if importlib.util.find_spec("mcp") is None:
        raise BadInput(NEEDS_EXTRA)
    from goodwill.assistant.server import serve

    serve(options.context(ctx), allow_writes=allow_writes)


def register(app: typer.Typer) -> None:
    app.command()(mcp)
