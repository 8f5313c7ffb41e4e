"""One name, one person: `add` and `event add --met` take a near-identical name for the
person who has it, a hyphen is a space to `dupes`, and a company is found without its
Japanese, Chinese or Korean legal form."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from goodwill.domain.errors import AlreadyExists, Ambiguous, NotFound
from goodwill.services import events, ledger, merging, paths, people
from goodwill.services.context import Context
from goodwill.services.people import PersonChanges

EVENT_DAY = date(2026, 11, 20)


def add(app: Context, name: str, *, anyway: bool = False, company: str | None = None) -> int:
    return people.add_person(app, PersonChanges(name=name, company=company), anyway=anyway).id


def names(app: Context) -> list[str]:
    return sorted(p["name"] for p in people.list_people(app))


def test_a_guest_of_a_near_identical_name_is_the_person_already_known(app: Context) -> None:
    maria = add(app, "Мария Иванова")
    result = events.add_event(app, "PyData", on=EVENT_DAY, met=("Maria Ivanova", "Lee Park"))
    assert [(p.id, p.name, p.new) for p in result.met if not p.new] == [
        (maria, "Мария Иванова", False)
    ]
    assert names(app) == ["Lee Park", "Мария Иванова"]
    assert people.show_person(app, f"#{maria}").follow_up_on == "2026-11-21"


def test_a_guest_whose_name_is_near_several_people_is_refused_naming_them(app: Context) -> None:
    first = add(app, "Мария Иванова", company="Acme")
    second = add(app, "Marija Ivanova", company="Globex")
    with pytest.raises(Ambiguous) as refused:
        events.add_event(app, "PyData", on=EVENT_DAY, met=("Maria Ivanova",))
    assert {pid for pid, _label in refused.value.candidates} == {first, second}
    assert "Acme" in str(refused.value) and "Globex" in str(refused.value)
    assert events.list_events(app) == ()  # nothing half-written
    assert len(names(app)) == 2


def test_a_guest_who_only_resembles_someone_is_new(app: Context) -> None:
    add(app, "Lee Parker")
    result = events.add_event(app, "PyData", on=EVENT_DAY, met=("Lee Park",))
    assert [(p.name, p.new) for p in result.met] == [("Lee Park", True)]


@pytest.mark.parametrize(
    ("known", "typed"),
    [
        ("Мария Иванова", "Maria Ivanova"),
        ("François Lefèvre-Dubois", "Francois Lefevre Dubois"),
        ("Jean-Luc Picard", "Jean Luc Picard"),
    ],
)
def test_adding_a_near_identical_name_is_refused_unless_anyway(
    app: Context, known: str, typed: str
) -> None:
    pid = add(app, known)
    with pytest.raises(AlreadyExists) as refused:
        add(app, typed)
    assert str(refused.value) == f"{known} already exists (#{pid})"
    assert refused.value.existing == (pid, known)
    add(app, typed, anyway=True)
    assert names(app) == sorted([known, typed])


def test_adding_a_name_that_only_resembles_someone_is_not_refused(app: Context) -> None:
    add(app, "Lee Parker")
    add(app, "John Smith")
    add(app, "Lee Park")
    add(app, "Jon Smith")
    assert len(names(app)) == 4


def test_a_refusal_names_the_most_alike_then_the_oldest(app: Context) -> None:
    first = add(app, "Jean-Luc Picard")
    add(app, "Jean Luc Picard", anyway=True)
    add(app, "Jean Luc Picardo", anyway=True)
    with pytest.raises(AlreadyExists) as refused:
        add(app, "Jean Luc-Picard")
    assert str(refused.value) == f"Jean-Luc Picard already exists (#{first})"


def test_dupes_lists_a_name_spelled_with_a_hyphen_and_with_a_space(app: Context) -> None:
    add(app, "François Lefèvre-Dubois")
    add(app, "Francois Lefevre Dubois", anyway=True)
    pairs = merging.find_duplicates(app)
    assert [(p.a.name, p.b.name, p.score) for p in pairs] == [
        ("François Lefèvre-Dubois", "Francois Lefevre Dubois", 100.0)
    ]


@pytest.mark.parametrize(
    ("company", "query"),
    [
        ("楽天株式会社", "楽天"),
        ("株式会社リクルート", "リクルート"),
        ("㈱楽天", "楽天"),
        ("华为技术有限公司", "华为技术"),
        ("(주)삼성전자", "삼성전자"),
        ("삼성전자 주식회사", "삼성전자"),
    ],
)
def test_a_path_to_a_company_is_found_without_its_legal_form(
    app: Context, company: str, query: str
) -> None:
    add(app, "Aiko Tanaka", company=company)
    found = paths.path(app, query)
    assert found.mode == "company"
    assert [p.path[-1] for p in found.paths] == ["Aiko Tanaka"]


@pytest.mark.parametrize(
    ("company", "old_key", "query"),
    [("楽天株式会社", "楽天株式会社", "楽天"), ("ИП «Ромашка»", "ip romashka", "Ромашка")],
    ids=["japanese", "russian"],
)
def test_reindex_recomputes_a_company_key_stored_with_its_legal_form(
    app: Context, company: str, old_key: str, query: str
) -> None:
    add(app, "Aiko Tanaka", company=company)
    with app.db.engine().begin() as connection:  # as goodwill stored it before
        connection.execute(text("UPDATE people SET company_key = :key"), {"key": old_key})
    with pytest.raises(NotFound, match="no one at a company of that name"):
        paths.path(app, query)
    assert ledger.reindex(app).rekeyed == 1
    assert [p.path[-1] for p in paths.path(app, query).paths] == ["Aiko Tanaka"]
    assert ledger.reindex(app).rekeyed == 0
