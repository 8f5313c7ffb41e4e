"""The health trends as a PNG chart: what you gave, asked and kept up, week by week."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from goodwill.domain.errors import BadInput

#: Said when matplotlib, an optional dependency, is not installed.
NEEDS_MATPLOTLIB = "drawing the chart needs matplotlib: pip install 'goodwill[plot]'"


def render_png(trends: Mapping[str, Sequence[Any]], title: str) -> bytes:
    """Weekly bars of gives, asks and touches, and a line of the running give/ask ratio."""
    try:
        import matplotlib
    except ImportError:
        raise BadInput(NEEDS_MATPLOTLIB) from None

    matplotlib.use("Agg")  # no display: render to a file
    from matplotlib import pyplot as plt

    weeks = list(range(len(trends["weeks"])))
    gives, asks, touches = (list(trends[name]) for name in ("gives", "asks", "touches"))
    figure, (top, bottom) = plt.subplots(
        2, 1, figsize=(9, 6), sharex=True, gridspec_kw={"height_ratios": [3, 2]}
    )
    top.bar(weeks, touches, color="#9bb7d4", label="touches")
    top.bar(weeks, gives, bottom=touches, color="#2e7d32", label="gives")
    stacked = [t + g for t, g in zip(touches, gives, strict=True)]
    top.bar(weeks, asks, bottom=stacked, color="#c62828", label="asks")
    top.set_ylabel("entries per week")
    top.set_title(title)
    top.legend(loc="upper left", frameon=False)
    ratio = []
    window_gives = window_asks = 0
    for index in weeks:
        window_gives += gives[index] - (gives[index - 4] if index >= 4 else 0)
        window_asks += asks[index] - (asks[index - 4] if index >= 4 else 0)
        ratio.append(window_gives / window_asks if window_asks else float("nan"))
    bottom.plot(weeks, ratio, color="#37474f")
    bottom.axhline(1.0, color="#c62828", linewidth=0.8, linestyle="--")
    bottom.set_ylabel("gives per ask\n(4 weeks)")
    labels = trends["weeks"]
    ticks = weeks[:: max(1, len(weeks) // 6)]
    bottom.set_xticks(ticks, [labels[i] for i in ticks])
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    plt.close(figure)
    return buffer.getvalue()
