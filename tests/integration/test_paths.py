"""Who knows whom: ties from what the user records, and the warmest introduction paths."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from goodwill.domain.errors import BadInput, NotFound
from goodwill.domain.model import Tier
from goodwill.services import paths, people
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest, log
from goodwill.services.people import PersonChanges


def add(app: Context, name: str, **changes: object) -> None:
    people.add_person(app, PersonChanges(name=name, **changes))  # type: ignore[arg-type]


def test_the_warm_path_goes_through_the_friend_who_knows_them(app: Context) -> None:
    add(app, "Ana Núñez", tier=Tier.INNER)
    add(app, "Cold Carl")
    add(app, "Dana Reyes", company="Globex")
    log(
        app, LogRequest(people=("Ana",), action=Action.GAVE, kind="reference", on=date(2026, 11, 1))
    )
    paths.knows(app, "Ana", "Dana Reyes")
    paths.knows(app, "Cold Carl", "Dana Reyes")
    best = paths.path(app, "Dana Reyes").to_json()["paths"][0]
    assert best["path"] == ["me", "Ana Núñez", "Dana Reyes"]
    assert best["first_hop"]["cold"] is False
    assert "introduction" in best["draft"] and best["draft"].startswith("Hi Ana,")


def test_a_company_target_reaches_anyone_there_through_recorded_ties(app: Context) -> None:
    add(app, "Ana Núñez", tier=Tier.INNER)
    add(app, "Bo Chen", company="Acme")
    add(app, "Lee Park", met_via="Ana")  # met via Ana: a tie
    log(app, LogRequest(people=("Ana",), action=Action.TOUCH, on=date(2026, 11, 20)))
    paths.knows(app, "Lee Park", "Bo Chen")  # neither of them is someone I have met
    log(
        app,
        LogRequest(people=("Ana",), action=Action.GAVE, kind="reference", on=date(2026, 11, 21)),
    )
    found = paths.path(app, "acme").to_json()
    assert found["mode"] == "company"
    long = next(
        p for p in found["paths"] if p["path"] == ["me", "Ana Núñez", "Lee Park", "Bo Chen"]
    )
    # Ana knows Lee, not Bo: she is asked for Lee, who leads on to Bo.
    assert (
        long["first_hop"]["cold"] is False and long["first_hop"]["asking"] == "for an introduction"
    )
    assert "I would love to meet Lee Park, and I believe you know them." in long["draft"]
    assert "(I am hoping to reach Bo Chen through them.)" in long["draft"]
    # Bo works there, and is in your network: a question about the company, not an
    # introduction.
    direct = next(p for p in found["paths"] if p["path"] == ["me", "Bo Chen"])
    assert direct["first_hop"]["asking"] == "a question" and direct["first_hop"]["cold"] is True


@pytest.mark.parametrize("target", ["Ромашка", "Romashka", "ИП Ромашка"])
def test_a_company_is_found_without_its_cyrillic_legal_form(app: Context, target: str) -> None:
    """`path Ромашка` reaches someone at «ИП «Ромашка»», as `path Acme` does at Acme Inc."""
    add(app, "Olga Petrova", company="«ИП «Ромашка»»", tier=Tier.ACTIVE)
    found = paths.path(app, target).to_json()
    assert found["mode"] == "company"
    assert [p["path"] for p in found["paths"]] == [["me", "Olga Petrova"]]


def test_someone_i_know_at_the_company_is_asked_first_and_never_introduced(
    app: Context,
) -> None:
    """I have met Ana at Fabrikam: asking her comes before Bo's introduction to Carl there,
    however warm Bo is, and nobody is asked to introduce me to Ana."""
    add(app, "Ana Ruiz", company="Fabrikam")
    add(app, "Bo Chen", tier=Tier.INNER)
    add(app, "Carl Stone", company="Fabrikam")
    log(app, LogRequest(people=("Ana",), action=Action.TOUCH, on=date(2024, 3, 1)))
    for day in (date(2026, 11, 1), date(2026, 11, 20)):
        log(app, LogRequest(people=("Bo",), action=Action.GAVE, kind="reference", on=day))
    paths.knows(app, "Bo", "Carl Stone")
    paths.knows(app, "Bo", "Ana Ruiz")
    on = date(2026, 12, 1)
    found = [p["path"] for p in paths.path(app, "Fabrikam", on=on).to_json()["paths"]]
    assert found[0] == ["me", "Ana Ruiz"]
    assert ["me", "Bo Chen", "Carl Stone"] in found
    assert ["me", "Bo Chen", "Ana Ruiz"] not in found
    # Named as a person, Ana is asked directly, never through Bo.
    to_ana = paths.path(app, "Ana Ruiz", on=on).to_json()["paths"]
    assert [p["path"] for p in to_ana] == [["me", "Ana Ruiz"]]
    # Nor is anyone asked to introduce me to Ana on the way to someone she knows.
    add(app, "Dee Far")
    paths.knows(app, "Ana Ruiz", "Dee Far")
    to_dee = [p["path"] for p in paths.path(app, "Dee Far", on=on).to_json()["paths"]]
    assert ["me", "Ana Ruiz", "Dee Far"] in to_dee
    assert ["me", "Bo Chen", "Ana Ruiz", "Dee Far"] not in to_dee
    # Carl, whom I have never been in touch with, is still best reached through Bo.
    to_carl = paths.path(app, "Carl Stone", on=on).to_json()["paths"]
    assert to_carl[0]["path"] == ["me", "Bo Chen", "Carl Stone"]


def test_ties_from_shared_meetings_and_connectors(app: Context) -> None:
    for name, company in (("Ana", None), ("Bo", "Acme"), ("Cy", "Globex"), ("Di", "Initech")):
        add(app, name, company=company)
    log(
        app, LogRequest(people=("Ana", "Bo", "Cy", "Di"), action=Action.TOUCH, on=date(2026, 11, 2))
    )
    top = paths.connectors(app)[0]
    assert top.name == "Ana" and top.companies == 3


def test_bad_targets_and_ties_are_one_line_errors(app: Context) -> None:
    add(app, "Ana")
    with pytest.raises(BadInput, match="name a person"):
        paths.path(app, "  ")
    with pytest.raises(NotFound, match="no one at a company of that name"):
        paths.path(app, "Nowhere Inc")
    with pytest.raises(BadInput, match="same person twice"):
        paths.knows(app, "Ana", "#1")


def test_path_drafts_greet_without_a_title_and_sign_as_configured(app: Context) -> None:
    add(app, "Dr. Kwabena Asante", tier=Tier.INNER)
    add(app, "Efua Mensah", company="Korle Bu")
    log(app, LogRequest(people=("Kwabena",), action=Action.GAVE, on=date(2026, 11, 1)))
    paths.knows(app, "Kwabena", "Efua Mensah")
    config = dataclasses.replace(app.config, name="Alex Morgan", signature=None)
    signed = dataclasses.replace(app, config=config)
    best = paths.path(signed, "Korle Bu").to_json()["paths"][0]
    assert best["path"] == ["me", "Dr. Kwabena Asante", "Efua Mensah"]
    assert best["draft"].startswith("Hi Kwabena,\n\nI would love to meet Efua Mensah")
    assert best["draft"].endswith("\n\nBest,\nAlex")
    config = dataclasses.replace(config, signature="Cheers,\nAlex M.")
    direct = paths.path(dataclasses.replace(app, config=config), "Dr. Kwabena Asante").to_json()
    assert direct["paths"][0]["draft"].startswith("Hi Kwabena,\n\nCould I ask you something?")
    assert direct["paths"][0]["draft"].endswith("\n\nCheers,\nAlex M.")


def test_a_cold_first_hop_gets_the_give_the_plan_and_the_ask_guard_propose(app: Context) -> None:
    from goodwill.services import ask, plan

    add(app, "Søren Kierkegaard-Jensen", company="Mærsk", tier=Tier.INNER)
    favour = LogRequest(
        people=("Søren",),
        action=Action.THEY_GAVE,
        kind="intro-made",
        note="introduced me to Lars",
        on=date(2026, 11, 20),
    )
    log(app, favour)
    first = paths.path(app, "Søren", on=date(2026, 11, 24)).to_json()["paths"][0]
    give_first = first["first_hop"]["give_first"]
    assert give_first.startswith("you owe Søren one: they made an introduction")
    [pick] = plan.today(app, date(2026, 11, 24)).to_json()["picks"]
    assert (pick["suggestion"], pick["draft"]) == (give_first, first["draft"])
    checked = ask.ask(app, "Søren", purpose="a favour", on=date(2026, 11, 24))
    assert checked.suggested_deposit.text == give_first
