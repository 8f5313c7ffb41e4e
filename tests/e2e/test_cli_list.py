"""`goodwill list` writes each person as it reads them: to a pipe, lines; with --json, the
same array as ever, item by item."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Goodwill

PEOPLE = 2_500  # more than two pages of the store's reads


@pytest.fixture
def gw(cli: Callable[..., Goodwill], tmp_path: Path) -> Goodwill:
    runner = cli()
    runner("init")
    cards = tmp_path / "people.vcf"
    cards.write_text(
        "".join(
            f"BEGIN:VCARD\nVERSION:3.0\nFN:Person {n:04d}\nORG:Company {n % 7}\n"
            f"EMAIL:p{n}@example.org\nEND:VCARD\n"
            for n in range(PEOPLE)
        )
    )
    runner("import", "vcard", str(cards))
    return runner


def rows(text: str) -> list[list[str]]:
    """The cells of each line of a list written to a pipe, after its header."""
    lines = text.splitlines()
    assert lines[0].split("\t") == ["#", "name", "company", "tier", "next due", "balance"]
    return [line.split("\t") for line in lines[1:]]


def cells(person: dict[str, Any]) -> list[str]:
    """What a line shows of a person of `list --json`."""
    return [
        str(person["id"]),
        person["name"],
        person["company"] or "",
        person["tier"],
        person["next_due"] or "—",
        f"{person['balance']:+.1f}",
    ]


def test_a_list_to_a_pipe_is_a_header_and_a_line_per_person(gw: Goodwill) -> None:
    listed = rows(gw("list"))
    assert len(listed) == PEOPLE
    assert len({row[0] for row in listed}) == PEOPLE  # everyone once, across the pages
    assert [row[1] for row in listed] == [f"Person {n:04d}" for n in range(PEOPLE)]
    assert listed[7][2:4] == ["Company 0", "acquaintance"]


def test_each_line_says_what_the_json_list_says(gw: Goodwill) -> None:
    for name, kind in (("#3", "intro-made"), ("#1500", "reference")):
        gw("log", name, "--gave", kind, "--on", "2026-03-01")
    gw("log", "#2400", "--asked", "asked-job", "--on", "2026-04-01", "--anyway")
    people = gw.json("list", "--on", "2026-06-01")
    assert isinstance(people, list)
    assert rows(gw("list", "--on", "2026-06-01")) == [cells(person) for person in people]
    assert {row[5] for row in rows(gw("list"))} > {"+0.0"}


@pytest.mark.parametrize(
    "filters",
    [
        ["--tier", "inner"],
        ["--tag", "mentor"],
        ["--discipline", "Product"],
        ["--due", "--on", "2027-09-01"],
        ["--due", "--on", "2028-01-01", "--limit", "40"],
        ["--tier", "acquaintance", "--limit", "1200"],
    ],
)
def test_filters_and_their_order_apply_to_lines(gw: Goodwill, filters: list[str]) -> None:
    gw("edit", "Person 2000", "--tier", "inner", "--tag", "mentor", "--discipline", "product")
    gw("edit", "Person 0100", "--tier", "inner")
    for number in range(0, PEOPLE, 97):
        gw("log", f"Person {number:04d}", "--touch", "--on", "2026-01-05")
    people = gw.json("list", *filters)
    assert isinstance(people, list) and people
    assert rows(gw("list", *filters)) == [cells(person) for person in people]
    if "--due" in filters:  # soonest due first
        due = [person["next_due"] for person in people]
        assert due == sorted(due)


def test_tabs_and_line_breaks_never_shift_the_columns(gw: Goodwill) -> None:
    gw("add", "Zed Tab", "--company", "Acme\tLabs\n  EU")
    (zed,) = [row for row in rows(gw("list")) if row[1] == "Zed Tab"]
    assert zed[2:4] == ["Acme Labs EU", "active"]


def test_a_list_in_a_terminal_is_a_table(cli: Callable[..., Goodwill], gw: Goodwill) -> None:
    terminal = cli(FORCE_COLOR="1")
    table = terminal("list", "--limit", "3")
    assert "next due" in table and "Person 0002" in table and "Person 0003" not in table
    assert "│" in table and "\t" not in table


def test_the_json_list_is_one_array_in_the_usual_layout(gw: Goodwill) -> None:
    text = gw("list", "--json")
    people = json.loads(text)
    assert len(people) == PEOPLE and people[0]["name"] == "Person 0000"
    assert text == json.dumps(people, ensure_ascii=False, indent=2) + "\n"
    assert gw("list", "--tier", "inner", "--json") == "[]\n"
    assert "nobody matches" in gw("list", "--tier", "inner")
