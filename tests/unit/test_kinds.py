"""What an entry did, in words, as `done` and `log` say it."""

from __future__ import annotations

from goodwill.domain.kinds import Catalogue


def test_a_kind_is_said_by_its_label_and_theirs_turn_to_you() -> None:
    catalogue = Catalogue.with_overrides({})
    assert catalogue.phrase("congratulated") == "congratulated them"
    assert catalogue.phrase("congratulated", by_them=True) == "congratulated you"
    assert catalogue.phrase("welcomed") == "welcomed them and offered help"
    assert catalogue.phrase("no-such-kind") == "no such kind"
