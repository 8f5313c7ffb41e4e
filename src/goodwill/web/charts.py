"""The Health page's charts as SVG shapes, laid out here and drawn by `_chart.html`.

Inline SVG scales to a phone's width, needs no JavaScript, and carries its own text for
screen readers: each chart has a title and a one-sentence summary, and every bar or point
a tooltip with its value. A page of five charts renders in a millisecond or two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from goodwill.domain.dates import counted
from goodwill.services import trends

if TYPE_CHECKING:
    from goodwill.services.health import Health

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 58, 12, 12, 28


@dataclass(frozen=True)
class Shape:
    kind: str  # "rect", "polyline", "line", "text"
    css: str
    x: float = 0
    y: float = 0
    w: float = 0
    h: float = 0
    points: str = ""
    text: str = ""
    anchor: str = "middle"


@dataclass
class Chart:
    slug: str
    title: str
    summary: str
    legend: list[tuple[str, str]] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    height: int = HEIGHT
    #: Shown instead of the drawing when there is nothing to draw: what would be there,
    #: and how to get it there.
    empty: str = ""


def _nice_max(value: float) -> float:
    """A round axis maximum at or above `value` (1, 2 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    step = 1.0
    while step * 10 <= value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if factor * step >= value:
            return factor * step
    return 10 * step  # pragma: no cover - the loop above always returns


def _axes(chart: Chart, top: float, labels: Sequence[str], percent: bool = False) -> None:
    plot_h = chart.height - TOP - BOTTOM
    for fraction in (0.0, 0.5, 1.0):
        y = TOP + plot_h * (1 - fraction)
        value = top * fraction
        text = f"{value:.0%}" if percent else (f"{value:g}" if value < 10 else f"{value:.0f}")
        chart.shapes.append(Shape("line", "grid", x=LEFT, y=y, w=WIDTH - RIGHT, h=y))
        chart.shapes.append(Shape("text", "axis", x=LEFT - 6, y=y + 4, text=text, anchor="end"))
    count = len(labels)
    step = max(1, count // 6)
    slot = (WIDTH - LEFT - RIGHT) / max(count, 1)
    for index in range(0, count, step):
        x = LEFT + slot * (index + 0.5)
        chart.shapes.append(
            Shape("text", "axis", x=x, y=chart.height - 8, text=_short(labels[index]))
        )


def _short(label: str) -> str:
    try:
        day = date.fromisoformat(label)
    except ValueError:
        return label
    return day.strftime("%d %b")


def weekly_activity(weekly: dict[str, Any]) -> Chart:
    """Stacked bars: touches, gives and asks from you, week by week."""
    weeks: list[str] = weekly["weeks"]
    series = [("touches", "touch"), ("gives", "give"), ("asks", "ask")]
    totals = [sum(weekly[name][i] for name, _ in series) for i in range(len(weeks))]
    recent = sum(totals[-4:])
    chart = Chart(
        "activity",
        "Touches, gives and asks per week",
        f"{sum(totals)} {'entry' if sum(totals) == 1 else 'entries'} from you in {len(weeks)}"
        f" weeks; {recent} in the last four. "
        f"Gives: {sum(weekly['gives'])}, asks: {sum(weekly['asks'])}, "
        f"touches: {sum(weekly['touches'])}.",
        legend=[(name, css) for name, css in series],
    )
    top = _nice_max(max(totals, default=0))
    _axes(chart, top, weeks)
    plot_h = chart.height - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(weeks), 1)
    for index, week in enumerate(weeks):
        base = TOP + plot_h
        for name, css in series:
            value = weekly[name][index]
            if not value:
                continue
            height = plot_h * value / top
            base -= height
            chart.shapes.append(
                Shape(
                    "rect",
                    css,
                    x=LEFT + slot * index + slot * 0.1,
                    y=base,
                    w=slot * 0.8,
                    h=height,
                    text=f"week of {week}: {value} {name}",
                )
            )
    return chart


def _line(
    slug: str,
    title: str,
    summary: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    top: float,
    reference: float | None,
    percent: bool,
    unit: str,
) -> Chart:
    chart = Chart(slug, title, summary)
    _axes(chart, top, labels, percent=percent)
    plot_h = chart.height - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    if reference is not None:
        y = TOP + plot_h * (1 - min(reference, top) / top)
        chart.shapes.append(Shape("line", "reference", x=LEFT, y=y, w=WIDTH - RIGHT, h=y))
    run: list[str] = []
    for index, value in enumerate(values):
        if value is None:
            if len(run) > 1:
                chart.shapes.append(Shape("polyline", "series", points=" ".join(run)))
            run = []
            continue
        x = LEFT + slot * (index + 0.5)
        y = TOP + plot_h * (1 - min(value, top) / top)
        run.append(f"{x:.1f},{y:.1f}")
        shown = f"{value:.0%}" if percent else f"{value:g}{unit}"
        chart.shapes.append(
            Shape("rect", "point", x=x - 2.5, y=y - 2.5, w=5, h=5, text=f"{labels[index]}: {shown}")
        )
    if len(run) > 1:
        chart.shapes.append(Shape("polyline", "series", points=" ".join(run)))
    return chart


def coverage_over_time(coverage: dict[str, Any]) -> Chart:
    values: list[float | None] = coverage["coverage"]
    known = [v for v in values if v is not None]
    latest = f"{known[-1]:.0%}" if known else "no one yet"
    sample = (
        f" (estimated from {coverage['sampled']} of them)"
        if coverage["sampled"] < coverage["kept_warm"]
        else ""
    )
    return _line(
        "coverage",
        "Twice-a-year coverage",
        f"Of the {coverage['kept_warm']} people you keep warm (inner and active), the share "
        f"you were in touch with in the six months before each week{sample}: now {latest}.",
        coverage["weeks"],
        values,
        top=1.0,
        reference=1.0,
        percent=True,
        unit="",
    )


def give_ask_over_time(weekly: dict[str, Any]) -> Chart:
    """Gives per ask over a window of weeks, week by week; its last point is the figure on
    the page's card (`trends.gives_per_ask`, which both read)."""
    ratios = trends.give_ask_ratio(weekly)
    now = trends.gives_per_ask(weekly)
    top = _nice_max(max([*(r for r in ratios if r is not None), 2.0]))
    latest = (
        f"{now.ratio:g} gives per ask"
        if now.ratio is not None
        else f"no asks in the last {trends.GIVE_ASK_WEEKS} weeks"
    )
    return _line(
        "give-ask",
        f"Gives per ask ({trends.GIVE_ASK_WEEKS}-week window)",
        f"Your gives per ask of yours over the {trends.GIVE_ASK_WEEKS} weeks up to each week; "
        f"above the line at 1 you give more than you ask: now {latest}.",
        weekly["weeks"],
        ratios,
        top=top,
        reference=1.0,
        percent=False,
        unit="",
    )


def _horizontal(
    slug: str, title: str, summary: str, rows: Sequence[tuple[str, int]], css: str
) -> Chart:
    bar_h, gap, label_w = 18, 6, 150
    height = TOP + len(rows) * (bar_h + gap) + 8
    chart = Chart(slug, title, summary, height=max(height, 40))
    top = max((count for _, count in rows), default=0) or 1
    for index, (label, count) in enumerate(rows):
        y = TOP + index * (bar_h + gap)
        width = (WIDTH - label_w - RIGHT - 40) * count / top
        chart.shapes.append(
            Shape("text", "label", x=label_w - 6, y=y + bar_h - 5, text=label, anchor="end")
        )
        chart.shapes.append(
            Shape("rect", css, x=label_w, y=y, w=max(width, 1), h=bar_h, text=f"{label}: {count}")
        )
        chart.shapes.append(
            Shape(
                "text",
                "value",
                x=label_w + width + 6,
                y=y + bar_h - 5,
                text=str(count),
                anchor="start",
            )
        )
    return chart


#: The disciplines chart without a discipline: what one is, and how to set one.
NO_DISCIPLINES = (
    "No one has a discipline yet. A discipline is a person's field of work (product, "
    "design, finance...); with them this chart shows where your network is thin. Set one "
    "on a person's page (Edit, then Discipline) or with goodwill edit NAME --discipline "
    "product."
)


def disciplines_spread(report: Health) -> Chart:
    disciplines = report.disciplines
    if not disciplines:
        return Chart("disciplines", "Disciplines spread", "", empty=NO_DISCIPLINES)
    rows = list(disciplines.items())[:10]
    rest = sum(list(disciplines.values())[10:])
    if rest:
        rows.append(("other", rest))
    grow = ", ".join(g.discipline for g in report.grow[:3])
    return _horizontal(
        "disciplines",
        "Disciplines spread",
        f"{counted(report.discipline_count, 'discipline')}, evenness"
        f" {report.discipline_evenness:.0%}." + (f" Thin: {grow}." if grow else ""),
        rows,
        "give",
    )


def dormant_ties(report: Health) -> Chart:
    rows = list(report.dormant_by_tier.items())
    return _horizontal(
        "dormant",
        "Dormant ties by tier",
        f"{report.dormant} {'person has' if report.dormant == 1 else 'people have'} not been in contact for a year or more.",
        rows,
        "ask",
    )


def health_charts(report: Health, weekly: dict[str, Any], coverage: dict[str, Any]) -> list[Chart]:
    return [
        weekly_activity(weekly),
        coverage_over_time(coverage),
        give_ask_over_time(weekly),
        disciplines_spread(report),
        dormant_ties(report),
    ]
