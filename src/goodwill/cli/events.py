"""Events: `goodwill event add` and `goodwill events`.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

from typing import Annotated

import typer

from goodwill.cli import options
from goodwill.cli.render import console, emit_json

event_app = typer.Typer(help="Record events and the people you met there.", no_args_is_help=True)


@event_app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The event, e.g. 'PMI chapter meetup'.")],
    met: Annotated[
        list[str] | None, typer.Option("--met", help="Someone you met there (repeatable).")
    ] = None,
    where: Annotated[str | None, typer.Option("--where", help="Where it was.")] = None,
    note: Annotated[str, typer.Option("--note", help="A note about the event.")] = "",
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Record an event and whom you met; each gets a follow-up in the plan within two days.

    Example: goodwill event add "PMI chapter meetup" --on 2026-11-20 --met "Lee Park" --met "Sam Ortiz"
    """
    from goodwill.services import events

    app = options.context(ctx)
    result = events.add_event(
        app, name, on=options.day(app, on), met=tuple(met or ()), location=where, note=note
    )
    if json_output:
        emit_json(result.to_json())
        return
    new = [p.name for p in result.met if p.new]
    # Whom a near-identical name was taken for says so: "Ольга Смирнова (for "Olga Smirnova")".
    known = [
        p.name + (f' (for "{p.taken_for}")' if p.taken_for else "") for p in result.met if not p.new
    ]
    console.print(f"recorded {result.name} on {result.on}", markup=False)
    if new:
        console.print(f"  new acquaintances: {', '.join(new)}", markup=False)
    if known:
        console.print(f"  already in your network: {', '.join(known)}", markup=False)
    if result.met:
        console.print(
            f"  follow up with each by {result.follow_up_by}: "
            f"in goodwill today from {result.follow_up_on}"
        )


def list_events(
    ctx: typer.Context,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Events, newest first, with the people met there and how many you followed up (as of
    --on, today by default: events after it are not shown)."""
    from goodwill.services import events

    app = options.context(ctx)
    found = events.list_events(app, on=options.day(app, on))
    if json_output:
        emit_json([event.to_json() for event in found])
        return
    if not found:
        console.print("no events yet: goodwill event add NAME --met NAME", style="dim")
    for event in found:
        where = f" ({event.location})" if event.location else ""
        console.print(
            f"{event.on}  {event.name}{where}: met {len(event.met)}, "
            f"followed up {event.followed_up}",
            markup=False,
        )
        for who in event.met:
            mark = "✓" if who.followed_up else "·"
            console.print(f"    {mark} {who.name}", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(event_app, name="event")
    app.command("events")(list_events)
