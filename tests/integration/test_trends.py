"""`health --plot`: weekly trends from the ledger, drawn as a PNG."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from goodwill.domain.errors import BadInput
from goodwill.services import ledger, people, trends
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges


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
