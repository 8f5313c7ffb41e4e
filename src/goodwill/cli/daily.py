"""The daily commands' work, from options to output: `today`, `done`, `skip`, `due`, `show`,
`log`, `help` and `list`.

Typer declares these commands (in `plan`, `people`, `ledger` and `finder`) and calls the
functions here with the values it parsed; the quick path (`goodwill.cli.quick`) parses the
same options without Typer and calls them too. Nothing here imports Typer, so a daily
command need not load it. Services are imported inside the functions: see `goodwill.cli`.
"""

from __future__ import annotations

import itertools
from contextlib import closing
from typing import TYPE_CHECKING

from goodwill.cli import inputs
from goodwill.cli.render import (
    console,
    emit_json,
    emit_json_items,
    money,
    people_table,
    stream_people_lines,
    styled,
    timeline_table,
)
from goodwill.domain.credit import shown_against
from goodwill.domain.dates import birthday_text, days
from goodwill.domain.errors import BadInput
from goodwill.domain.model import Channel, Tier

if TYPE_CHECKING:
    from goodwill.services.context import Context
    from goodwill.services.plan import Plan


def no_streak(last_done: str | None) -> str:
    """No streak, said to someone who never had one or whose streak ended."""
    return f"no streak: the last plan done was on {last_done}" if last_done else "no streak yet"


def print_plan(plan: Plan) -> None:
    streak = f"streak: {days(plan.streak)}" if plan.streak else no_streak(plan.last_done)
    console.print(styled((f"Today, {plan.date}", "bold"), f"  ({streak})"))
    if plan.note:
        console.print(plan.note, style="bold yellow", markup=False)
    if plan.choose_circles:
        console.print(
            "everyone is still an acquaintance: choose your inner circle and active ties "
            "with goodwill onboard",
            style="yellow",
            markup=False,
        )
    if not plan.picks:
        if plan.set_aside:
            console.print(
                "nobody left to reach today: everyone in the day's plan was skipped or snoozed, "
                "which does not keep the streak."
            )
        else:
            console.print("nobody to reach today: everyone is on cadence.", style="green")
        return
    for pick in plan.picks:
        mark = ("✓", "green") if pick.status == "done" else (f"{pick.position}.", "bold")
        company = f" ({pick.company})" if pick.company else ""
        console.print(styled("\n", mark, " ", (pick.person.name, "bold"), company))
        console.print(f"   why: {'; '.join(pick.reasons) or 'keep in touch'}", markup=False)
        ask = pick.ask
        if pick.did is not None:
            console.print(f"   did: {pick.did}", markup=False)
        elif ask is None:
            console.print(f"   give: {pick.suggestion}", markup=False)
        else:
            warmth = "cold" if ask.cold else "warm"
            credit, needed = shown_against(ask.credit, ask.needed)
            console.print(
                f"   ask ({warmth}: credit {credit}, needs {needed}): {pick.suggestion}",
                markup=False,
            )
            if ask.deposit_first:
                console.print(f"   give first: {ask.deposit_first.text}", markup=False)
        if pick.status != "done":
            draft = "\n".join(f"   │ {line}" for line in pick.draft.splitlines())
            console.print(draft, style="dim", markup=False)
    console.print("\ngoodwill done N [--gave KIND] · skip N · snooze NAME 2w", style="dim")


def today(app: Context, *, n: int | None, on: str | None, json_output: bool) -> None:
    from goodwill import services

    plan = services.plan.today(app, inputs.day(app, on), n)
    if json_output:
        emit_json(plan.to_json())
    else:
        print_plan(plan)


def done(
    app: Context,
    *,
    position: int,
    gave: str | None,
    via: Channel,
    note: str,
    n: int | None,
    on: str | None,
    json_output: bool,
) -> None:
    from goodwill import services

    result = services.plan.done(
        app, position, on=inputs.day(app, on), kind=gave, channel=via, note=note, n=n
    )
    if json_output:
        emit_json(result.to_json())
        return
    did = app.config.catalogue.phrase(result.kind)
    console.print(f"done with {result.person.name}: you {did} ({result.kind})", markup=False)
    if result.day_complete:
        console.print(f"today's plan is complete; streak {days(result.streak)}", style="green")


def skip(app: Context, *, position: int, n: int | None, on: str | None, json_output: bool) -> None:
    from goodwill import services

    result = services.plan.skip(app, position, on=inputs.day(app, on), n=n)
    if json_output:
        emit_json(result.to_json())
        return
    replacement = result.replacement
    skipped = f"skipped {position} ({result.person.name})"
    if replacement:
        console.print(
            f"{skipped}; {replacement.position}. {replacement.person.name} joins the plan",
            markup=False,
        )
    else:
        console.print(f"{skipped}; nobody else is due", markup=False)


def due(app: Context, *, limit: int, on: str | None, json_output: bool) -> None:
    from goodwill.services.people import list_overdue

    result = list_overdue(app, inputs.day(app, on), limit)
    if json_output:
        emit_json([row.to_json() for row in result.people])
        return
    if not result.people:
        console.print("nobody is overdue", style="green")
        return
    from rich.table import Table

    table = Table(header_style="bold", title=f"{result.total} overdue")
    for column in ("#", "name", "tier", "due", "days overdue"):
        table.add_column(column, justify="right" if column in ("#", "days overdue") else "left")
    for row in result.people:
        table.add_row(
            str(row.person.id), row.person.name, row.tier, row.next_due, str(row.days_overdue)
        )
    console.print(table)


def show(app: Context, *, query: str, all_entries: bool, on: str | None, json_output: bool) -> None:
    from goodwill import services

    view = services.people.show_person(
        app, inputs.person(app, query), inputs.day(app, on), None if all_entries else 50
    )
    if json_output:
        emit_json(view.to_json())
        return
    console.print(styled((view.name, "bold"), f"  #{view.id}  ({view.tier})"))
    role = " at ".join(part for part in (view.title, view.company) if part)
    for label, value in (
        ("role", role),
        ("discipline", view.discipline),
        ("emails", ", ".join(view.emails)),
        ("phones", ", ".join(view.phones)),
        ("links", ", ".join(view.links)),
        ("tags", ", ".join(view.tags)),
        ("met", " ".join(p for p in (view.met_on or "", view.met_how or "") if p)),
        ("met via", view.met_via and view.met_via.name),
        ("birthday", birthday_text(view.birthday)),
        ("notes", view.notes),
    ):
        if value:
            # A note's later lines are indented under its first.
            shown = "\n".join(str(value).splitlines()).replace("\n", "\n" + " " * 14)
            console.print(f"  {label:<12}{shown}", markup=False)
    due = view.next_due or "never (archived)"
    overdue = f", {days(view.days_overdue)} overdue" if view.days_overdue else ""
    console.print(f"  {'cadence':<12}{view.cadence_days or '—'} days; next due {due}{overdue}")
    console.print(f"  {'balance':<12}{money(view.balance)}  (goodwill balance NAME explains it)")
    console.print(f"  {'reciprocity':<12}{view.reciprocity.summary}", markup=False)
    for left in view.past_roles:
        was = " at ".join(part for part in (left.title, left.company) if part)
        console.print(f"  {'past role':<12}{was} (until {left.until})", markup=False)
    if view.timeline:
        console.print(timeline_table(view.timeline))
        hidden = view.timeline_total - len(view.timeline)
        if hidden > 0:
            console.print(f"  … {hidden} older entries (--all shows them)", style="dim")
    else:
        console.print("  no ledger entries yet: goodwill log NAME --gave KIND", style="dim")


def log(
    app: Context,
    *,
    names: list[str],
    gave: str | None,
    asked: str | None,
    touch: bool,
    they_gave: str | None,
    they_asked: str | None,
    them: bool,
    via: Channel,
    note: str,
    on: str | None,
    follow_up: str | None,
    anyway: bool,
    json_output: bool,
) -> None:
    from goodwill import services
    from goodwill.domain.dates import parse_date
    from goodwill.services.ledger import Action, LogRequest

    chosen = [
        (action, kind)
        for action, kind, flag in (
            (Action.GAVE, gave, gave is not None),
            (Action.ASKED, asked, asked is not None),
            (Action.TOUCH, None, touch),
            (Action.THEY_GAVE, they_gave, they_gave is not None),
            (Action.THEY_ASKED, they_asked, they_asked is not None),
        )
        if flag
    ]
    if len(chosen) != 1:
        raise BadInput(
            "say what happened with exactly one of --gave, --asked, --touch, --they-gave, --they-asked"
        )
    action, kind = chosen[0]
    day = inputs.day(app, on)
    # "3d" is three days after the day logged, as every relative day counts from `--on`.
    since = day or app.today()
    request = LogRequest(
        people=[inputs.person(app, name, writing=True) for name in names],
        action=action,
        kind=kind,
        channel=via,
        them=them,
        on=day,
        note=note,
        follow_up=None if follow_up is None else parse_date(follow_up, since, future=True),
        anyway=anyway,
    )
    result = services.ledger.log(app, request)
    if json_output:
        emit_json(result.to_json())
        return
    entry = result.entry
    names = [p.name for p in result.people]
    who = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    catalogue = app.config.catalogue
    asked_for = catalogue.asked_for(entry.kind)
    what = {
        Action.GAVE: f"for {who}, you {catalogue.phrase(entry.kind)} ({entry.kind}), a deposit",
        Action.ASKED: f"you asked {who} for {asked_for}, a withdrawal",
        Action.TOUCH: f"a {entry.kind} with {who}",
        Action.THEY_GAVE: f"{who} {catalogue.phrase(entry.kind, by_them=True)} "
        f"({entry.kind}), a withdrawal: you owe them one",
        Action.THEY_ASKED: f"{who} asked you for {asked_for}",
    }[action]
    console.print(f"logged on {entry.on}: {what} (goodwill undo reverts it)", markup=False)


def undo(app: Context, *, on: str | None, json_output: bool) -> None:
    from goodwill import services

    result = services.ledger.undo(app, on=inputs.day(app, on))
    if json_output:
        emit_json(result.to_json())
        return
    console.print(f"undone: {result.undone}", markup=False)
    if not result.took_back:
        console.print(
            "  it only changed people already there, or added invitations: undo cannot take"
            " that back (the next undo reverts the write before it)",
            markup=False,
        )
    elif result.undone.startswith("import "):
        console.print(
            "  what it changed of people already there (a title, a phone) stays",
            markup=False,
        )
    if result.removed:
        listed = _listed(result.removed, result.removed_names)
        console.print(f"  removed {_people(result.removed)} it added: {listed}", markup=False)
    if result.kept:
        listed = _listed(result.kept, result.kept_names)
        console.print(
            f"  kept {_people(result.kept)} it added, who have entries, an event or a "
            f"campaign since: {listed}",
            markup=False,
        )


def _people(count: int) -> str:
    return f"{count:,} person" if count == 1 else f"{count:,} people"


def _listed(count: int, names: tuple[str, ...]) -> str:
    more = count - len(names)
    return ", ".join(names) + (f" and {more:,} more" if more > 0 else "")


def who_can_help(app: Context, *, need: str, limit: int, on: str | None, json_output: bool) -> None:
    from goodwill.services import finder

    result = finder.who_can_help(app, need, on=inputs.day(app, on), limit=limit)
    if json_output:
        emit_json(result.to_json())
        return
    if not result.people:
        console.print(f"nobody in your network matches: {', '.join(result.words)}", markup=False)
        for person in result.connectors:
            company = f" ({person.company})" if person.company else ""
            console.print(f"  ask {person.name}{company}: {person.why}", markup=False)
        if not result.connectors:
            console.print(
                "  nobody to ask yet: tag the people who know everyone "
                "(goodwill edit NAME --tag connector) or say who knows whom (goodwill knows A B)"
            )
        return
    for number, found in enumerate(result.people, start=1):
        role = " at ".join(part for part in (found.title, found.company) if part)
        # Warmth depends on the ask: `help` is for advice (`path` weighs an introduction).
        ask = "cold to ask for advice: give first" if found.cold else "warm to ask for advice"
        console.print(
            f"{number}. {found.person.name}{f' ({role})' if role else ''}: "
            f"matched {', '.join(found.matched) or '—'}; last contact "
            f"{found.last_contact or 'never'}; balance {money(found.balance)}; {ask}",
            markup=False,
        )


def list_people(
    app: Context,
    *,
    tier: Tier | None,
    tag: str | None,
    discipline: str | None,
    due: bool,
    limit: int | None,
    on: str | None,
    json_output: bool,
) -> None:
    """`goodwill list`: the people matching the filters, a line each as they are read (a
    table on a terminal), or their items of JSON."""
    from goodwill.services import lists

    day = inputs.day(app, on) or app.today()
    due_on = day if due else None
    # Each stream is closed here, while the database is open, even when writing fails.
    if json_output:
        with closing(
            lists.stream_json_items(
                app, tier=tier, tag=tag, discipline=discipline, due_on=due_on, limit=limit, on=day
            )
        ) as items:
            emit_json_items(items)
        return
    with closing(
        lists.stream_lines(
            app, tier=tier, tag=tag, discipline=discipline, due_on=due_on, limit=limit, on=day
        )
    ) as found:
        first = next(found, None)
        if first is None:
            console.print("nobody matches", style="dim")
        elif console.is_plain():
            stream_people_lines(itertools.chain([first], found))
        else:
            console.print(people_table([first, *found]))
