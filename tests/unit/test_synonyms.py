"""Other words for a field of work: which a need adds to its search."""

from __future__ import annotations

from goodwill.domain.synonyms import MOST_ADDED, related


def test_a_phrase_of_a_group_names_it_only_as_consecutive_words() -> None:
    assert "logistics" in related(["supply", "chain", "analytics"])
    assert related(["chain", "of", "supply"]) == []  # the words, not the phrase
    assert related(["analytics"]) == []


def test_the_words_typed_are_not_added_again_and_phrases_never_are() -> None:
    added = related(["hiring", "recruiter"])
    assert "hiring" not in added and "recruiter" not in added
    assert "recruiting" in added
    assert all(" " not in word for word in added)


def test_a_need_naming_many_fields_adds_a_bounded_number_of_words() -> None:
    assert len(related(["hiring", "sales", "legal", "finance", "marketing"])) == MOST_ADDED
