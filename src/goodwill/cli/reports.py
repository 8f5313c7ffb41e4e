"""`health` and `occasions`, from options to output, without Typer: the quick path
(`goodwill.cli.quick`) calls these as Typer's commands do, as for the daily commands in
`goodwill.cli.daily`. Services are imported inside the functions: see `goodwill.cli`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from goodwill.cli import inputs
from goodwill.cli.render import console, emit_json, money, styled
from goodwill.domain import dates
from goodwill.domain.health import rate_in_words

if TYPE_CHECKING:
    from goodwill.services.context import Context
    from goodwill.services.health import Health


def show_health(
    app: Context, *, n: int | None, on: str | None, plot: str | None, json_output: bool
) -> None:
    from goodwill.services.health import health

    day = inputs.day(app, on)
    report = health(app, day, n)
    drawn = None
    if plot is not None:
        from goodwill.services import trends

        drawn = trends.plot(app, Path(plot), day)
    if json_output:
        emit_json(report.to_json() if drawn is None else {**report.to_json(), "trends": drawn})
        return
    print_health(report)
    if plot is not None:
        console.print(f"  trends            drawn in {plot}", markup=False)


def list_occasions(app: Context, *, days: int, on: str | None, json_output: bool) -> None:
    from goodwill.services.occasions import occasions

    found = occasions(app, inputs.day(app, on), days)
    if json_output:
        emit_json([item.to_json() for item in found])
    elif not found:
        console.print(f"no occasions within {days} days", style="dim")
    else:
        for item in found:
            line = f"{item.on}  {item.person.name}: {item.label}"
            if item.answered_on:  # the plan no longer offers it
                console.print(
                    f"{line} (you reached out on {item.answered_on})", style="dim", markup=False
                )
            else:
                console.print(line, markup=False)


def print_health(report: Health) -> None:
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
    ended = f"none: the last plan done was on {report.last_done}" if report.last_done else ""
    console.print(
        f"  streak            {dates.days(report.streak) if report.streak else ended or 'none yet'}"
    )
    capacity = report.capacity
    console.print(
        f"  capacity          {capacity.per_day} a day keeps {capacity.sustainable_active} active people on cadence; "
        f"your tiers need {rate_in_words(capacity.needed_per_day)}"
    )
    if capacity.warning:
        console.print(styled("  ", ("warning:", "bold yellow"), f" {capacity.warning}"))
