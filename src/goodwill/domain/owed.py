"""What you owe someone: their asks that nothing from you has answered yet, and their gives
that no give of yours has returned."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from goodwill.domain.model import Direction, Entry

_Rule = Callable[[Entry], bool]


def _from_me(entry: Entry) -> bool:
    """A give or a touch of mine: what answers an ask."""
    return not entry.by_them and entry.direction is not Direction.WITHDRAWAL


def _their_ask(entry: Entry) -> bool:
    return entry.by_them and entry.direction is Direction.TOUCH


def _my_give(entry: Entry) -> bool:
    """A give of mine: what returns a favour (a touch does not)."""
    return not entry.by_them and entry.direction is Direction.DEPOSIT


def _their_give(entry: Entry) -> bool:
    return entry.by_them and entry.direction is Direction.WITHDRAWAL


def _unsettled(entries: Sequence[Entry], owing: _Rule, settles: _Rule) -> list[Entry]:
    """The entries that `owing` picks (newest first) with none that `settles` them on or
    after their day; `entries` are newest first, as the ledger reads them."""
    settled_since = None
    found: list[Entry] = []
    for entry in entries:
        if settles(entry):
            settled_since = entry.on if settled_since is None else settled_since
        elif owing(entry) and (settled_since is None or settled_since < entry.on):
            found.append(entry)
    return found


def unanswered_asks(entries: Sequence[Entry]) -> list[Entry]:
    """Their asks (newest first) with no give or touch from me on or after their day."""
    return _unsettled(entries, _their_ask, _from_me)


def unreturned_gives(entries: Sequence[Entry]) -> list[Entry]:
    """What they gave me (newest first) with no give of mine on or after its day: "you owe
    them one", as `log --they-gave` says."""
    return _unsettled(entries, _their_give, _my_give)


def owed(entries: Sequence[Entry]) -> list[Entry]:
    """Everything owed them, newest first: open asks and unreturned gives."""
    found = unanswered_asks(entries) + unreturned_gives(entries)
    return sorted(found, key=lambda entry: (entry.on, entry.id), reverse=True)
