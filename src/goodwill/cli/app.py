"""The `goodwill` command as Typer declares it: global options, error handling, and the
command groups. `goodwill.cli.main` runs it (after the daily commands' quick path).

Every command module registers its commands on `commands`; `app` offers them, building
each on first use (`goodwill.cli.lazy`). Annotations stay evaluated and heavy modules load
late: see `goodwill.cli`.
"""

import os
from typing import Annotated, Any

import typer

from goodwill import __version__
from goodwill.cli import (
    accounts,
    admin,
    assistant,
    brief,
    campaigns,
    digest,
    duplicates,
    events,
    finder,
    imports,
    lazy,
    ledger,
    onboard,
    paths,
    people,
    plan,
    serve,
    sync,
    transfer,
    triage,
)

#: Every command and command group, in the order `--help` lists them.
commands = typer.Typer()
for module in (
    admin,
    people,
    brief,
    ledger,
    plan,
    imports,
    triage,
    duplicates,
    onboard,
    transfer,
    sync,
    events,
    campaigns,
    paths,
    finder,
    digest,
    serve,
    assistant,
    accounts,
):
    module.register(commands)


class _Group(lazy.LazyGroup):
    """Turns a user's mistake into one line on stderr and exit code 1, never a traceback."""

    registry = commands

    def invoke(self, ctx: Any) -> Any:
        from goodwill.cli.render import refuse
        from goodwill.domain.errors import GoodwillError

        try:
            return super().invoke(ctx)
        except GoodwillError as error:
            refuse(error)
        raise typer.Exit(1)


app = typer.Typer(
    name="goodwill",
    cls=_Group,
    help="Keep your network warm before you need it: ten minutes a day, give before you ask.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"goodwill {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database: a SQLite path or URL, or postgresql+psycopg://...",
            envvar="GOODWILL_DB",
        ),
    ] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Use the demo database that `goodwill demo` made.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Keep your network warm before you need it: ten minutes a day, give before you ask."""
    from goodwill.bootstrap import build_context

    ctx.obj = build_context(os.environ, db=db, demo=demo, direct=True)
    # Connections close when the command ends, not whenever the garbage collector gets to
    # them (a command run in-process, as the tests run them, would leave them open).
    ctx.call_on_close(ctx.obj.db.dispose)
