"""Daily commands: today, done, skip, snooze, due, health.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from goodwill.cli import daily, options
from goodwill.cli.render import console, emit_json, money, styled
from goodwill.domain.dates import days
from goodwill.domain.model import Channel

if TYPE_CHECKING:
    from goodwill.services.health import Health

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
    from goodwill import services

    app = options.context(ctx)
    day = options.day(app, on)
    report = services.health.health(app, day, n)
    drawn = None
    if plot is not None:
        from goodwill.services import trends

        drawn = trends.plot(app, plot, day)
    if json_output:
        emit_json(report.to_json() if drawn is None else {**report.to_json(), "trends": drawn})
        return
    print_health(report)
    if plot is not None:
        console.print(f"  trends            drawn in {plot}", markup=False)


def print_health(report: "Health") -> None:
    tiers = ", ".join(f"{count} {tier}" for tier, count in report.by_tier.items())
    ratio = report.give_ask_ratio
    console.print(styled((f"Network health, {report.date}", "bold")))
    console.print(f"  people            {report.people} ({tiers})")
    kept_warm = report.by_tier.get("inner", 0) + report.by_tier.get("active", 0)
    coverage = (
        f"{report.coverage:.0%} of inner and active people heard from within their cadence"
        if kept_warm
        else "nobody inner or active yet: choose them with goodwill onboard"
    )
    console.print(f"  coverage          {coverage}", markup=False)
    recent = report.gives_per_ask
    give_ask = "no asks" if ratio is None else f"{ratio:g} gives per ask"
    console.print(
        f"  give / ask        {give_ask} in the last {recent.weeks} weeks "
        f"({recent.gives} given, {recent.asks} asked by you since {recent.since})"
    )
    dormant = ", ".join(p.name for p in report.dormant_examples)
    console.print(
        f"  dormant           {report.dormant} silent for a year or more"
        + (f" (e.g. {dormant})" if dormant else ""),
        markup=False,
    )
    top = ", ".join(f"{name} {count}" for name, count in list(report.disciplines.items())[:6])
    spread = (
        f"{report.discipline_count}, evenness {report.discipline_evenness:.0%} ({top})"
        if report.discipline_count
        else 'none set yet: goodwill edit NAME --discipline "data science"'
    )
    console.print(f"  disciplines       {spread}", markup=False)
    friends = ", ".join(f"{p.name} ({money(p.balance)})" for p in report.old_friends)
    if friends:
        console.print(f"  old friends       reconnect with {friends}", markup=False)
    askers = report.only_when_needed
    if askers.count:
        names = ", ".join(p.name for p in askers.examples)
        console.print(
            f"  only when needed  {askers.count} {'appears' if askers.count == 1 else 'appear'} "
            f"after long silences to ask (e.g. {names})",
            markup=False,
        )
    for growth in report.grow:
        console.print(f"  grow              {growth.advice}", markup=False)
    console.print(f"  new (90 days)     {report.new_people}")
    console.print(f"  streak            {days(report.streak) if report.streak else 'none yet'}")
    capacity = report.capacity
    console.print(
        f"  capacity          {capacity.per_day} a day keeps {capacity.sustainable_active} active people on cadence; "
        f"your tiers need {capacity.needed_per_day:.1f} a day"
    )
    if capacity.warning:
        console.print(styled("  ", ("warning:", "bold yellow"), f" {capacity.warning}"))


def register(app: typer.Typer) -> None:
    app.command()(today)
    app.command()(done)
    app.command()(skip)
    app.command()(snooze)
    app.command()(due)
    app.command()(health)
