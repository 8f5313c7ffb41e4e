"""`goodwill onboard`: choose an inner circle and active ties after a first import.

Services are imported inside the commands, and annotations stay evaluated: see `goodwill.cli`.
"""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from goodwill.cli import options
from goodwill.cli.render import console, emit_json, errors

if TYPE_CHECKING:
    from goodwill.domain.model import Tier
    from goodwill.services.onboard import CircleCandidate

#: What each answer sets: the proposal itself on Enter (or y).
_KEYS = {"i": "inner", "a": "active", "k": "acquaintance"}
_HELP = "Enter/y accept · i inner · a active · k acquaintance · s skip · q stop and save"


def onboard(
    ctx: typer.Context,
    inner: Annotated[
        int, typer.Option("--inner", min=0, help="About how many inner-circle people.")
    ] = 15,
    active: Annotated[
        int, typer.Option("--active", min=0, help="About how many active ties.")
    ] = 50,
    accept_all: Annotated[
        bool, typer.Option("--accept-all", help="Apply the whole proposal without asking.")
    ] = False,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive",
            help="Ask about each person (the default in a terminal).",
            show_default=False,
        ),
    ] = None,
    on: options.On = None,
    json_output: options.Json = False,
) -> None:
    """After a first import everyone is an acquaintance: choose your inner circle (about 15)
    and active ties (about 50) from the evidence (mail and meetings, LinkedIn messages,
    recommendations, how long you have known them). Accept, change or skip each in seconds.

    Example: goodwill onboard --json   (the proposal; --accept-all applies it)
    """
    from goodwill import services

    app = options.context(ctx)
    proposal = services.onboard.propose(app, options.day(app, on), inner=inner, active=active)
    ask = interactive if interactive is not None else (sys.stdin.isatty() and not json_output)
    if accept_all:
        choices = {c.person.id: c.proposed for c in proposal.candidates}
    elif ask and not json_output:
        choices = _ask_each(proposal.candidates)
    else:
        if json_output:
            emit_json(proposal.to_json())
        else:
            for candidate in proposal.candidates:
                console.print(_line(candidate), markup=False)
            console.print(
                "nothing changed: run goodwill onboard in a terminal, or add --accept-all",
                style="dim",
            )
        return
    result = services.onboard.apply(app, choices)
    if json_output:
        emit_json({**proposal.to_json(), "applied": result.to_json()})
        return
    by_tier = result.by_tier
    console.print(
        f"placed: inner circle {by_tier['inner']}, active {by_tier['active']}, "
        f"acquaintance {by_tier['acquaintance']} ({result.changed} changed; everyone else "
        "keeps their tier)",
        markup=False,
    )


def _line(candidate: "CircleCandidate") -> str:
    company = f" ({candidate.company})" if candidate.company else ""
    return (
        f"{candidate.proposed.value:<7} #{candidate.person.id} {candidate.person.name}{company}: "
        + ", ".join(candidate.reasons)
    )


def _ask_each(candidates: "tuple[CircleCandidate, ...]") -> "dict[int, Tier]":
    """One question per person, the evidence above it; q (or the end of the input) keeps
    the answers so far, Ctrl-C changes nothing."""
    from goodwill.domain.model import Tier

    choices: dict[int, Tier] = {}
    if not candidates:
        console.print("no one to propose yet: import mail, a calendar or LinkedIn first")
        return choices
    console.print(_HELP, style="dim")
    try:
        for number, candidate in enumerate(candidates, 1):
            company = f" · {candidate.company}" if candidate.company else ""
            console.print(
                f"[{number}/{len(candidates)}] {candidate.person.name}{company} · now {candidate.tier.value}",
                markup=False,
            )
            console.print(f"      {', '.join(candidate.reasons)}", style="dim", markup=False)
            while True:
                typer.echo(f"      {candidate.proposed.value}? ", nl=False)
                try:
                    answer = input().strip().lower()
                except EOFError:  # the end of piped answers: keep what was decided
                    answer = "q"
                if answer in ("", "y", "yes"):
                    choices[candidate.person.id] = candidate.proposed
                elif answer in _KEYS:
                    choices[candidate.person.id] = Tier(_KEYS[answer])
                elif answer not in ("s", "q"):
                    errors.print(f"      {_HELP}", markup=False)
                    continue
                break
            if answer == "q":
                break
    except KeyboardInterrupt:
        errors.print("interrupted: nothing changed", markup=False)
        raise typer.Exit(130) from None
    return choices


def register(app: typer.Typer) -> None:
    app.command()(onboard)
