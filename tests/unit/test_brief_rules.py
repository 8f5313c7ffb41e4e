"""What a brief derives: the asks and gives you owe, and topics from tags and notes."""

from __future__ import annotations

from datetime import date

from goodwill.domain.model import Channel, Direction, Entry, Initiator
from goodwill.domain.owed import owed, unanswered_asks, unreturned_gives
from goodwill.domain.topics import topics


def _entry(day: int, *, theirs: bool, direction: Direction = Direction.TOUCH) -> Entry:
    return Entry(
        on=date(2026, 5, day),
        direction=direction,
        kind="asked-intro" if theirs else "catch-up",
        channel=Channel.EMAIL,
        initiated_by=Initiator.THEM if theirs else Initiator.ME,
        weight=1.0,
        by_them=theirs,
    )


def test_an_ask_is_owed_until_something_from_me_follows_it() -> None:
    old_ask, reply, new_ask = (
        _entry(1, theirs=True),
        _entry(3, theirs=False),
        _entry(9, theirs=True),
    )
    assert unanswered_asks([new_ask, reply, old_ask]) == [new_ask]
    assert unanswered_asks([reply, old_ask]) == []
    # My own ask of them answers nothing.
    mine = _entry(10, theirs=False, direction=Direction.WITHDRAWAL)
    assert unanswered_asks([mine, old_ask]) == [old_ask]


def test_a_give_of_theirs_is_owed_until_a_give_of_mine_returns_it() -> None:
    their_give = _entry(2, theirs=True, direction=Direction.WITHDRAWAL)
    my_touch = _entry(4, theirs=False)
    my_give = _entry(6, theirs=False, direction=Direction.DEPOSIT)
    assert unreturned_gives([their_give]) == [their_give]
    assert unreturned_gives([my_touch, their_give]) == [their_give]  # a touch returns nothing
    assert unreturned_gives([my_give, my_touch, their_give]) == []
    # What is owed, newest first: my touch answers their earlier ask, not their give.
    early_ask = _entry(1, theirs=True)
    assert owed([my_touch, their_give, early_ask]) == [their_give]
    later_ask = _entry(8, theirs=True)
    assert owed([later_ask, my_touch, their_give, early_ask]) == [later_ask, their_give]


def test_topics_are_tags_then_recurring_words_without_filler() -> None:
    notes = ["Talked about pricing and hiring", "pricing paper sent", "the hiring plan"]
    assert topics(["mentor"], notes, limit=3) == ["mentor", "pricing", "hiring"]
    assert topics([], ["and the of with"]) == []
    # What a note says was done is how, not what about.
    told = ["Aiko explained how Rakuten runs pricing experiments", "Sharing the retro notes"]
    assert topics([], told, about=("Aiko Tanaka",))[:4] == [
        "rakuten",
        "pricing",
        "experiments",
        "retro",
    ]


def test_the_persons_own_name_is_never_a_topic_nor_mine() -> None:
    notes = ["Congrats on the new role, Maya!", "Sent Maya Goldberg the pricing deck from Alex"]
    found = topics([], notes, about=("Maya Goldberg", "Alex Morgan"))
    assert "maya" not in found and "goldberg" not in found and "alex" not in found
    assert "pricing" in found


def test_a_word_counts_once_per_note_so_recurring_beats_repeated() -> None:
    notes = ["budget budget budget review", "hiring plan", "hiring loop", "hiring again"]
    assert topics([], notes, limit=2) == ["hiring", "budget"]


def test_how_an_entry_came_about_is_not_a_topic() -> None:
    notes = [
        "they suggested a catch-up: their talk at DevOpsDays",
        "they suggested a catch-up: a sabbatical",
        "intro to a founder working on procurement",
        "intro to a founder working on logistics",
        "they reached out about their move to Series B",
    ]
    found = topics([], notes)
    assert {"suggested", "working", "intro", "reached"}.isdisjoint(found)
    assert found[:1] == ["founder"] and "procurement" in found


def test_a_plural_is_its_singular_and_a_tags_word_is_not_repeated() -> None:
    notes = ["her mentors at Acme", "a mentor programme", "scaling ops teams", "ops review"]
    found = topics(["Mentors"], notes)
    assert found[:2] == ["Mentors", "ops"]  # ops twice; the tag's word not again
    assert "mentors" not in found and "mentor" not in found
    assert topics([], ["great to connect, happy to help", "love to ask"]) == []


def test_a_name_with_a_possessive_or_a_hyphen_is_still_the_name() -> None:
    notes = ["Maya's startup", "Maya\u2019s kids", "Jean-Luc's talk on pricing", "pricing again"]
    found = topics([], notes, about=("Maya Chen", "Jean-Luc Picard"))
    assert found[0] == "pricing"
    assert not {"maya", "maya's", "jean", "luc", "jean-luc"} & set(found)


def test_the_kind_of_gathering_where_you_met_is_no_topic() -> None:
    notes = [
        "met at Berlin Product Night",
        "Great meeting you at the PMI chapter meetup last night!",
    ]
    assert topics([], notes) == ["berlin", "product", "pmi", "chapter"]
