"""Ledger commands: log, undo, balance, ask.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

from typing import TYPE_CHECKING, Annotated

import typer

from goodwill.cli import daily, options
from goodwill.cli.render import console, emit_json, money, styled
from goodwill.domain.model import Channel

if TYPE_CHECKING:
    from goodwill.services.ask import AskCheck

Via = Annotated[
    Channel,
    typer.Option("--via", help="How: email, call, coffee, meeting, message, event, social, other."),
]
Note = Annotated[str, typer.Option("--note", help="What it was about.")]
Anyway = Annotated[
    bool, typer.Option("--anyway", help="Record the ask even if the ask guard finds it cold.")
]


def log(
    ctx: typer.Context,
    names: Annotated[list[str], typer.Argument(metavar="NAME...", help="One or more people.")],
    gave: Annotated[
        str | None,
        typer.Option(
            "--gave",
            metavar="KIND",
            help="You gave: shared-article, intro-made, reference, advice-given...",
        ),
    ] = None,
    asked: Annotated[
        str | None,
        typer.Option("--asked", metavar="KIND", help="You asked: job, advice, favour, intro."),
    ] = None,
    touch: Annotated[bool, typer.Option("--touch", help="A catch-up.")] = False,
    they_gave: Annotated[
        str | None,
        typer.Option(
            "--they-gave",
            metavar="KIND",
            help="They gave you: advice, intro, job, favour, or any kind --gave takes.",
        ),
    ] = None,
    they_asked: Annotated[
        str | None,
        typer.Option("--they-asked", metavar="KIND", help="They asked you for something."),
    ] = None,
    them: Annotated[bool, typer.Option("--them", help="They reached out.")] = False,
    via: Via = Channel.EMAIL,
    note: Note = "",
    on: options.On = None,
    follow_up: Annotated[
        str | None,
        typer.Option("--follow-up", help="Put a follow-up in the plan: 3d, 2w or a date."),
    ] = None,
    anyway: Anyway = False,
    json_output: options.Json = False,
) -> None:
    """Record a give, an ask or a touch with one or more people.

    An ask (--asked) goes through the ask guard: a cold one is refused, with the deposit
    to make first, unless --anyway.

    Example: goodwill log "Ana" --gave shared-article --via email --note "sent the pricing paper"
    """
    daily.log(
        options.context(ctx),
        names=names,
        gave=gave,
        asked=asked,
        touch=touch,
        they_gave=they_gave,
        they_asked=they_asked,
        them=them,
        via=via,
        note=note,
        on=on,
        follow_up=follow_up,
        anyway=anyway,
        json_output=json_output,
    )


def undo(ctx: typer.Context, on: options.On = None, json_output: options.Json = False) -> None:
    """Revert the last write: a log, a done, a recorded ask, an event or an import."""
    daily.undo(options.context(ctx), on=on, json_output=json_output)


def balance(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="NAME", help="Name, email or #id.")],
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """A person's goodwill balance and every entry that makes it (weight x age decay).

    Example: goodwill balance "Ana"
    """
    from rich.table import Table

    from goodwill import services

    app = options.context(ctx)
    result = services.ledger.balance(app, options.person(app, query), options.day(app, on))
    if json_output:
        emit_json(result.to_json())
        return
    console.print(
        styled(
            (result.person.name, "bold"),
            f": balance {money(result.balance)} on {result.on} "
            f"(half-life {result.half_life_days:g} days)",
        )
    )
    if not result.lines:
        console.print("no entries yet", style="dim")
        return
    table = Table(header_style="bold")
    for column in ("date", "kind", "weight", "x decay", "points"):
        table.add_column(
            column, justify="right" if column in ("weight", "x decay", "points") else "left"
        )
    for line in result.lines:
        sign = "-" if line.direction == "withdrawal" else "+"
        table.add_row(
            line.on,
            f"{line.direction}: {line.kind}",
            f"{sign}{line.weight:g}",
            f"{line.factor:.3f}",
            money(line.points),
        )
    console.print(table)


def ask(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="NAME", help="Name, email or #id.")],
    purpose: Annotated[str, typer.Option("--for", help="What you want to ask for.")] = "",
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", help="job, advice, favour, intro (default: what --for names, else favour)."
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Record the ask as a withdrawal.")] = False,
    anyway: Anyway = False,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """Check before you ask: your credit with them, what the ask needs, and a deposit to
    make first if the ask is cold. --yes records a warm ask; a cold one needs --anyway.

    Example: goodwill ask "Ana" --for "intro to their CFO" --kind intro
    """
    from goodwill import services

    app = options.context(ctx)
    result = services.ask.ask(
        app,
        options.person(app, query, writing=yes),
        purpose=purpose,
        kind=kind,
        on=options.day(app, on),
        record_it=yes,
        anyway=anyway,
    )
    if json_output:
        emit_json(result.to_json())
        return
    style = "bold yellow" if result.cold else "green"
    console.print(
        styled(
            (result.person.name, "bold"),
            f": credit {money(result.credit)} (an ask of this kind needs "
            f"{result.needed:.1f}), balance {money(result.balance)}{_touches_bank_nothing(result)}",
        )
    )
    for deposit in result.last_deposits:
        about = f": {deposit.note}" if deposit.note else ""
        done = app.config.catalogue.phrase(deposit.kind)  # "gave advice", "shared an article"
        console.print(f"  you {done} on {deposit.on}{about}", markup=False)
    console.print(result.advice, style=style, markup=False)
    if result.recorded:
        console.print(f"recorded the ask ({result.ask.kind}); goodwill undo reverts it")
    elif result.cold:
        console.print("nothing recorded; --yes --anyway records a cold ask", style="dim")
    else:
        console.print("nothing recorded; add --yes to record the ask", style="dim")


def _touches_bank_nothing(result: "AskCheck") -> str:
    """Why a balance above the credit does not make an ask warm, when it is so."""
    if money(result.balance) == money(result.credit) or result.balance < result.credit:
        return ""
    return " (its touches keep the tie warm, but only your gives build credit)"


def register(app: typer.Typer) -> None:
    app.command()(log)
    app.command()(undo)
    app.command()(balance)
    app.command()(ask)
