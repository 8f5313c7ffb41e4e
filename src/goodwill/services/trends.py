"""Trends over time for `health --plot`: gives, asks and touches from you, week by week."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from goodwill.domain import health as health_rules
from goodwill.domain.errors import BadInput
from goodwill.services.context import Context
from goodwill.services.views import Shape
from goodwill.store.database import UnitOfWork

WEEKS = 52


def weekly(ctx: Context, on: date | None = None, weeks: int = WEEKS) -> dict[str, Any]:
    """The last `weeks` weeks (Monday to Sunday) up to the week of `on`."""
    with ctx.db.read() as uow:
        return weekly_in(uow, on or ctx.today(), weeks)


def weekly_in(uow: UnitOfWork, day: date, weeks: int = WEEKS) -> dict[str, Any]:
    """`weekly`, read in a unit of work already open."""
    last_monday = day - timedelta(days=day.weekday())
    first = last_monday - timedelta(weeks=weeks - 1)
    starts = [first + timedelta(weeks=i) for i in range(weeks)]
    series = {name: [0] * weeks for name in ("gives", "asks", "touches")}
    rows = uow.stats.entries_by_day(first, day)
    for when, direction, by_them, count in rows:
        if by_them:
            continue
        index = (when - first).days // 7
        name = {"deposit": "gives", "withdrawal": "asks"}.get(direction, "touches")
        series[name][index] += count
    return {"weeks": [start.isoformat() for start in starts], **series}


#: "Every good connection hears from you at least twice a year": a contact within this
#: many days before a week's end keeps a person covered that week.
COVERED_WITHIN_DAYS = 182
#: Kept-warm people read for the coverage chart, at most (about; an even sample by id).
COVERAGE_SAMPLE = 2_000


def coverage_weekly(ctx: Context, on: date | None = None, weeks: int = WEEKS) -> dict[str, Any]:
    """Week by week, the share of the people you keep warm (inner and active tiers, as they
    are today) that you were in contact with in the six months before the week ended.

    Past a few thousand such people the share is estimated from an even sample of them
    (one in `every`, by id), so the chart costs the same in any network. The answer is
    kept while nothing is written."""
    day = on or ctx.today()
    with ctx.db.read() as uow:
        return ctx.cache.get_or_make(
            ("coverage", day, weeks),
            uow.settings.generation(),
            lambda: _coverage(uow, day, weeks),
        )


def _coverage(uow: UnitOfWork, day: date, weeks: int) -> dict[str, Any]:
    last_monday = day - timedelta(days=day.weekday())
    ends = [
        min(last_monday - timedelta(weeks=weeks - 1 - i) + timedelta(days=6), day)
        for i in range(weeks)
    ]
    since = ends[0] - timedelta(days=COVERED_WITHIN_DAYS - 1)
    kept_warm = uow.stats.kept_warm_count()
    every = max(1, math.ceil(kept_warm / COVERAGE_SAMPLE))
    sampled = kept_warm if every == 1 else uow.stats.kept_warm_count(every)
    contacts = uow.stats.kept_warm_contact_days(since, day, every)
    # A contact on day d covers the weeks whose end falls in [d, d + 181 days]: a run of
    # weeks, kept per person as bits, so that each person counts once a week.
    reach = timedelta(days=COVERED_WITHIN_DAYS - 1)
    covered_weeks: dict[int, int] = {}
    for person_id, when in contacts:
        first, last = bisect_left(ends, when), bisect_right(ends, when + reach)
        if first < last:
            run = ((1 << (last - first)) - 1) << first
            covered_weeks[person_id] = covered_weeks.get(person_id, 0) | run
    covered = [0] * weeks
    for bits in covered_weeks.values():
        for index in range(weeks):
            covered[index] += bits >> index & 1
    shares = [round(count / sampled, 4) if sampled else None for count in covered]
    return {
        "weeks": [end.isoformat() for end in ends],
        "coverage": shares,
        "kept_warm": kept_warm,
        "sampled": sampled,
    }


#: The weeks every gives per ask looks back over: `health`'s, the API's, the Health page's
#: card and its chart.
GIVE_ASK_WEEKS = 4


@dataclass(frozen=True, slots=True)
class GivesPerAsk(Shape):
    """Your gives and asks logged in a window of weeks (each entry once, however many
    people it names; theirs not counted), and the gives per ask they make."""

    #: How many weeks the window holds: this week and the ones before it.
    weeks: int
    #: The window's first day (a Monday), ISO.
    since: str
    gives: int
    asks: int
    #: Gives per ask, or None without an ask in the window.
    ratio: float | None


def gives_per_ask(
    trends: dict[str, Any], index: int = -1, window: int = GIVE_ASK_WEEKS
) -> GivesPerAsk:
    """Gives per ask over the `window` weeks up to the week at `index` of `weekly`'s trends
    (the last by default: this week and the ones before it)."""
    weeks = trends["weeks"]
    end = index % len(weeks)
    start = max(0, end - window + 1)
    gives = sum(trends["gives"][start : end + 1])
    asks = sum(trends["asks"][start : end + 1])
    ratio = health_rules.gives_per_ask(gives, asks)
    return GivesPerAsk(window, weeks[start], gives, asks, ratio)


def recent_gives_per_ask(uow: UnitOfWork, day: date) -> GivesPerAsk:
    """Gives per ask over the last `GIVE_ASK_WEEKS` weeks up to `day`: the Health page's
    card, read without the rest of the year."""
    return gives_per_ask(weekly_in(uow, day, GIVE_ASK_WEEKS))


def give_ask_ratio(trends: dict[str, Any], window: int = GIVE_ASK_WEEKS) -> list[float | None]:
    """Gives per ask over the `window` weeks up to each week (None without an ask)."""
    return [gives_per_ask(trends, i, window).ratio for i in range(len(trends["weeks"]))]


def plot(ctx: Context, path: Path, on: date | None = None) -> dict[str, Any]:
    """Write the weekly trends as a PNG chart (private, like every export)."""
    from goodwill.exporters.health_chart import render_png
    from goodwill.services.transfer import save

    if path.suffix.lower() != ".png":
        raise BadInput(f"{path}: the chart is a PNG image; name the file .png")
    trends = weekly(ctx, on)
    day = (on or ctx.today()).isoformat()
    save(path, render_png(trends, f"Your network, the {WEEKS} weeks to {day}"))
    return {"chart": str(path), **trends}
