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
    with pytest.raises(BadInput, match="unknown deposit kind 'intro': did you mean intro-made"):
        catalogue.resolve("intro", Direction.DEPOSIT)
    with pytest.raises(BadInput, match="unknown deposit kind 'zzz': known kinds are "):
        catalogue.resolve("zzz", Direction.DEPOSIT)
