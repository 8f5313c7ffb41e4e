"""What a brief derives: the asks you owe, and topics from tags and notes."""

from __future__ import annotations

from datetime import date

from goodwill.domain.model import Channel, Direction, Entry, Initiator
from goodwill.domain.owed import unanswered_asks
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


def test_topics_are_tags_then_recurring_words_without_filler() -> None:
    notes = ["Talked about pricing and hiring", "pricing paper sent", "the hiring plan"]
    assert topics(["mentor"], notes, limit=3) == ["mentor", "pricing", "hiring"]
    assert topics([], ["and the of with"]) == []


def test_the_persons_own_name_is_never_a_topic() -> None:
    notes = ["Congrats on the new role, Maya!", "Sent Maya Goldberg the pricing deck"]
    assert "maya" not in topics([], notes, about="Maya Goldberg")
    assert "goldberg" not in topics([], notes, about="Maya Goldberg")
    assert "pricing" in topics([], notes, about="Maya Goldberg")
