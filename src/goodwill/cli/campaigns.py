"""Campaigns: `goodwill campaign new|add|move|show` and `goodwill campaigns`.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

from typing import Annotated

import typer

from goodwill.cli import options
from goodwill.cli.render import console, emit_json
from goodwill.domain.campaign import Stage

campaign_app = typer.Typer(
    help="Outreach pipelines: twenty conversations, one specific question each.",
    no_args_is_help=True,
)

Name = Annotated[str, typer.Argument(metavar="CAMPAIGN", help="The campaign's name.")]


@campaign_app.command("new")
def new(
    ctx: typer.Context,
    name: Name,
    goal: Annotated[int, typer.Option("--goal", min=1, help="Conversations to hold.")] = 20,
    no_reply: Annotated[
        int,
        typer.Option("--no-reply-after", min=1, help="Days before an ask counts as unanswered."),
    ] = 10,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Start a campaign.

    Example: goodwill campaign new "Next role" --goal 20
    """
    from goodwill.services import campaigns

    app = options.context(ctx)
    result = campaigns.new_campaign(app, name, goal, no_reply, on=options.day(app, on))
    if json_output:
        emit_json(result.to_json())
    else:
        console.print(f"campaign '{result.name}': {result.goal} conversations", markup=False)


@campaign_app.command("add")
def add(
    ctx: typer.Context,
    name: Name,
    people: Annotated[list[str], typer.Argument(metavar="NAME...", help="People to ask.")],
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Put people on the campaign's to-ask list.

    Example: goodwill campaign add "Next role" "Ana" "Bo Chen"
    """
    from goodwill.services import campaigns

    app = options.context(ctx)
    queries = tuple(options.person(app, p, writing=True) for p in people)
    result = campaigns.enrol(app, name, queries, on=options.day(app, on))
    if json_output:
        emit_json(result.to_json())
        return
    names = ", ".join(p.name for p in result.added)
    console.print(f"to ask in '{result.campaign}': {names}", markup=False)


@campaign_app.command("move")
def move(
    ctx: typer.Context,
    name: Name,
    person: Annotated[str, typer.Argument(metavar="NAME", help="Name, email or #id.")],
    stage: Annotated[
        Stage, typer.Argument(metavar="STAGE", help="Where they are now: " + ", ".join(Stage) + ".")
    ],
    note: Annotated[str, typer.Option("--note", help="What it was about.")] = "",
    anyway: Annotated[
        bool, typer.Option("--anyway", help="Record the ask even if the ask guard finds it cold.")
    ] = False,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Move someone along: asks, conversations and thank-yous are logged in the ledger.

    Moving to asked goes through the ask guard: a cold ask needs --anyway.

    Example: goodwill campaign move "Next role" "Ana" asked
    """
    from goodwill.services import campaigns

    app = options.context(ctx)
    result = campaigns.move(
        app,
        name,
        options.person(app, person, writing=True),
        stage,
        note=note,
        anyway=anyway,
        on=options.day(app, on),
    )
    if json_output:
        emit_json(result.to_json())
        return
    logged = f" (logged {result.logged})" if result.logged else ""
    console.print(f"{result.person}: {result.stage}{logged}", markup=False)


@campaign_app.command("show")
def show(
    ctx: typer.Context,
    name: Name,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """The pipeline: each person's stage, the next step, and drafts for asks and thanks."""
    from goodwill.services import campaigns

    app = options.context(ctx)
    result = campaigns.show(app, name, options.day(app, on))
    if json_output:
        emit_json(result.to_json())
        return
    held = result.counts["done"] + result.counts["thanked"]
    console.print(
        f"{result.campaign}: {held} of {result.goal} conversations ({result.progress:.0%})",
        markup=False,
    )
    for row in result.people:
        console.print(f"  {row.stage:<10} {row.name}: {row.next}", markup=False)
        if row.draft:
            draft = "\n".join(f"             │ {line}" for line in row.draft.splitlines())
            console.print(draft, style="dim")


def list_campaigns(
    ctx: typer.Context, on: options.On = None, json_output: options.Json = False
) -> None:
    """Campaigns with their progress toward the goal, and asks gone unanswered (as of --on,
    today by default)."""
    from goodwill.services import campaigns

    app = options.context(ctx)
    found = campaigns.list_campaigns(app, options.day(app, on))
    if json_output:
        emit_json([campaign.to_json() for campaign in found])
        return
    if not found:
        console.print('no campaigns yet: goodwill campaign new "Next role" --goal 20', style="dim")
    for campaign in found:
        no_reply = f", {campaign.no_reply} no reply" if campaign.no_reply else ""
        console.print(
            f"{campaign.name}: {campaign.people} people, {campaign.progress:.0%} of "
            f"{campaign.goal}{no_reply}",
            markup=False,
        )


def register(app: typer.Typer) -> None:
    app.add_typer(campaign_app, name="campaign")
    app.command("campaigns")(list_campaigns)
