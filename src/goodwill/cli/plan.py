"""Daily commands: today, done, skip, snooze, due, health.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from goodwill.cli import daily, options, reports
from goodwill.cli.render import console, emit_json
from goodwill.domain.model import Channel

if TYPE_CHECKING:
    pass

Position = Annotated[int, typer.Argument(metavar="N", help="The pick's number in today's plan.")]


def today(
    ctx: typer.Context,
    n: options.PlanSize = None,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Today's plan: N people to reach, why, what to give, and a draft.

    Example: goodwill today --n 2
    """
    daily.today(options.context(ctx), n=n, on=on, json_output=json_output)


def done(
    ctx: typer.Context,
    position: Position,
    gave: Annotated[
        str | None,
        typer.Option(
            "--gave",
            metavar="KIND",
            help="What you gave (default: the kind the plan suggested, else a catch-up).",
        ),
    ] = None,
    via: Annotated[Channel, typer.Option("--via", help="How you reached them.")] = Channel.EMAIL,
    note: Annotated[str, typer.Option("--note", help="What it was about.")] = "",
    n: options.PlanSize = None,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Mark pick N done and log it; the streak counts days whose plan is done.

    Example: goodwill done 1 --gave shared-article --note "sent the pricing paper"
    """
    daily.done(
        options.context(ctx),
        position=position,
        gave=gave,
        via=via,
        note=note,
        n=n,
        on=on,
        json_output=json_output,
    )


def skip(
    ctx: typer.Context,
    position: Position,
    n: options.PlanSize = None,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Skip pick N today; the next best person takes its place."""
    daily.skip(options.context(ctx), position=position, n=n, on=on, json_output=json_output)


def snooze(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="NAME", help="Name, email or #id.")],
    span: Annotated[
        str, typer.Argument(metavar="FOR", help="How long (3d, 2w, 6m) or until a date.")
    ] = "2w",
    n: options.PlanSize = None,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Keep a person out of the plan for a while (replaced if picked today).

    Example: goodwill snooze "Bo" 2w, or goodwill snooze "Bo" 2026-12-20
    """
    from goodwill import services
    from goodwill.domain.dates import parse_date

    app = options.context(ctx)
    day = options.day(app, on) or app.today()
    until = parse_date(span, day, future=True)
    result = services.plan.snooze(
        app, options.person(app, query, writing=True), until=until, on=day, n=n
    )
    if json_output:
        emit_json(result.to_json())
        return
    console.print(f"snoozed {result.person.name} until {result.until}")
    if result.replacement:
        replacement = result.replacement
        console.print(f"{replacement.position}. {replacement.person.name} joins today's plan")
    elif result.was_picked:
        console.print("nobody else is due to take their place in today's plan")


def due(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many.")] = 50,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Overdue people, most overdue first, with days overdue."""
    daily.due(options.context(ctx), limit=limit, on=on, json_output=json_output)


def health(
    ctx: typer.Context,
    n: options.PlanSize = None,
    on: options.On = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Also draw the weekly trends into a PNG file.")
    ] = None,
    json_output: options.Json = False,
) -> None:
    """The health of your network: tiers, coverage, give/ask, dormant ties, spread, capacity.

    Example: goodwill health --plot health.png
    """
    reports.show_health(
        options.context(ctx), n=n, on=on, plot=None if plot is None else str(plot),
        json_output=json_output,
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command()(today)
    app.command()(done)
    app.command()(skip)
    app.command()(snooze)
    app.command()(due)
    app.command()(health)
