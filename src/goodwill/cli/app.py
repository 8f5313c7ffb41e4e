"""The `goodwill` command: global options, error handling, and the command groups."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from goodwill import __version__
from goodwill.cli import admin, ledger, network, people, plan, sync, transfer
from goodwill.cli.render import fail


class _Group(TyperGroup):
    """Turns a user's mistake into one line on stderr and exit code 1, never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        from sqlalchemy.exc import DBAPIError

        from goodwill.domain.errors import GoodwillError

        try:
            return super().invoke(ctx)
        except GoodwillError as error:
            fail(str(error))
        except DBAPIError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            fail(f"database error: {reason}")
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

    ctx.obj = build_context(os.environ, db=db, demo=demo)


for module in (admin, people, ledger, plan, network, transfer, sync):
    module.register(app)


def main() -> None:
    app()
