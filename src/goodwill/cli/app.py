"""The `goodwill` command: global options, error handling, and the command groups."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from goodwill import __version__
from goodwill.cli import admin, ledger, people, plan
from goodwill.cli.render import fail

app = typer.Typer(
    name="goodwill",
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
        typer.Option("--db", help="Database: a SQLite path or URL, or postgresql+psycopg://...", envvar="GOODWILL_DB"),
    ] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Use the demo database that `goodwill demo` made.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Keep your network warm before you need it: ten minutes a day, give before you ask."""
    from goodwill.bootstrap import build_context

    ctx.obj = build_context(os.environ, db=db, demo=demo)


for module in (admin, people, ledger, plan):
    module.register(app)


def main() -> None:
    """Run the CLI: user errors print one line and exit 1, never a traceback."""
    from goodwill.domain.errors import GoodwillError

    try:
        app(standalone_mode=False)
    except GoodwillError as error:
        fail(str(error))
        sys.exit(1)
    except KeyboardInterrupt:
        fail("interrupted; nothing was written")
        sys.exit(130)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        fail("aborted")
        sys.exit(1)
    except Exception as error:  # click's usage errors
        import click

        if isinstance(error, click.ClickException):
            error.show()
            sys.exit(error.exit_code)
        raise
