"""`help`: full-text search over profiles and the ledger notes that say what people know,
ranked with warmth."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from goodwill.domain.errors import BadInput
from goodwill.domain.model import Tier
from goodwill.services import finder, imports, ledger, paths, people, privacy
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges
from goodwill.store.search import FULL_TEXT_INDEXES


def add(app: Context, name: str, **changes: object) -> None:
    people.add_person(app, PersonChanges(name=name, **changes))  # type: ignore[arg-type]


def test_help_finds_profiles_and_notes_and_prefers_warm_ties(app: Context) -> None:
    add(app, "Ana Núñez", title="VP Product", discipline="pricing", tier=Tier.INNER)
    add(app, "Cold Carl", title="Pricing consultant")
    add(app, "Bo Chen", company="Globex")
    add(app, "Di Unrelated", title="Recruiter")
    ledger.log(
        app, LogRequest(people=("Ana",), action=Action.GAVE, kind="reference", on=date(2026, 11, 1))
    )
    ledger.log(
        app,
        LogRequest(
            people=("Bo",),
            action=Action.TOUCH,
            note="talked about seed pricing at Globex",
            on=date(2026, 10, 1),
        ),
    )
    result = finder.who_can_help(app, "pricing strategy for a seed startup").to_json()
    names = [p["person"]["name"] for p in result["people"]]
    assert set(names) == {"Ana Núñez", "Cold Carl", "Bo Chen"}
    # Two matched words and a recent talk first; of the one-word matches, warm before cold.
    assert names == ["Bo Chen", "Ana Núñez", "Cold Carl"]
    bo = next(p for p in result["people"] if p["person"]["name"] == "Bo Chen")
    assert bo["matched"] == ["pricing", "seed"]
    assert result["words"] == ["pricing", "strategy", "seed", "startup"]


@pytest.mark.parametrize(
    ("need", "names"),
    [
        ('NEAR( "pricing', ["Ana"]),
        ("pricing* AND (", ["Ana"]),
        ("\"'); DROP TABLE people;--", []),
    ],
)
def test_query_syntax_in_a_need_is_just_words(app: Context, need: str, names: list[str]) -> None:
    add(app, "Ana", title="Pricing lead")
    found = finder.who_can_help(app, need).to_json()
    assert [p["person"]["name"] for p in found["people"]] == names


def test_an_empty_need_is_refused_and_no_match_suggests_connectors(app: Context) -> None:
    add(app, "Ana")
    with pytest.raises(BadInput, match="say what you need"):
        finder.who_can_help(app, "  ?! ")
    assert finder.who_can_help(app, "quantum gardening").to_json()["people"] == []


def test_when_nobody_matches_the_best_connectors_are_suggested(app: Context) -> None:
    """Those tagged `connector` first, then those who know people at the most companies."""
    add(app, "Ana")
    for name, company in (("Bo", "Acme"), ("Cy", "Globex"), ("Di", "Initech")):
        add(app, name, company=company)
    assert finder.who_can_help(app, "quantum gardening").connectors == ()
    paths.knows(app, "Ana", "Bo")
    paths.knows(app, "Ana", "Cy")
    paths.knows(app, "Ana", "Di")
    paths.knows(app, "Bo", "Cy")
    paths.knows(app, "Bo", "Di")
    add(app, "Eve", tags=("connector",))
    found = finder.who_can_help(app, "quantum gardening").to_json()["connectors"]
    assert [(c["name"], c["why"]) for c in found] == [
        ("Eve", "tagged connector"),
        ("Ana", "knows people at 3 companies"),
        ("Bo", "knows people at 2 companies"),
    ]


def test_reindex_rebuilds_the_search_notes(app: Context) -> None:
    add(app, "Bo Chen")
    ledger.log(
        app,
        LogRequest(
            people=("Bo",), action=Action.TOUCH, note="kubernetes migration", on=date(2026, 10, 1)
        ),
    )
    ledger.reindex(app)
    assert [
        p["person"]["name"] for p in finder.who_can_help(app, "kubernetes").to_json()["people"]
    ] == ["Bo Chen"]


def test_people_of_a_large_import_are_found_and_stay_current(app: Context, tmp_path: Path) -> None:
    """An import writes its search documents many rows at a time; every one is found, and
    later edits still keep them current."""
    export = tmp_path / "Connections.csv"
    rows = [f"Person,Number{i},,,Firm{i},Cartographer{i},12 Mar 2021" for i in range(1200)]
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        + "\n".join(rows)
        + "\n"
    )
    assert imports.import_path(app, "linkedin", export)["created"] == 1200

    for i in (0, 332, 333, 334, 998, 999, 1000, 1199):
        found = finder.who_can_help(app, f"cartographer{i}").to_json()["people"]
        assert [p["person"]["name"] for p in found] == [f"Person Number{i}"]
    people.edit_person(app, "Person Number333", PersonChanges(title="Surveyor"))
    assert finder.who_can_help(app, "cartographer333").to_json()["people"] == []
    assert [
        p["person"]["name"] for p in finder.who_can_help(app, "surveyor").to_json()["people"]
    ] == ["Person Number333"]
    if app.db.url.startswith("sqlite"):  # FTS5 checks its index against the documents
        with closing(sqlite3.connect(app.db.where)) as db:
            for index in FULL_TEXT_INDEXES:
                db.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")


def test_an_undone_note_is_no_longer_found(app: Context) -> None:
    add(app, "Aiko Tanaka")
    ledger.log(app, LogRequest(people=("Aiko",), action=Action.TOUCH, on=date(2026, 10, 1)))
    tokyo = LogRequest(
        people=("Aiko",), action=Action.TOUCH, note="Tokyo market pricing", on=date(2026, 10, 2)
    )
    ledger.log(app, tokyo)
    assert [h.person.name for h in finder.who_can_help(app, "tokyo").people] == ["Aiko Tanaka"]
    ledger.undo(app)
    assert finder.who_can_help(app, "tokyo").people == ()


#: (person, what I logged with them, its note): only Fay and Gus know about Kubernetes pricing.
KUBERNETES_NOTES = (
    ("Carl Given", Action.GAVE, "sent them my notes on Kubernetes pricing"),
    ("Dan Asked", Action.ASKED, "advice on Kubernetes pricing for my startup"),
    ("Eve Asking", Action.THEY_ASKED, "wants to understand Kubernetes pricing"),
    ("Fay Gave", Action.THEY_GAVE, "walked me through Kubernetes pricing"),
    ("Gus Talked", Action.TOUCH, "he runs Kubernetes pricing at Globex"),
)


def test_help_learns_what_they_know_not_what_i_gave_or_asked(app: Context) -> None:
    """What I gave or asked someone, and what they asked me, is not their expertise: only
    what they gave me and our conversations are searched, as written and after reindex."""
    for name, action, note in KUBERNETES_NOTES:
        add(app, name)
        request = LogRequest(
            people=(name,), action=action, note=note, on=date(2026, 10, 1), anyway=True
        )
        ledger.log(app, request)

    def helpers() -> set[str]:
        found = finder.who_can_help(app, "kubernetes pricing").people
        return {h.person.name for h in found}

    assert helpers() == {"Fay Gave", "Gus Talked"}
    ledger.reindex(app)
    assert helpers() == {"Fay Gave", "Gus Talked"}
    # Undo rebuilds the notes of whoever the undone entry named, by the same rule.
    ledger.log(app, LogRequest(people=("Carl",), action=Action.TOUCH, on=date(2026, 10, 2)))
    ledger.undo(app)
    assert helpers() == {"Fay Gave", "Gus Talked"}
    # So does forgetting someone who shared entries with them.
    add(app, "Hal Shared")
    ledger.log(app, LogRequest(people=("Carl", "Hal"), action=Action.TOUCH, on=date(2026, 10, 3)))
    privacy.forget(app, "Hal Shared")
    assert helpers() == {"Fay Gave", "Gus Talked"}


def test_of_many_whose_notes_match_those_with_the_newest_notes_are_found(
    app: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notes are ranked only for the people whose newest note is the most recent, however
    the entries were logged (here the oldest last); profiles that match are all ranked."""
    monkeypatch.setattr(finder, "CANDIDATES", 2)
    add(app, "Kim Profile", title="Kubernetes consultant")
    for name, day in (("Newest Nia", 30), ("Newer Ned", 20), ("Oldest Oli", 10)):
        add(app, name)
        request = LogRequest(
            people=(name,), action=Action.TOUCH, note="kubernetes", on=date(2026, 10, day)
        )
        ledger.log(app, request)

    def found() -> set[str]:
        return {h.person.name for h in finder.who_can_help(app, "kubernetes").people}

    assert found() == {"Kim Profile", "Newest Nia", "Newer Ned"}
    ledger.reindex(app)
    assert found() == {"Kim Profile", "Newest Nia", "Newer Ned"}
    # A later note makes Oli's notes the newest; undoing it makes them the oldest again.
    later = LogRequest(
        people=("Oldest Oli",), action=Action.TOUCH, note="lunch", on=date(2026, 10, 25)
    )
    ledger.log(app, later)
    assert found() == {"Kim Profile", "Newest Nia", "Oldest Oli"}
    ledger.undo(app)
    assert found() == {"Kim Profile", "Newest Nia", "Newer Ned"}
    if app.db.url.startswith("sqlite"):  # each index agrees with the documents
        with closing(sqlite3.connect(app.db.where)) as db:
            for index in FULL_TEXT_INDEXES:
                db.execute(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")
