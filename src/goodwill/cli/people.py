"""People commands: add, edit, show, list, archive, rm.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

from typing import Annotated

import typer

from goodwill.cli import daily, options
from goodwill.cli.render import (
    console,
    emit_json,
    note,
)
from goodwill.domain.dates import birthday_from
from goodwill.domain.errors import BadInput
from goodwill.domain.model import Tier

Email = Annotated[list[str] | None, typer.Option("--email", help="An email (repeatable).")]
Phone = Annotated[list[str] | None, typer.Option("--phone", help="A phone number (repeatable).")]
Link = Annotated[list[str] | None, typer.Option("--link", help="A profile URL (repeatable).")]
Tag = Annotated[
    list[str] | None, typer.Option("--tag", help="A tag or role, e.g. mentor (repeatable).")
]
TierOpt = Annotated[
    Tier | None, typer.Option("--tier", help="inner, active, acquaintance or archived.")
]


def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Full name, in any script.")],
    email: Email = None,
    phone: Phone = None,
    company: Annotated[str | None, typer.Option(help="Where they work.")] = None,
    title: Annotated[str | None, typer.Option(help="Their role.")] = None,
    discipline: Annotated[str | None, typer.Option(help="Their field, e.g. product.")] = None,
    location: Annotated[str | None, typer.Option(help="Where they live.")] = None,
    link: Link = None,
    tag: Tag = None,
    tier: TierOpt = None,
    cadence: Annotated[
        str | None, typer.Option(help="Days between outreaches: 90d, 2w, 6m.")
    ] = None,
    birthday: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD, or --MM-DD without the year.")
    ] = None,
    met_on: Annotated[str | None, typer.Option("--met-on", help="When you met.")] = None,
    met_how: Annotated[str | None, typer.Option("--met-how", help="How or where you met.")] = None,
    met_via: Annotated[
        str | None, typer.Option("--met-via", help="The person who introduced you.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note about them.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Add them even if a profile URL is already known.")
    ] = False,
    anyway: Annotated[
        bool,
        typer.Option("--anyway", help="Add them even if someone already has this name."),
    ] = False,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Add a person (added on --on, today by default: their cadence counts from then). A known email, or a known profile URL (unless --force), is refused,
    naming who has it; so is a name someone already has (case and accents aside), unless
    --anyway.

    Example: goodwill add "Ana María Núñez" --email ana@example.org --company Acme
    --title "VP Product" --discipline product --tier inner --tag mentor
    --met-via "Bo Chen" --note "met at PMI meetup"
    """
    from goodwill import services
    from goodwill.services.people import PersonChanges

    app = options.context(ctx)
    changes = PersonChanges(
        name=name,
        emails=tuple(email or ()),
        phones=tuple(phone or ()),
        company=company,
        title=title,
        discipline=discipline,
        location=location,
        links=tuple(link or ()),
        add_tags=tuple(tag or ()),
        tier=tier,
        cadence_days=None if cadence is None else options.span(cadence),
        birthday=None if birthday is None else birthday_from(birthday),
        met_on=options.day(app, met_on),
        met_how=met_how,
        met_via=None if met_via is None else options.person(app, met_via, writing=True),
        note=note,
    )
    person = services.people.add_person(
        app, changes, options.day(app, on), force=force, anyway=anyway
    )
    if json_output:
        emit_json(person.to_json())
    else:
        console.print(
            f"added #{person.id} {person.name} ({person.tier}), next due {person.next_due}"
        )


def edit(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="NAME", help="Name, email or #id.")],
    name: Annotated[str | None, typer.Option(help="A new name.")] = None,
    email: Email = None,
    drop_email: Annotated[
        list[str] | None, typer.Option("--drop-email", help="Remove an email of theirs.")
    ] = None,
    phone: Phone = None,
    company: Annotated[str | None, typer.Option(help="Where they work ('' clears).")] = None,
    title: Annotated[str | None, typer.Option(help="Their role ('' clears).")] = None,
    discipline: Annotated[str | None, typer.Option(help="Their field ('' clears).")] = None,
    location: Annotated[str | None, typer.Option(help="Where they live ('' clears).")] = None,
    link: Link = None,
    tag: Tag = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag.")] = None,
    tier: TierOpt = None,
    cadence: Annotated[
        str | None, typer.Option(help="90d, 2w, 6m; 'tier' uses the tier's.")
    ] = None,
    birthday: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD, or --MM-DD without the year.")
    ] = None,
    met_on: Annotated[str | None, typer.Option("--met-on", help="When you met.")] = None,
    met_how: Annotated[str | None, typer.Option("--met-how", help="How or where you met.")] = None,
    met_via: Annotated[str | None, typer.Option("--met-via", help="Who introduced you.")] = None,
    note: Annotated[str | None, typer.Option(help="Append a note.")] = None,
    json_output: options.Json = False,
) -> None:
    """Change a person's profile; emails, phones and links are added, emails and tags removed.

    Example: goodwill edit "Ana" --tier active --cadence 90d --tag connector
    """
    from goodwill import services
    from goodwill.services.people import PersonChanges

    app = options.context(ctx)
    clear_cadence = cadence == "tier"
    changes = PersonChanges(
        name=name,
        add_emails=tuple(email or ()),
        remove_emails=tuple(drop_email or ()),
        phones=None if phone is None else tuple(phone),
        company=company,
        title=title,
        discipline=discipline,
        location=location,
        links=None if link is None else tuple(link),
        add_tags=tuple(tag or ()),
        remove_tags=tuple(untag or ()),
        tier=tier,
        cadence_days=None if cadence is None or clear_cadence else options.span(cadence),
        clear_cadence=clear_cadence,
        birthday=None if birthday is None else birthday_from(birthday),
        met_on=options.day(app, met_on),
        met_how=met_how,
        met_via=None if met_via is None else options.person(app, met_via, writing=True),
        note=note,
    )
    person = services.people.edit_person(app, options.person(app, query, writing=True), changes)
    if json_output:
        emit_json(person.to_json())
    else:
        console.print(
            f"updated #{person.id} {person.name} ({person.tier}), next due {person.next_due}"
        )


def show(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="NAME", help="Name, email or #id.")],
    all_entries: Annotated[bool, typer.Option("--all", help="The whole timeline.")] = False,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """A person's profile, balance, reciprocity and timeline (newest first).

    Example: goodwill show "Ana" --json
    """
    daily.show(
        options.context(ctx), query=query, all_entries=all_entries, on=on, json_output=json_output
    )


def list_command(
    ctx: typer.Context,
    tier: TierOpt = None,
    tag: Annotated[str | None, typer.Option(help="Only people with this tag.")] = None,
    discipline: Annotated[str | None, typer.Option(help="Only people in this field.")] = None,
    due: Annotated[bool, typer.Option("--due", help="Only people due by --on (or today).")] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many.")] = None,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """List people, filtered by tier, tag, discipline or due.

    Example: goodwill list --tier inner --due
    """
    daily.list_people(
        options.context(ctx),
        tier=tier,
        tag=tag,
        discipline=discipline,
        due=due,
        limit=limit,
        on=on,
        json_output=json_output,
    )


def archive(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="NAME", help="Name, email or #id.")],
) -> None:
    """Move a person to the archive: kept with their history, never in the plan."""
    from goodwill import services

    app = options.context(ctx)
    person = services.people.archive_person(app, options.person(app, query, writing=True))
    console.print(f"archived #{person.id} {person.name}")


def rm(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="NAME", help="Name, email or #id.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete a person and the ledger entries that concern only them (asks first)."""
    from goodwill import services

    app = options.context(ctx)
    person = services.people.find_person(app, options.person(app, query, writing=True), exact=True)
    if not yes:
        if not options.interactive():
            raise BadInput(f"rm {person.name} needs --yes when not run in a terminal")
        typer.confirm(f"Delete #{person.id} {person.name} and their history?", abort=True)
    services.people.remove_person(app, person.id)
    console.print(f"deleted #{person.id} {person.name}")


def forget(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="NAME", help="#id, email or whole name.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Remove a person completely: profile, every ledger entry about them, import traces,
    synced card and invitations; the database file is then compacted (asks first).

    Example: goodwill forget "#42" --yes
    """
    from goodwill import services
    from goodwill.services import privacy

    app = options.context(ctx)
    person = services.people.find_person(app, options.person(app, query, writing=True), exact=True)
    if not yes:
        if not options.interactive():
            raise BadInput(f"forget {person.name} needs --yes when not run in a terminal")
        typer.confirm(f"Forget #{person.id} {person.name} and everything about them?", abort=True)
    result = privacy.forget(app, f"#{person.id}")
    console.print(f"forgot {result.forgotten} and {result.entries} ledger entries")
    for copy in result.copies_not_cleaned:
        note(f"{copy} (a copy kept before an upgrade) still holds them: delete it yourself")


def register(app: typer.Typer) -> None:
    app.command()(add)
    app.command()(edit)
    app.command()(show)
    app.command("list")(list_command)
    app.command()(archive)
    app.command()(rm)
    app.command()(forget)
