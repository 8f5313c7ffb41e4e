"""`goodwill brief`: one person before a meeting, or everyone on a day's calendar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Goodwill

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CALENDAR = FIXTURES / "calendar" / "google-calendar.ics"
ME = "alex.morgan@example.com"


@pytest.fixture
def gw(cli: Callable[..., Goodwill]) -> Goodwill:
    goodwill = cli()
    goodwill("init")
    return goodwill


def _brief(gw: Goodwill, *args: str) -> dict[str, Any]:
    found = gw.json("brief", *args)
    assert isinstance(found, dict)
    return found


def test_a_brief_tells_history_debts_mutual_people_and_topics(gw: Goodwill) -> None:
    gw("add", "Bo Chen", "--company", "Globex")
    gw("add", "Cy Park")
    gw(
        "add", "Ana Núñez", "--company", "Acme", "--title", "VP Product", "--tag", "mentor",
        "--met-via", "Bo Chen", "--met-how", "PMI meetup", "--met-on", "2025-03-01",
        "--note", "working on pricing for the enterprise tier",
    )  # fmt: skip
    gw(
        "event",
        "add",
        "Data Summit",
        "--on",
        "2026-10-01",
        "--met",
        "Ana Núñez",
        "--met",
        "Cy Park",
    )
    for day in ("2026-01-05", "2026-02-05", "2026-03-05", "2026-04-05", "2026-05-05"):
        gw("log", "Ana", "--touch", "--via", "call", "--on", day, "--note", "pricing talk")
    gw("log", "Ana", "--gave", "shared-article", "--on", "2026-06-01", "--note", "pricing paper")
    # Their ask wants a follow-up by itself only while recent by the clock (a rule the
    # service tests hold on a fixed clock): here it is asked for, a day after the ask.
    gw(
        "log", "Ana", "--they-asked", "intro", "--them", "--on", "2026-11-20", "--note", "a CFO",
        "--follow-up", "1d",
    )  # fmt: skip

    brief = _brief(gw, "Ana", "--on", "2026-11-24")
    assert brief["person"]["name"] == "Ana Núñez" and brief["person"]["title"] == "VP Product"
    assert brief["met"]["how"] == "PMI meetup" and brief["met"]["on"] == "2025-03-01"
    assert brief["met"]["via"]["name"] == "Bo Chen"
    assert brief["roles"][0] == {
        "company": "Acme", "title": "VP Product", "since": None, "until": None
    }  # fmt: skip
    # The newest five of eight entries (the event logged one too), newest first.
    days = [e["on"] for e in brief["last_interactions"]]
    assert days == ["2026-11-20", "2026-10-01", "2026-06-01", "2026-05-05", "2026-04-05"]
    assert [e["note"] for e in brief["owed"]] == ["a CFO"]
    assert brief["follow_up_on"] == "2026-11-21"  # the day after their ask
    mutual = {m["name"]: m["how"] for m in brief["mutual"]}
    assert mutual["Bo Chen"] == ["introduced"]
    assert any("Data Summit" in how for how in mutual["Cy Park"])
    assert brief["topics"][:2] == ["mentor", "pricing"]
    assert brief["balance"] > 0

    owing = gw("brief", "Ana", "--on", "2026-11-24")  # their ask in words, not its kind's id
    assert "you owe them: they asked for an introduction on 2026-11-20: a CFO" in owing

    # Answering their ask settles what you owe.
    gw("log", "Ana", "--gave", "intro-made", "--on", "2026-11-23", "--note", "to our CFO")
    assert _brief(gw, "Ana", "--on", "2026-11-24")["owed"] == []

    text = gw("brief", "Ana", "--on", "2026-11-24")
    assert "# Ana Núñez, VP Product at Acme" in text
    assert "through Bo Chen" in text and "you both know: Bo Chen" in text


def test_a_favour_they_did_is_owed_in_the_brief_and_today_until_returned(gw: Goodwill) -> None:
    gw("add", "Maya Goldberg", "--tier", "active", "--on", "2026-11-01")
    logged = gw(
        "log", "Maya", "--they-gave", "intro-made", "--note", "introduced me to Raj",
        "--on", "2026-11-20",
    )  # fmt: skip
    assert "you owe them one" in logged
    text = gw("brief", "Maya", "--on", "2026-12-05")
    assert "you owe them: they made an introduction on 2026-11-20: introduced me to Raj" in text
    today = gw("today", "--on", "2026-12-05")
    assert (
        "you owe Maya one: they made an introduction on Nov 20 (introduced me to Raj); "
        "thank them and offer one back"
    ) in today
    assert "Thank you again for what you did for me" in today  # its draft
    gw("done", "1", "--on", "2026-12-05")  # logs the thank-you, a give: the favour returned
    assert _brief(gw, "Maya", "--on", "2026-12-05")["owed"] == []


def test_a_birthday_ahead_is_an_occasion_in_the_brief(gw: Goodwill) -> None:
    gw("add", "Ana Núñez", "--birthday", "1990-12-01")
    brief = _brief(gw, "Ana", "--on", "2026-11-24")
    assert {"on": "2026-12-01", "kind": "birthday"}.items() <= brief["occasions"][0].items()


def test_the_brief_names_the_follow_up_day_that_event_add_promised(gw: Goodwill) -> None:
    added = gw("event", "add", "Meetup", "--on", "2026-10-01", "--met", "Ana Núñez")
    assert "follow up with each by 2026-10-03" in added
    assert "\n  met at Meetup, on 2026-10-01\n" in gw("brief", "Ana", "--on", "2026-10-01")
    assert "follow up by 2026-10-03" in gw("brief", "Ana", "--on", "2026-10-01")
    brief = _brief(gw, "Ana", "--on", "2026-10-01")
    assert brief["follow_up_on"] == "2026-10-02" and brief["follow_up_by"] == "2026-10-03"


def test_briefs_for_everyone_met_on_a_calendar_day(gw: Goodwill) -> None:
    gw("add", "Raj Malhotra", "--email", "raj.malhotra@contoso.example", "--company", "Contoso")
    # A monthly series: its April occurrence is expanded from the March rule.
    agenda = _brief(gw, "--calendar", str(CALENDAR), "--on", "2026-04-01", "--me", ME)
    assert agenda["date"] == "2026-04-01"
    [meeting] = agenda["meetings"]
    assert meeting["summary"] == "Mentoring call, Raj"
    assert [b["person"]["name"] for b in meeting["briefs"]] == ["Raj Malhotra"]
    assert meeting["unknown"] == []
    # Someone not in the network is named, never added.
    day = _brief(gw, "--calendar", str(CALENDAR), "--on", "2026-01-15", "--me", ME)
    assert day["meetings"][0]["unknown"] == [
        {"email": "maya.goldberg@example.com", "name": "Maya Goldberg"}
    ]
    assert "Maya" not in gw("list")
    # Known without her email (added by hand, or matched by name by an import): her name,
    # the only one like it, is enough, as for an import of the same file.
    gw("add", "Maya Goldberg")
    day = _brief(gw, "--calendar", str(CALENDAR), "--on", "2026-01-15", "--me", ME)
    assert [b["person"]["name"] for b in day["meetings"][0]["briefs"]] == ["Maya Goldberg"]
    assert day["meetings"][0]["unknown"] == []
    text = gw("brief", "--calendar", str(CALENDAR), "--on", "2026-04-01", "--me", ME)
    assert "== Mentoring call, Raj (2026-04-01)" in text and "# Raj Malhotra" in text
    quiet = gw("brief", "--calendar", str(CALENDAR), "--on", "2026-04-02", "--me", ME)
    assert "no meetings with others on 2026-04-02" in quiet


def test_brief_mistakes_are_one_line_errors(gw: Goodwill, tmp_path: Path) -> None:
    assert "name one person" in gw("brief", code=1)
    assert "name one person" in gw("brief", "Ana", "--calendar", str(CALENDAR), code=1)
    assert "no one matches" in gw("brief", "Nobody Here", code=1)
    junk = tmp_path / "notes.ics"
    junk.write_text("these are my notes, not a calendar\n")
    error = gw("brief", "--calendar", str(junk), code=1)
    assert str(junk) in error and len(error.strip().splitlines()) == 1


def test_an_address_given_only_with_me_on_an_import_names_no_topic(gw: Goodwill) -> None:
    """With no `me` in the config, the address an import was given with `--me` is mine:
    "Thanks Alex" in Raj's message is not something Raj talks about."""
    gw("import", str(FIXTURES / "linkedin" / "Basic_LinkedInDataExport_11-20-2026.zip"))
    gw("import", "mbox", str(FIXTURES / "mail" / "takeout-sample.mbox"), "--me", ME)
    topics = _brief(gw, "Raj Malhotra", "--on", "2026-11-24")["topics"]
    assert "pricing" in topics
    assert "alex" not in topics and "morgan" not in topics
