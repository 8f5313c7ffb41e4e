"""Setup commands: init, demo, reindex, config.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

import json
from typing import Annotated

import typer

from goodwill.cli import options
from goodwill.cli.render import console, emit_json
from goodwill.config import SETTABLE


def init(ctx: typer.Context, json_output: options.Json = False) -> None:
    """Create the database (or upgrade it to this version); safe to run again."""
    from goodwill import services

    result = services.admin.init(options.context(ctx))
    if json_output:
        emit_json(result.to_json())
    elif result.created_or_upgraded:
        console.print(f"database ready at {result.database} (schema {result.schema})", markup=False)
        if result.backup:
            console.print(
                f"the database before the upgrade is kept at {result.backup}", markup=False
            )
    else:
        console.print(
            f"database at {result.database} is up to date ({result.people} people)",
            markup=False,
        )


def demo(ctx: typer.Context, on: options.On = None) -> None:
    """Load a realistic demo network into a separate database and show today's plan and health.

    Afterwards, `goodwill --demo COMMAND` runs any command on the demo network.
    """
    from goodwill import services
    from goodwill.cli.daily import print_plan
    from goodwill.cli.reports import print_health

    app = options.context(ctx)
    demo_app = services.demo.demo_context(app)
    day = options.day(app, on) or app.today()
    loaded = services.demo.load_demo(demo_app, day)
    console.print(
        f"demo network: {loaded.people} people, {loaded.entries} ledger entries "
        f"in {loaded.database}\n",
        markup=False,
    )
    print_plan(services.plan.today(demo_app, day))
    console.print()
    print_health(services.health.health(demo_app, day))
    console.print(
        "\nTry: goodwill --demo show NAME · goodwill --demo ask NAME --for 'an intro'", style="dim"
    )


def reindex(ctx: typer.Context, json_output: options.Json = False) -> None:
    """Rebuild everyone's derived state from the ledger, applying the config's weights and half-life."""
    from goodwill import services

    options.collect_as_usual()
    result = services.ledger.reindex(options.context(ctx))
    if json_output:
        emit_json(result.to_json())
    else:
        console.print(
            f"reindexed {result.people} people; {result.reweighed_entries} entries took new weights; "
            f"half-life {result.half_life_days:g} days"
            + (f"; keys recomputed for {result.rekeyed} people" if result.rekeyed else "")
        )


def config(
    ctx: typer.Context,
    action: Annotated[
        str | None, typer.Argument(metavar="[set]", help="Set KEY to VALUE in the config file.")
    ] = None,
    key: Annotated[
        str | None, typer.Argument(metavar="[KEY]", help=f"One of: {', '.join(SETTABLE)}.")
    ] = None,
    value: Annotated[
        str | None,
        typer.Argument(
            metavar="[VALUE]", help="me: addresses, comma-separated; signature: \\n for a new line."
        ),
    ] = None,
    json_output: options.Json = False,
) -> None:
    """Where the database, config file and templates are, and the catalogue of kinds; `set`
    writes one setting to the config file.

    Example: goodwill config set signature "Best,\\nAlex"
    """
    from goodwill import services
    from goodwill.config import EXAMPLE_CONFIG

    if action is not None:
        if action != "set" or key is None or value is None:
            raise typer.BadParameter("use: goodwill config set KEY VALUE")
        path, stored = services.admin.set_setting(options.context(ctx), key, value)
        if json_output:
            emit_json({"config": str(path), "key": key, "value": stored})
        else:
            console.print(
                f"{key} = {json.dumps(stored, ensure_ascii=False)} in {path}", markup=False
            )
        return
    info = services.admin.info(options.context(ctx))
    if json_output:
        emit_json(info.to_json())
        return
    console.print(f"database   {info.database} ({info.people} people)", markup=False)
    console.print(f"config     {info.config}", markup=False)
    console.print(f"templates  {info.templates}", markup=False)
    console.print(f"half-life  {info.half_life_days:g} days")
    if info.reindex_needed:
        console.print(
            f"the config says {info.config_half_life_days:g} days: run goodwill reindex to apply it",
            style="yellow",
        )
    console.print("\nkinds:")
    for name, kind in info.kinds.items():
        console.print(
            f"  {name:<16} {kind.direction:<10} {kind.weight:>4g}  {kind.label}",
            markup=False,
        )
    console.print("\nexample config file:\n" + EXAMPLE_CONFIG, style="dim", markup=False)


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(demo)
    app.command()(reindex)
    app.command()(config)
