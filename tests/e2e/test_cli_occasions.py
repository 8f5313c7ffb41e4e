"""Occasions: a known person's new role, found on re-import, is news for the next plan."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Goodwill

HEADER = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n"
)


def _google_csv(path: Path, company: str, title: str) -> Path:
    """A Google Contacts export as Google writes it (the columns that matter here)."""
    path.write_text(
        HEADER
        + f"Ana,,Núñez,,,,,,,,{company},{title},,,,,* myContacts,* Work,ana@example.org,,\n"
        + "Bo,,Chen,,,,,,,,Globex,Engineer,,,,,* myContacts,* Work,bo@example.org,,\n",
        "utf-8",
    )
    return path


@pytest.fixture
def gw(cli: Callable[..., Goodwill]) -> Goodwill:
    goodwill = cli()
    goodwill("init")
    return goodwill


def _json(gw: Goodwill, *args: str) -> Any:
    return gw.json(*args)


def test_a_new_role_on_reimport_is_an_occasion_first_in_the_next_plan(
    gw: Goodwill, tmp_path: Path
) -> None:
    first = _google_csv(tmp_path / "contacts.csv", "Acme", "Analyst")
    gw("import", "google-csv", str(first))
    gw("import", "google-csv", str(first))  # the same file again: no news
    assert _json(gw, "occasions") == []
    # Bo is overdue by far more than Ana: without news he would come first.
    gw("edit", "Bo", "--cadence", "7d")
    later = _google_csv(tmp_path / "contacts-2.csv", "Stripe", "Head of Data")
    gw("import", "google-csv", str(later))
    [news] = _json(gw, "occasions")
    assert news["person"]["name"] == "Ana Núñez" and news["kind"] == "new-role"
    assert news["label"] == "new role: Head of Data at Stripe (was Analyst at Acme)"

    plan = _json(gw, "today", "--n", "1")
    [pick] = plan["picks"]
    assert pick["person"]["name"] == "Ana Núñez"
    assert news["label"] in pick["reasons"]
    assert pick["suggested_kind"] == "congratulated"
    assert "Head of Data at Stripe" in pick["draft"]

    shown = gw("show", "Ana")
    assert "past role   Analyst at Acme (until" in shown
    brief = _json(gw, "brief", "Ana")
    assert [r["title"] for r in brief["roles"]] == ["Head of Data", "Analyst"]
    assert brief["occasions"][0]["label"] == news["label"]


def test_case_spacing_and_legal_forms_are_not_news(gw: Goodwill, tmp_path: Path) -> None:
    gw("import", "google-csv", str(_google_csv(tmp_path / "a.csv", "Stripe", "Head of Data")))
    same = _google_csv(tmp_path / "b.csv", "Stripe, Inc.", "head of  data")
    gw("import", "google-csv", str(same))
    assert _json(gw, "occasions") == []
    assert _json(gw, "show", "Ana")["past_roles"] == []


LINKEDIN = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"


def test_a_fresh_connection_and_a_recommendation_are_listed_and_planned(gw: Goodwill) -> None:
    on = ("--on", "2026-11-20")
    gw("import", str(LINKEDIN / "fresh" / "Connections.csv"), *on)
    printed = gw("import", str(LINKEDIN / "received" / "Recommendations_Received.csv"), *on)
    assert "LinkedIn's Recommendations_Received.csv, read as linkedin" in printed
    assert "1 occasions" in printed
    listed = gw("occasions", *on)
    assert "2026-11-12  Lena Okafor: new connection: welcome" in listed
    assert "2026-11-10  Maya Goldberg: recommended you: thank them" in listed
    plan = _json(gw, "today", *on)
    assert {p["person"]["name"] for p in plan["picks"]} == {"Lena Okafor", "Maya Goldberg"}
    again = gw("import", str(LINKEDIN / "received" / "Recommendations_Received.csv"), *on)
    assert "3 already recorded" in again  # Maya's and Raj's gives, Maya's occasion
    assert len(_json(gw, "occasions", *on)) == 2
    # Welcomed: the news stays listed, saying so, and leaves the plan.
    gw("log", "Lena Okafor", "--gave", "welcomed", "--on", "2026-11-21")
    later = ("--on", "2026-11-21")
    listed = gw("occasions", *later)
    assert (
        "2026-11-12  Lena Okafor: new connection: welcome (you reached out on 2026-11-21)" in listed
    )
    assert "2026-11-10  Maya Goldberg: recommended you: thank them\n" in listed
    news = {item["person"]["name"]: item["answered_on"] for item in _json(gw, "occasions", *later)}
    assert news == {"Lena Okafor": "2026-11-21", "Maya Goldberg": None}
    plan = _json(gw, "today", *later)
    assert "Lena Okafor" not in {p["person"]["name"] for p in plan["picks"]}


@pytest.mark.parametrize("fmt", [(), ("linkedin",)])
def test_a_recommendations_file_with_other_columns_is_one_line_and_exit_1(
    gw: Goodwill, fmt: tuple[str, ...]
) -> None:
    bad = LINKEDIN / "bad-recommendations" / "Recommendations_Received.csv"
    message = gw("import", *fmt, str(bad), code=1)
    assert message.count("\n") == 1
    assert str(bad) in message
    assert "not LinkedIn's Recommendations_Received.csv" in message
    assert _json(gw, "occasions") == []
