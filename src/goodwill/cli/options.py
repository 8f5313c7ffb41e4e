"""Options shared by many commands, and the small helpers every command uses.

Nothing here imports a service, the store or SQLAlchemy: every command module imports this
one, and `goodwill --version` or `--help` must not pay for what only a command body uses.
The helpers that do not need Typer live in `goodwill.cli.inputs`, which the daily commands'
quick path (`goodwill.cli.quick`) uses without Typer; they are offered here too, so that a
command module needs one import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from goodwill.cli.inputs import collect_as_usual, day, interactive, person, span

if TYPE_CHECKING:
    from goodwill.services.context import Context

__all__ = [
    "Json",
    "On",
    "PlanSize",
    "collect_as_usual",
    "context",
    "day",
    "interactive",
    "person",
    "span",
]

Json = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
On = Annotated[
    str | None,
    typer.Option("--on", help="The day to act as today: YYYY-MM-DD, or 3d / 2w / 6m ago."),
]
PlanSize = Annotated[
    int | None, typer.Option("--n", min=1, help="People in the daily plan (config: plan_size).")
]


def context(ctx: typer.Context) -> Context:
    from goodwill.services.context import Context

    app_context = ctx.find_root().obj
    assert isinstance(app_context, Context)
    return app_context
