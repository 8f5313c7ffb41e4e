"""Who knows whom: `goodwill knows`, `goodwill path`, `goodwill connectors`.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

from typing import Annotated

import typer

from goodwill.cli import options
from goodwill.cli.render import console, emit_json, money


def knows(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(metavar="A", help="Name, email or #id.")],
    second: Annotated[str, typer.Argument(metavar="B", help="Name, email or #id.")],
    on: options.On = None,
) -> None:
    """Record that A and B know each other, for warm introduction paths; and say who of
    them you could warmly ask (as of --on, today by default) to introduce you to the other.

    Example: goodwill knows "Ana" "Dana Reyes"
    """
    from goodwill.services import paths

    app = options.context(ctx)
    result = paths.knows(
        app,
        options.person(app, first, writing=True),
        options.person(app, second, writing=True),
        on=options.day(app, on),
    )
    state = "now known to know each other" if result.added else "already known"
    console.print(f"{result.a} and {result.b}: {state}", markup=False)
    for asked, other, warm in (
        (result.a, result.b, result.warm_a),
        (result.b, result.a, result.warm_b),
    ):
        verdict = "warm" if warm else "cold: give first"
        console.print(f"  asking {asked} for an introduction to {other}: {verdict}", markup=False)


def path(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="TARGET", help="A person, or a company.")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many paths.")] = 3,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """The warmest introduction paths to a person, or to anyone at a company.

    Example: goodwill path "Acme"
    """
    from goodwill.services import paths

    app = options.context(ctx)
    result = paths.path(app, target, on=options.day(app, on), limit=limit)
    if json_output:
        emit_json(result.to_json())
        return
    if not result.paths:
        console.print(
            f"no one you know is linked to {target}: try goodwill connectors", style="dim"
        )
    for number, found in enumerate(result.paths, start=1):
        hop = found.first_hop
        asking = f"to ask {hop.asking}"
        warmth = f"cold {asking}: give first" if hop.cold else f"warm {asking}"
        ties = f" ({', '.join(found.ties)})" if found.ties else ""
        console.print(
            f"{number}. {' → '.join(found.path)}{ties}  "
            f"[{hop.name}: balance {money(hop.balance)}, {warmth}]",
            markup=False,
        )
        if hop.give_first:
            console.print(f"   give first: {hop.give_first}", markup=False, style="dim")
        if number == 1:  # the warmest path's draft, under it (--json has every path's)
            draft = "\n".join(f"   │ {line}" for line in found.draft.splitlines())
            console.print(draft, style="dim", markup=False)


def connectors(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many.")] = 10,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """People who know people at many companies: bridges to keep warm."""
    from goodwill.services import paths

    app = options.context(ctx)
    found = paths.connectors(app, limit, on=options.day(app, on))
    if json_output:
        emit_json([bridge.to_json() for bridge in found])
        return
    if not found:
        console.print("no connectors yet: goodwill knows A B records who knows whom", style="dim")
    for person in found:
        warmth = "cold to ask for an introduction" if person.cold else "warm to ask"
        console.print(
            f"{person.name}: knows people at {person.companies} companies "
            f"({person.ties} ties), balance {money(person.balance)}, {warmth}",
            markup=False,
        )


def register(app: typer.Typer) -> None:
    app.command()(knows)
    app.command()(path)
    app.command()(connectors)
