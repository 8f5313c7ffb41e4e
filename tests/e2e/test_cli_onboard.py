"""`goodwill onboard` after a first import of every source: the evidence picks the circle."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runner import Goodwill

from goodwill.cli.app import app as cli_app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ME = "alex.morgan@example.com"
ON = "2026-11-24"


@pytest.fixture
def gw(cli: Callable[..., Goodwill]) -> Goodwill:
    runner = cli()
    runner("init")
    runner("import", str(FIXTURES / "linkedin" / "Basic_LinkedInDataExport_11-20-2026.zip"))
    runner("import", str(FIXTURES / "mail" / "takeout-sample.mbox"), "--me", ME)
    runner("import", str(FIXTURES / "calendar" / "google-calendar.ics"), "--me", ME)
    return runner


def _names(candidates: object) -> list[str]:
    assert isinstance(candidates, list)
    return [c["person"]["name"] for c in candidates]


def test_the_proposal_follows_the_evidence_and_changes_nothing(gw: Goodwill) -> None:
    proposal = gw.json("onboard", "--on", ON)
    assert isinstance(proposal, dict)
    # Raj: three mentoring calls, mail and messages; Maya: coffee, mail, messages.
    assert _names(proposal["inner"]) == ["Raj Malhotra", "Maya Goldberg"]
    raj = proposal["inner"][0]
    assert raj["evidence"]["meetings"] == 3 and "3 meetings" in raj["reasons"]
    assert raj["tier"] == "acquaintance" and raj["proposed"] == "inner"
    # One recommendation, or one mail thread, is an active tie at most.
    assert "Diego Fernández" in _names(proposal["active"])
    assert "Grace Hopper" not in _names(proposal["inner"]) + _names(proposal["active"])
    listed = gw.json("list", "--tier", "inner")
    assert listed == []  # a proposal writes nothing


def test_flags_for_scripts_size_and_apply_the_proposal(gw: Goodwill) -> None:
    hint = "everyone is still an acquaintance: choose your inner circle"
    assert hint in gw("today", "--on", ON)
    result = gw.json("onboard", "--on", ON, "--inner", "1", "--active", "2", "--accept-all")
    assert isinstance(result, dict)
    assert _names(result["inner"]) == ["Raj Malhotra"]
    assert len(result["active"]) == 2 and _names(result["active"])[0] == "Maya Goldberg"
    assert result["applied"] == {
        "changed": 3,
        "by_tier": {"inner": 1, "active": 2, "acquaintance": 0, "archived": 0},
    }
    inner = gw.json("list", "--tier", "inner")
    assert isinstance(inner, list) and [p["name"] for p in inner] == ["Raj Malhotra"]
    assert hint not in gw("today", "--on", ON)


def test_applying_says_what_of_the_proposal_it_did(gw: Goodwill) -> None:
    said = gw("onboard", "--on", ON, "--inner", "1", "--active", "2", "--accept-all")
    assert said.endswith(
        "placed: inner circle 1, active 2, acquaintance 0 "
        "(3 changed; everyone else keeps their tier)\n"
    )


def test_each_person_is_accepted_changed_or_skipped_in_a_keystroke(gw: Goodwill) -> None:
    result = gw.runner.invoke(
        cli_app, ["onboard", "--on", ON, "--interactive"], input="\na\ns\nk\nq\n", env=gw.env
    )
    assert result.exit_code == 0, result.output
    assert "[1/" in result.stdout and "3 meetings" in result.stdout
    people = {p["name"]: p["tier"] for p in gw.json("list")}  # type: ignore[union-attr]
    assert people["Raj Malhotra"] == "inner"  # Enter: accepted
    assert people["Maya Goldberg"] == "active"  # a: changed to active
    assert "(2 changed;" in result.stdout
