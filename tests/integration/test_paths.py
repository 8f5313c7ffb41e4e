"""Who knows whom: ties from what the user records, and the warmest introduction paths."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from goodwill.domain.errors import BadInput, NotFound
from goodwill.domain.model import Tier
from goodwill.services import events, paths, people
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
    events.add_event(app, "Meetup", on=date(2026, 11, 20), met=("Lee Park", "Bo Chen"))
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
    # Bo works there, and you know him: a question about the company, not an introduction.
    direct = next(p for p in found["paths"] if p["path"] == ["me", "Bo Chen"])
    assert direct["first_hop"]["asking"] == "a question" and direct["first_hop"]["cold"] is True


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
