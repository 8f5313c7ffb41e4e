"""Answers kept between writes (today, due, health, a Person page) are handed out as they
are, so nothing in them may be changeable: one caller's edit would be the next one's page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import timedelta
from typing import Any

import pytest

from goodwill.domain.model import Tier
from goodwill.services import health, ledger, people, person_page, plan
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges


def changeable(value: Any, where: str = "result") -> list[str]:
    """Where a list, dict or set sits inside a result."""
    if isinstance(value, (list, dict, set)):
        return [f"{where}: {type(value).__name__}"]
    if is_dataclass(value):
        return [
            found
            for field in fields(value)
            for found in changeable(getattr(value, field.name), f"{where}.{field.name}")
        ]
    if isinstance(value, Mapping):
        return [
            found for key, item in value.items() for found in changeable(item, f"{where}[{key!r}]")
        ]
    if isinstance(value, tuple):
        return [
            found
            for index, item in enumerate(value)
            for found in changeable(item, f"{where}[{index}]")
        ]
    return []


@pytest.fixture
def network(app: Context) -> Context:
    today = app.today()
    for name, tier in (("Ana Lima", Tier.INNER), ("Bo Chen", Tier.ACTIVE)):
        people.add_person(
            app,
            PersonChanges(
                name=name, tier=tier, emails=(f"{name[:2].lower()}@x.org",), add_tags=("mentor",)
            ),
        )
        ledger.log(
            app,
            LogRequest(
                people=(name,), action=Action.GAVE, kind="helped", on=today - timedelta(days=200)
            ),
        )
    return app


def test_kept_answers_hold_nothing_changeable_and_are_shared(network: Context) -> None:
    answers = {
        "today": lambda: plan.today(network),
        "due": lambda: people.list_overdue(network),
        "health": lambda: health.health(network),
        "person page": lambda: person_page.person_page(network, "Ana Lima"),
    }
    for name, answer in answers.items():
        first = answer()
        assert changeable(first, name) == []
        assert answer() is first, f"{name} is kept, not made again"
    with pytest.raises(TypeError):
        health.health(network).by_tier["inner"] = 99  # type: ignore[index]
