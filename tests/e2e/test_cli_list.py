"""`goodwill list` writes each person as it reads them: to a pipe, lines; with --json, the
same array as ever, item by item."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

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


def test_a_list_to_a_pipe_is_a_header_and_a_line_per_person(gw: Goodwill) -> None:
    lines = gw("list").splitlines()
    assert lines[0].split("\t") == ["#", "name", "company", "tier", "next due", "balance"]
    rows = [line.split("\t") for line in lines[1:]]
    assert len(rows) == PEOPLE
    assert [row[1] for row in rows] == [f"Person {n:04d}" for n in range(PEOPLE)]
    assert rows[7][2:4] == ["Company 0", "acquaintance"]


def test_the_json_list_is_one_array_in_the_usual_layout(gw: Goodwill) -> None:
    text = gw("list", "--json")
    people = json.loads(text)
    assert len(people) == PEOPLE and people[0]["name"] == "Person 0000"
    assert text == json.dumps(people, ensure_ascii=False, indent=2) + "\n"
    assert gw("list", "--tier", "inner", "--json") == "[]\n"
    assert "nobody matches" in gw("list", "--tier", "inner")
