"""A scripted first week, as a new user lives it: what they see each day in the CLI, and
the same plan through the API.

The CLI and the API share one database; every day is played with `--on`, and the clock of
both is the Monday after the week (asks from them are "open" for two weeks after it).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Goodwill
from fastapi.testclient import TestClient

from goodwill import bootstrap
from goodwill.domain.companies import company_key
from goodwill.services import accounts
from goodwill.services.context import Context
from goodwill.web.server import ServerSettings, create_app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NOW = datetime(2026, 11, 24, 9, 30)
WEEK = [date(2026, 11, 17) + timedelta(days=offset) for offset in range(7)]
MET = ["Lee Park", "Sam Ortiz", "Kim Ode", "Ravi Rao"]


@pytest.fixture
def gw(app: Context, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Goodwill:
    """The CLI on the API's database, with the same clock."""
    monkeypatch.setattr(bootstrap, "Context", _clocked)
    return Goodwill({**env, "GOODWILL_DB": app.config.db_url})


def _clocked(**fields: Any) -> Context:
    return Context(**fields, clock=lambda: NOW)


@pytest.fixture
def api(app: Context) -> Iterator[Any]:
    token = accounts.create_token(app, "first week").token
    headers = {"Authorization": f"Bearer {token}"}
    server = create_app(app, ServerSettings(send_digests=False))
    with TestClient(server, base_url="http://127.0.0.1:8080") as client:
        yield lambda method, path, **kw: client.request(
            method, f"/api/v1{path}", headers=headers, **kw
        )


def picks(gw: Goodwill, day: date) -> list[dict[str, Any]]:
    plan = gw.json("today", "--on", day.isoformat())
    assert isinstance(plan, dict)
    return plan["picks"]  # type: ignore[no-any-return]


def names(items: list[dict[str, Any]]) -> list[str]:
    return [item["person"]["name"] for item in items]


def same_plan_through_the_api(api: Any, gw: Goodwill, day: date) -> dict[str, Any]:
    through_api = api("GET", "/today", params={"on": day.isoformat()}).json()
    from_cli = gw.json("today", "--on", day.isoformat())
    assert isinstance(from_cli, dict)
    assert names(through_api["picks"]) == names(from_cli["picks"])
    assert through_api["note"] == from_cli["note"]
    return through_api  # type: ignore[no-any-return]


def one_per_company(items: list[dict[str, Any]]) -> bool:
    keys = [company_key(item["company"]) for item in items if item["company"]]
    firsts = [key.split()[0] for key in keys]
    return len(firsts) == len(set(firsts))


def test_a_first_week(gw: Goodwill, api: Any) -> None:
    monday, tuesday, wednesday, thursday, friday, saturday, _sunday = WEEK
    on = lambda day: ("--on", day.isoformat())  # noqa: E731

    # Before the week: a real LinkedIn export, and the inner circle by hand, long silent.
    imported = gw.json(
        "import", "linkedin", str(FIXTURES / "linkedin/Basic_LinkedInDataExport_11-20-2026.zip")
    )
    assert isinstance(imported, dict) and imported["created"] >= 8
    for name, company, discipline in (
        ("Ana Lima", "Fabrikam GmbH", "product"),
        ("Bo Chen", "Fabrikam Labs", "engineering"),
        ("Cy Diaz", "Contoso", "product"),
        ("Di Ek", "Initech", "design"),
    ):
        gw("add", name, "--tier", "inner", "--company", company, "--discipline", discipline,
           "--on", "2026-07-01")  # fmt: skip
        gw("log", name, "--touch", "--on", "2026-08-01")

    # Monday: two people, never two at one company; an invitation from someone met;
    # an event; a touch does not make a job ask warm.
    first = picks(gw, monday)
    assert len(first) == 2 and one_per_company(first)
    waiting = gw.json("triage")
    assert isinstance(waiting, list)
    lena = next(item for item in waiting if item["name"] == "Lena Park")
    accepted = gw("triage", "accept", str(lena["id"]), *on(monday))
    assert "accepted: Lena Park (#" in accepted
    assert "a follow-up is in the plan from 2026-11-18" in accepted
    event = gw("event", "add", "Data meetup", *on(monday), *[a for n in MET for a in ("--met", n)])
    assert "follow up with each by 2026-11-19" in event
    assert not set(MET) & set(names(picks(gw, monday)))

    gw("log", "Ana Lima", "--touch", *on(monday))
    ask = gw.json("ask", "Ana Lima", "--kind", "job", *on(monday))
    assert isinstance(ask, dict) and ask["cold"] is True
    assert ask["suggested_deposit"] == {
        "kind": "intro-made",
        "text": "offer Ana an introduction to Cy Diaz (product at Contoso)",
    }
    refused = gw("log", "Ana Lima", "--asked", "job", *on(monday), code=1)
    assert refused.startswith("error: cold ask to Ana Lima: ") and "--anyway" in refused
    assert gw.json("show", "Ana Lima")["timeline"][0]["kind"] == "catch-up"  # type: ignore[index]

    # Tuesday: every follow-up, first, and the plan grows for them: CLI and API agree.
    plan = same_plan_through_the_api(api, gw, tuesday)
    assert sorted(names(plan["picks"])) == sorted([*MET, "Lena Park"])
    assert plan["note"] == "+3 follow-ups today"
    assert "+3 follow-ups today" in gw("today", *on(tuesday))
    for position in (1, 2, 3):
        done = gw.json("done", str(position), *on(tuesday))
        assert isinstance(done, dict)
        # Met at the event: a catch-up; Lena, whose invitation was accepted: the welcome.
        welcome = done["person"]["name"] == "Lena Park"
        assert done["kind"] == ("welcomed" if welcome else "catch-up")
    gw("log", "Bo Chen", "--they-asked", "intro", *on(tuesday), "--note", "an intro to a CTO")

    # Wednesday: the two follow-ups not done yet, and Bo's ask from yesterday.
    plan = same_plan_through_the_api(api, gw, wednesday)
    left = {p["person"]["name"] for p in plan["picks"]}
    assert "Bo Chen" in left and len(left & {*MET, "Lena Park"}) == 2 and len(left) == 3
    for position in range(1, len(plan["picks"]) + 1):
        gw("done", str(position), *on(wednesday))
    assert not {*MET, "Lena Park", "Bo Chen"} & set(names(picks(gw, thursday)))

    # A deposit first, then the guarded ask goes through; the API guards the same way.
    gw("log", "Ana Lima", "--gave", "intro-made", "--note", "to Cy Diaz", *on(wednesday))
    warm = gw("ask", "Ana Lima", "--kind", "job", "--yes", *on(wednesday))
    assert "Warm enough" in warm and "recorded the ask" in warm
    cy = gw.json("show", "Cy Diaz")["id"]  # type: ignore[index]
    refused_api = api(
        "POST", "/ledger", json={"people": [f"#{cy}"], "action": "asked", "kind": "job"}
    )
    assert refused_api.status_code == 409 and refused_api.json()["cold_asks"][0]["needed"] == 3

    # Thursday: a campaign step is an ask, shown with the guard's verdict.
    gw("campaign", "new", "Next role", "--goal", "5", *on(thursday))
    enrolled = gw.json("campaign", "add", "Next role", "Di Ek", *on(thursday))
    di_id = gw.json("show", "Di Ek")["id"]  # type: ignore[index]
    assert enrolled == {"campaign": "Next role", "added": [{"id": di_id, "name": "Di Ek"}]}
    di = next(p for p in picks(gw, thursday) if p["person"]["name"] == "Di Ek")
    assert di["ask"]["cold"] is True and di["ask"]["deposit_first"]["kind"] != "catch-up"
    shown = gw("today", *on(thursday))
    assert "ask (cold: credit 0.0, needs 1.0)" in shown and "give first: " in shown
    move = ("campaign", "move", "Next role", "Di Ek", "asked")
    assert "cold ask to Di Ek" in gw(*move, *on(thursday), code=1)
    assert "'sent' is not one of 'to-ask'" in gw(*move[:-1], "sent", code=2)  # a usage error
    gw("log", "Di Ek", "--gave", "shared-article", *on(thursday))
    assert "is in the future" in gw(*move, "--on", "2026-12-30", code=1)
    moved = gw.json(*move, *on(thursday))
    assert moved == {
        "campaign": "Next role",
        "person": "Di Ek",
        "stage": "asked",
        "logged": "asked-advice",
    }
    asked = gw.json("show", "Di Ek")["timeline"][0]  # type: ignore[index]
    assert (asked["kind"], asked["on"]) == ("asked-advice", thursday.isoformat())

    # Friday and Saturday: no follow-ups left; the plan is back to two, one per company.
    for day in (friday, saturday):
        plan = same_plan_through_the_api(api, gw, day)
        assert plan["note"] is None and len(plan["picks"]) == 2
        assert one_per_company(plan["picks"])
    snoozed = gw("snooze", "Bo Chen", "2026-12-20", *on(saturday))
    assert "until 2026-12-20" in snoozed
