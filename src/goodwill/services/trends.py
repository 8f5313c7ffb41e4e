"""Trends over time for `health --plot`: gives, asks and touches from you, week by week."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from goodwill.domain.errors import BadInput
from goodwill.services.context import Context

WEEKS = 52


def weekly(ctx: Context, on: date | None = None, weeks: int = WEEKS) -> dict[str, Any]:
    """The last `weeks` weeks (Monday to Sunday) up to the week of `on`."""
    day = on or ctx.today()
    last_monday = day - timedelta(days=day.weekday())
    first = last_monday - timedelta(weeks=weeks - 1)
    starts = [first + timedelta(weeks=i) for i in range(weeks)]
    series = {name: [0] * weeks for name in ("gives", "asks", "touches")}
    with ctx.db.read() as uow:
        rows = uow.stats.entries_by_day(first, day)
    for when, direction, by_them, count in rows:
        if by_them:
            continue
        index = (when - first).days // 7
        name = {"deposit": "gives", "withdrawal": "asks"}.get(direction, "touches")
        series[name][index] += count
    return {"weeks": [start.isoformat() for start in starts], **series}


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
