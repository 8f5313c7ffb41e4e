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
        except Exception as error:
            _say_where_global_options_go(error)
            raise
        raise typer.Exit(1)


def _say_where_global_options_go(error: Exception) -> None:
    """`goodwill list --db X` is a usage error (exit 2) that says where the option goes,
    not only "No such option: --db". Click's error is read by its attributes (Typer keeps
    its copy of click private), its message replaced, the error raised as it was."""
    option = getattr(error, "option_name", None)
    context = getattr(error, "ctx", None)
    if option in GLOBAL_OPTIONS and context is not None and hasattr(error, "message"):
        command = context.command_path.partition(" ")[2]  # "event add" of "goodwill event add"
        given = f"{option} PATH" if option == "--db" else option
        said = (
            f"{option} is an option of goodwill itself, not of {command}: "
            f"put it before the command (goodwill {given} {command} ...)"
        )
        setattr(error, "message", said)  # noqa: B010 (an attribute Exception does not declare)
        setattr(error, "possibilities", None)  # noqa: B010


#: The options of `goodwill` itself, given before the command.
GLOBAL_OPTIONS = frozenset({"--db", "--demo", "--version"})


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
