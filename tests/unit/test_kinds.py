"""What an entry did, in words, as `done` and `log` say it."""

from __future__ import annotations

import pytest

from goodwill.domain.errors import BadInput
from goodwill.domain.kinds import Catalogue
from goodwill.domain.model import Direction


def test_a_kind_is_said_by_its_label_and_theirs_turn_to_you() -> None:
    catalogue = Catalogue.with_overrides({})
    assert catalogue.phrase("congratulated") == "congratulated them"
    assert catalogue.phrase("congratulated", by_them=True) == "congratulated you"
    assert catalogue.phrase("welcomed") == "welcomed them and offered help"
    assert catalogue.phrase("no-such-kind") == "no such kind"


def test_an_unknown_kind_suggests_the_one_it_is_part_of() -> None:
    catalogue = Catalogue.with_overrides({})
    with pytest.raises(BadInput, match="unknown deposit kind 'ref': did you mean reference"):
        catalogue.resolve("ref", Direction.DEPOSIT)
    with pytest.raises(BadInput, match="unknown deposit kind 'zzz': known kinds are "):
        catalogue.resolve("zzz", Direction.DEPOSIT)


def test_what_one_can_ask_for_can_be_given_by_the_same_short_name() -> None:
    catalogue = Catalogue.with_overrides({})
    for short in ("advice", "intro", "job", "favour"):
        asked = catalogue.resolve(short, Direction.WITHDRAWAL)
        given = catalogue.resolve(short, Direction.DEPOSIT)
        assert asked.name == f"asked-{short}" and given.direction is Direction.DEPOSIT
    assert catalogue.resolve("advice", Direction.DEPOSIT).name == "advice-given"


def test_an_unknown_kind_lists_the_short_forms_that_are_accepted() -> None:
    catalogue = Catalogue.with_overrides({})
    with pytest.raises(BadInput) as given:
        catalogue.resolve("zzz", Direction.DEPOSIT)
    assert "advice-given (advice)" in str(given.value) and "intro-made (intro)" in str(given.value)
    with pytest.raises(BadInput) as asked:
        catalogue.resolve("zzz", Direction.WITHDRAWAL)
    assert "asked-advice (advice), asked-favour (favour)" in str(asked.value)


def test_what_an_ask_is_for_is_said_by_its_label() -> None:
    catalogue = Catalogue.with_overrides({"asked-demo": {"direction": "withdrawal"}})
    assert catalogue.asked_for("asked-intro") == "an introduction"
    assert catalogue.asked_for("asked-job") == "a job or referral"
    assert catalogue.asked_for("asked-demo") == "demo"  # a label of its own: by its name
