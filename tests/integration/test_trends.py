"""`health --plot`: weekly trends from the ledger, drawn as a PNG."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from goodwill.domain.errors import BadInput
from goodwill.services import ledger, people, trends
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_weekly_trends_count_what_you_gave_asked_and_kept_up(app: Context, tmp_path: Path) -> None:
    people.add_person(app, PersonChanges(name="Ana"))
    for on, action, kind in (
        (date(2026, 11, 23), Action.GAVE, "helped"),  # Monday of the last week
        (date(2026, 11, 24), Action.ASKED, "advice"),
        (date(2026, 11, 20), Action.TOUCH, None),  # the week before
        (date(2026, 11, 19), Action.THEY_ASKED, "job"),  # theirs: not counted
    ):
        ledger.log(app, LogRequest(people=("Ana",), action=action, kind=kind, on=on))
    weekly = trends.weekly(app)
    assert len(weekly["weeks"]) == 52 and weekly["weeks"][-1] == "2026-11-23"
    assert (weekly["gives"][-1], weekly["asks"][-1], weekly["touches"][-1]) == (1, 1, 0)
    assert weekly["touches"][-2] == 1 and sum(weekly["touches"]) == 1

    chart = tmp_path / "health.png"
    trends.plot(app, chart)
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert chart.stat().st_mode & 0o777 == 0o600
    with pytest.raises(BadInput, match=r"name the file \.png"):
        trends.plot(app, tmp_path / "health.txt")


def test_without_matplotlib_the_chart_asks_for_the_plot_extra(
    app: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    chart = tmp_path / "health.png"
    with pytest.raises(BadInput, match=re.escape("pip install 'goodwill[plot]'")):
        trends.plot(app, chart)
    assert not chart.exists()


def _counted(app: Context) -> dict[tuple[str, str, bool], int]:
    """The per-day counts the triggers keep, next to a count of the ledger itself."""
    with app.db.read() as uow:
        kept = uow.connection.execute(
            text("SELECT day, direction, by_them, entries FROM ledger_days WHERE entries > 0")
        ).all()
        actual = uow.connection.execute(
            text(
                "SELECT occurred_on, direction, by_them, count(*) FROM interactions "
                "GROUP BY occurred_on, direction, by_them"
            )
        ).all()
    as_dict = {(str(d), str(w), bool(t)): int(n) for d, w, t, n in kept}
    assert as_dict == {(str(d), str(w), bool(t)): int(n) for d, w, t, n in actual}
    return as_dict


def test_the_daily_counts_follow_every_kind_of_ledger_write(app: Context, tmp_path: Path) -> None:
    """Logs, undo, an import, a merge, forget, and a restore elsewhere: the counts the weekly
    trends read always equal a count of the ledger."""
    from goodwill.bootstrap import build_context
    from goodwill.services import imports, merging, privacy, transfer
    from goodwill.services.admin import init

    for name in ("Ana", "Bo", "Cy"):
        people.add_person(app, PersonChanges(name=name))
    ledger.log(app, LogRequest(people=("Ana", "Bo"), action=Action.TOUCH, on=date(2026, 11, 2)))
    ledger.log(app, LogRequest(people=("Bo",), action=Action.GAVE, on=date(2026, 11, 2)))
    ledger.log(
        app, LogRequest(people=("Cy",), action=Action.ASKED, on=date(2026, 10, 1), anyway=True)
    )
    assert _counted(app)[("2026-11-02", "deposit", False)] == 1
    ledger.undo(app)
    assert ("2026-10-01", "withdrawal", False) not in _counted(app)
    mbox = FIXTURES / "mail" / "takeout-sample.mbox"
    imports.import_path(app, "mbox", mbox, me=("alex.morgan@example.com",))
    _counted(app)
    merging.merge(app, "Ana", "Bo")
    _counted(app)
    privacy.forget(app, "Ana")
    _counted(app)
    ledger.log(app, LogRequest(people=("Cy",), action=Action.THEY_GAVE, on=date(2026, 11, 20)))
    backup = transfer.export(app, "json")
    elsewhere = build_context({"GOODWILL_DATA_DIR": str(tmp_path / "other")})
    init(elsewhere)
    transfer.restore(elsewhere, backup)
    assert _counted(elsewhere) == _counted(app)
    assert trends.weekly(elsewhere, date(2026, 11, 24)) == trends.weekly(app, date(2026, 11, 24))
    elsewhere.db.dispose()


def test_coverage_over_time_samples_large_networks_evenly(
    app: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    from goodwill.domain.model import Tier

    for number in range(1, 31):
        people.add_person(app, PersonChanges(name=f"Person {number}", tier=Tier.ACTIVE))
        if number % 2 == 0:  # half of them heard from you a month ago
            ledger.log(
                app, LogRequest(people=(f"#{number}",), action=Action.TOUCH, on=date(2026, 10, 24))
            )
    exact = trends.coverage_weekly(app, date(2026, 11, 24))
    assert (exact["kept_warm"], exact["sampled"], exact["coverage"][-1]) == (30, 30, 0.5)
    assert exact["coverage"][0] == 0.0  # a year ago nobody had heard from you yet
    monkeypatch.setattr(trends, "COVERAGE_SAMPLE", 10)
    sampled = trends.coverage_weekly(app, date(2026, 11, 23))
    assert (sampled["kept_warm"], sampled["sampled"], sampled["coverage"][-1]) == (30, 10, 0.5)
