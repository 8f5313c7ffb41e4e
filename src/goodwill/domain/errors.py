"""Errors a user can cause and fix; interfaces turn them into one-line messages."""

from __future__ import annotations


class GoodwillError(Exception):
    """A user error: the message is shown as is, and the exit code is 1."""


class NotFound(GoodwillError):
    pass


class Ambiguous(GoodwillError):
    """A name matched several people; `candidates` holds (id, label) pairs."""

    def __init__(self, query: str, candidates: list[tuple[int, str]]) -> None:
        listed = "; ".join(f"#{pid} {label}" for pid, label in candidates)
        super().__init__(f"'{query}' matches several people: {listed}")
        self.query = query
        self.candidates = candidates


class BadInput(GoodwillError):
    pass


class ValueRefused(BadInput):
    """The database refused a value it cannot store (a NUL in text on PostgreSQL, say)."""


class DatabaseFailed(GoodwillError):
    """The database failed a statement: not the user's input but the server, the file or
    a bug; the message is the driver's first line."""


class ReaderFault(BadInput):
    """A reader tripped over input it did not foresee: still one line for the user, but a
    bug in goodwill (readers name the file, line and field themselves); tests fail on it."""


class ColdAsk(GoodwillError):
    """An ask the guard finds cold, refused until the user says to ask anyway.

    `asks` holds, per person, what the interfaces show: the credit, what the ask needs
    and the deposit to make first.
    """

    def __init__(self, message: str, asks: list[dict[str, object]]) -> None:
        super().__init__(message)
        self.asks = asks
