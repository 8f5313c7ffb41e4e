"""What you owe someone: their asks that nothing from you has answered yet, and their gives
that no give of yours has returned."""

from __future__ import annotations

from collections.abc import Sequence

from goodwill.domain.model import Direction, Entry


def _from_me(entry: Entry) -> bool:
    """A give or a touch of mine: what answers an ask."""
    return not entry.by_them and entry.direction is not Direction.WITHDRAWAL


def unanswered_asks(entries: Sequence[Entry]) -> list[Entry]:
    """Their asks (newest first) with no give or touch from me on or after their day.

    `entries` are newest first, as the ledger reads them.
    """
    answered_since = None
    owed: list[Entry] = []
    for entry in entries:
        if _from_me(entry):
            answered_since = entry.on if answered_since is None else answered_since
            continue
        is_ask = entry.by_them and entry.direction is Direction.TOUCH
        if is_ask and (answered_since is None or answered_since < entry.on):
            owed.append(entry)
    return owed


def unreturned_gives(entries: Sequence[Entry]) -> list[Entry]:
    """What they gave me (newest first) with no give of mine on or after its day: "you owe
    them one", as `log --they-gave` says. A touch does not return a favour; a give does.

    `entries` are newest first, as the ledger reads them.
    """
    returned_since = None
    owed: list[Entry] = []
    for entry in entries:
        if not entry.by_them and entry.direction is Direction.DEPOSIT:
            returned_since = entry.on if returned_since is None else returned_since
            continue
        their_give = entry.by_them and entry.direction is Direction.WITHDRAWAL
        if their_give and (returned_since is None or returned_since < entry.on):
            owed.append(entry)
    return owed


def owed(entries: Sequence[Entry]) -> list[Entry]:
    """Everything owed them, newest first: open asks and unreturned gives."""
    found = unanswered_asks(entries) + unreturned_gives(entries)
    return sorted(found, key=lambda entry: (entry.on, entry.id), reverse=True)
