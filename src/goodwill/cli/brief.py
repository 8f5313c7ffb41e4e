"""`goodwill brief`: what to know before meeting someone, or everyone on a day's calendar.

Services are imported inside the command, and annotations stay evaluated: see `goodwill.cli`.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from goodwill.cli import options, reports
from goodwill.cli.render import console, emit_json
from goodwill.domain.dates import OCCASION_DAYS_MOST
from goodwill.domain.errors import BadInput

if TYPE_CHECKING:
    from goodwill.domain.kinds import Catalogue
    from goodwill.services.brief import Brief
    from goodwill.services.occasions import Role


def brief(
    ctx: typer.Context,
    query: Annotated[
        str | None, typer.Argument(metavar="[NAME]", help="Name, email or #id.")
    ] = None,
    calendar: Annotated[
        Path | None,
        typer.Option(
            "--calendar", metavar="FILE.ics", help="Brief everyone you meet --on that day."
        ),
    ] = None,
    me: Annotated[
        list[str] | None, typer.Option("--me", help="Your own address (repeatable; config: me).")
    ] = None,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Before a meeting: who they are, how you met, roles, the last five interactions, the
    balance and what you owe them, follow-ups, people you both know, topics and occasions.

    Example: goodwill brief "Ana"; goodwill brief --calendar work.ics --on 2026-12-04
    """
    from goodwill import services

    app = options.context(ctx)
    day = options.day(app, on)
    if (query is None) == (calendar is None):
        raise BadInput("name one person, or give --calendar FILE.ics (with --on DATE)")
    if calendar is not None:
        if day is None:
            day = app.today()
        agenda = services.brief.briefs_from_calendar(app, calendar, day, tuple(me or ()))
        if json_output:
            emit_json(agenda.to_json())
            return
        if not agenda.meetings:
            console.print(f"no meetings with others on {agenda.date}", style="dim")
        for meeting in agenda.meetings:
            console.print(f"== {meeting.summary or '(no title)'} ({agenda.date})")
            for item in meeting.briefs:
                _print_brief(item, app.config.catalogue)
            for stranger in meeting.unknown:
                label = stranger.name or stranger.email
                console.print(f"  not in your network: {label} <{stranger.email}>")
        return
    assert query is not None
    found = services.brief.brief(app, options.person(app, query), day)
    if json_output:
        emit_json(found.to_json())
    else:
        _print_brief(found, app.config.catalogue)


def _print_brief(item: "Brief", catalogue: "Catalogue") -> None:
    person = item.person
    role = " at ".join(p for p in (person.title, person.company) if p)
    console.print(f"# {person.name}" + (f", {role}" if role else "") + f" ({person.tier})")
    met = item.met
    how = [p for p in (met.how, met.on and f"on {met.on}") if p]
    if met.via:
        how.append(f"through {met.via.name}")
    if how:
        # "met at Data Summit" (as `event add` records it) needs no "met:" before it.
        said = ", ".join(how)
        console.print("  " + (said if said.startswith("met ") else f"met: {said}"), markup=False)
    past = [r for r in item.roles if r.until]
    if past:
        console.print("  roles: " + "; ".join(f"{_role(r)} (until {r.until})" for r in past))
    console.print(f"  balance: {item.balance:+.1f} ({item.reciprocity})")
    for entry in item.owed:
        # Their ask in words: "they asked for an introduction on 2026-11-28: to their CFO".
        asked = catalogue.phrase(entry.kind, by_them=True)
        about = f": {entry.note}" if entry.note else ""
        console.print(f"  you owe them: they {asked} on {entry.on}{about}", markup=False)
    if item.follow_up_by:
        console.print(f"  follow up by {item.follow_up_by}")
    if item.last_interactions:
        console.print("  last interactions:")
        for entry in item.last_interactions:
            line = f"    {entry.on} {entry.direction}: {entry.kind} via {entry.channel}"
            console.print(f"{line} {entry.note}".rstrip())
    if item.mutual:
        console.print("  you both know: " + ", ".join(m.name for m in item.mutual))
    if item.topics:
        console.print("  topics: " + ", ".join(item.topics))
    for occasion in item.occasions:
        what = occasion.label or occasion.kind
        console.print(f"  occasion: {what} on {occasion.on}", markup=False)


def _role(role: "Role") -> str:
    return " at ".join(p for p in (role.title, role.company) if p)


def occasions(
    ctx: typer.Context,
    days: Annotated[
        int, typer.Option("--days", min=1, max=OCCASION_DAYS_MOST, help="How far to look.")
    ] = 30,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Occasions to make a deposit: news (a new role, a new connection, a recommendation)
    of the last DAYS days, saying when you reached out since, and birthdays and work
    anniversaries in the next DAYS.

    Example: goodwill occasions --days 30
    """
    reports.list_occasions(options.context(ctx), days=days, on=on, json_output=json_output)


def register(app: typer.Typer) -> None:
    app.command()(brief)
    app.command()(occasions)
