"""`help` finds what a person means (word variants, accents) and `path` finds companies
under their many spellings, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date

import pytest

from goodwill.domain.errors import NotFound
from goodwill.services import finder, ledger, paths, people
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges
from migrations import migrate

NETWORK: list[dict[str, object]] = [
    {"name": "Gail Geo", "title": "Geophysicist", "company": "Seismic Ltd"},
    {"name": "Pia Price", "title": "Analyst"},
    {"name": "Rick Recruit", "title": "Technical recruiter", "discipline": "talent"},
    {"name": "Fay Fund", "title": "Fundraising lead", "discipline": "nonprofit"},
    {"name": "Mara Markt", "title": "Growth", "discipline": "marketing"},
    {"name": "Jürgen Weber", "title": "Café owner", "company": "Fabrikam GmbH"},
    {"name": "Lena Lab", "title": "Chemistry lead", "company": "Fabrikam Labs"},
    {"name": "Art Artist", "title": "Painter"},
    {"name": "Sol Supply", "title": "Logistics analyst"},
    {"name": "Tam Talent", "title": "Talent acquisition partner"},
    {"name": "Ola Acquire", "title": "Head of acquisitions", "discipline": "M&A"},
]

#: (need, must find, must not find)
NEEDS: list[tuple[str, set[str], set[str]]] = [
    ("geophysics", {"Gail Geo"}, {"Pia Price"}),
    ("pricing", {"Pia Price"}, {"Gail Geo"}),
    ("recruiting", {"Rick Recruit"}, {"Fay Fund"}),
    ("a fundraiser", {"Fay Fund"}, {"Rick Recruit"}),
    ("market research", {"Mara Markt"}, {"Art Artist"}),
    ("cafe", {"Jürgen Weber"}, set()),
    ("jurgen", {"Jürgen Weber"}, set()),
    ("chemist", {"Lena Lab"}, set()),
    ("art", {"Art Artist"}, {"Rick Recruit", "Mara Markt"}),
    # Other words for the same field (`domain.synonyms`), never the words' other senses.
    ("supply chain analytics", {"Sol Supply"}, {"Pia Price"}),
    ("hiring", {"Rick Recruit", "Tam Talent"}, {"Ola Acquire", "Fay Fund"}),
    ("talent acquisition", {"Tam Talent", "Rick Recruit"}, set()),
]


@pytest.fixture
def network(app: Context) -> Context:
    for person in NETWORK:
        people.add_person(app, PersonChanges(**person))  # type: ignore[arg-type]
    ledger.log(
        app,
        LogRequest(
            people=("Pia Price",),
            action=Action.TOUCH,
            note="ran price experiments on the checkout page",
            on=date(2026, 10, 1),
        ),
    )
    return app


@pytest.mark.parametrize(("need", "found", "not_found"), NEEDS, ids=[n[0] for n in NEEDS])
def test_help_finds_word_variants(
    network: Context, need: str, found: set[str], not_found: set[str]
) -> None:
    names = {p["person"]["name"] for p in finder.who_can_help(network, need).to_json()["people"]}
    assert found <= names
    assert not names & not_found


def test_the_exact_word_ranks_before_its_variants(app: Context) -> None:
    # Same warmth (neither was ever contacted): only the words differ.
    people.add_person(app, PersonChanges(name="Vera Variant", title="Price analyst"))
    people.add_person(app, PersonChanges(name="Eve Exact", title="Pricing analyst"))
    result = finder.who_can_help(app, "pricing").to_json()
    assert [p["person"]["name"] for p in result["people"]] == ["Eve Exact", "Vera Variant"]
    assert all(p["matched"] == ["pricing"] for p in result["people"])


def test_the_words_typed_rank_before_other_words_for_the_field(app: Context) -> None:
    # Same warmth (neither was ever contacted): only the words differ.
    people.add_person(app, PersonChanges(name="Rae Ruiz", title="Recruiter"))
    people.add_person(app, PersonChanges(name="Hal Hiring", title="Hiring manager"))
    result = finder.who_can_help(app, "hiring").to_json()
    assert [p["person"]["name"] for p in result["people"]] == ["Hal Hiring", "Rae Ruiz"]
    # What it was found by: the field's word it holds as written, not its stem's other words.
    assert result["people"][1]["matched"] == ["recruiter"]


def test_a_need_for_a_job_finds_who_hires_before_who_is_looking(app: Context) -> None:
    """Someone looking for a job shares the need's words ("job", the city) but cannot give
    one: who hires ranks first, though no word of the need is in their title."""
    people.add_person(
        app,
        PersonChanges(
            name="Jo Seeker",
            location="Berlin",
            tags=("job-seeker",),
            note="looking for a job in Berlin",
        ),
    )
    people.add_person(app, PersonChanges(name="Rita Rossi", title="Recruiter", location="Berlin"))
    people.add_person(app, PersonChanges(name="Bea Baker", title="Baker", location="Berlin"))
    found = finder.who_can_help(app, "job in Berlin").to_json()["people"]
    score = {p["person"]["name"]: p["score"] for p in found}
    assert found[0]["person"]["name"] == "Rita Rossi"
    # Found (they may know of openings), but far below: holding "job" and "Berlin" both
    # would otherwise put them close to the recruiter.
    assert 0 < score["Jo Seeker"] < score["Rita Rossi"] / 5
    # `help hiring` is not searched for "job": it would find the people looking for one.
    hiring = finder.who_can_help(app, "hiring").to_json()["people"]
    assert [p["person"]["name"] for p in hiring] == ["Rita Rossi"]


def test_path_finds_a_company_under_its_legal_name(network: Context) -> None:
    people.add_person(network, PersonChanges(name="Kim Connector"))
    for colleague in ("Jürgen Weber", "Lena Lab"):
        paths.knows(network, "Kim Connector", colleague)
    result = paths.path(network, "fabrikam").to_json()
    assert result["mode"] == "company"
    ends = {route["path"][-1] for route in result["paths"]}
    assert ends == {"Jürgen Weber", "Lena Lab"}
    assert paths.path(network, "Fabrikam, Inc.").to_json()["mode"] == "company"
    with pytest.raises(NotFound):
        paths.path(network, "Fabri")


def test_path_to_a_company_spelt_otherwise_names_the_companies_near_it(network: Context) -> None:
    people.add_person(network, PersonChanges(name="Ольга Смирнова", company="Яндекс"))
    with pytest.raises(NotFound) as refused:
        paths.path(network, "Yandex")
    assert str(refused.value).endswith("; companies with a name near it: 'Яндекс'")
    with pytest.raises(NotFound) as misspelt:
        paths.path(network, "Fabrikan")
    assert "'Fabrikam GmbH'" in str(misspelt.value) and "Яндекс" not in str(misspelt.value)
    with pytest.raises(NotFound) as nothing:
        paths.path(network, "Zyxwv")
    assert "near it" not in str(nothing.value)
    people.add_person(network, PersonChanges(name="Raj Malhotra", company="Contoso, Ltd."))
    with pytest.raises(NotFound) as punctuated:
        paths.path(network, "Contosso")
    assert str(punctuated.value).endswith("near it: 'Contoso, Ltd.'")  # one name, whole


def test_path_finds_the_person_show_finds(network: Context) -> None:
    people.add_person(network, PersonChanges(name="Kim Connector"))
    paths.knows(network, "Kim Connector", "Jürgen Weber")
    result = paths.path(network, "Jürgen").to_json()
    assert result["mode"] == "person"
    assert result["paths"][0]["path"][-1] == "Jürgen Weber"


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_a_database_from_before_stems_is_upgraded_with_its_people(network: Context) -> None:
    migrate(network.db, "downgrade", "0011")
    migrate(network.db, "upgrade", "head")
    names = {
        p["person"]["name"] for p in finder.who_can_help(network, "pricing").to_json()["people"]
    }
    assert names == {"Pia Price"}  # found through the stems of an old ledger note
    assert paths.path(network, "Fabrikam GmbH").to_json()["mode"] == "company"


def test_profiles_that_rank_alike_are_cut_the_same_way_every_time(app: Context) -> None:
    """Many people with the same title rank alike; past the limit, the first added are kept,
    whatever order the database happens to hold their documents in (a changed document
    moves on PostgreSQL)."""
    ids = [
        people.add_person(app, PersonChanges(name=f"Ana Analyst {n}", title="Data analyst")).id
        for n in range(6)
    ]
    for person_id in ids[:3]:  # rewritten documents (new notes): on PostgreSQL, new rows
        ledger.log(
            app,
            LogRequest(
                people=(f"#{person_id}",), action=Action.TOUCH, note="coffee", on=date(2026, 10, 1)
            ),
        )
    with app.db.read() as uow:
        found = uow.search.matching(["analyst"], 3)
    assert [pid for pid, _ in found] == ids[:3]
