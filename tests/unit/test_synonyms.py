"""Other words for a field of work: which a need adds to its search."""

from __future__ import annotations

from goodwill.domain.synonyms import MOST_ADDED, is_tagged, related, seekers


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


def test_a_need_for_a_job_asks_those_who_hire_one_way_only() -> None:
    assert "recruiter" in related(["job", "berlin"])
    assert "job" not in related(["hiring"])


def test_who_seeks_what_the_need_asks_for() -> None:
    assert is_tagged(["Job-Seeker"], seekers(["job", "berlin"]))
    assert not is_tagged(["job-seeker"], seekers(["pricing"]))
    assert not is_tagged(["mentor"], seekers(["job"]))
