"""Errors a user can cause and fix; interfaces turn them into one-line messages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class GoodwillError(Exception):
    """A user error: the message is shown as is, and the exit code is 1.

    `field`, when the code that refuses knows it, names the input the error concerns as the
    web form and the JSON API call it (`birthday`, `cadence_days`, `on`): the web shows the
    message beside that field, the API adds it to its answer. The message names it too, in
    words, so that the CLI's one line needs nothing more.
    """

    field: str | None = None

    def __init__(self, *args: object, field: str | None = None) -> None:
        super().__init__(*args)
        if field is not None:
            self.field = field


@contextmanager
def about(field: str) -> Iterator[None]:
    """Errors raised in the block that name no field concern `field` (the input the block
    reads: a person's name typed in a form's "people" box, a setting's value)."""
    try:
        yield
    except GoodwillError as error:
        if error.field is None and not isinstance(error, DatabaseFailed):
            error.field = field
        raise


class NotFound(GoodwillError):
    pass


class Ambiguous(GoodwillError):
    """A name matched several people; `candidates` holds (id, label) pairs."""

    #: What a terminal says before it lists the candidates to choose from.
    heading = "matches several people"

    def __init__(self, query: str, candidates: list[tuple[int, str]]) -> None:
        listed = "; ".join(f"#{pid} {label}" for pid, label in candidates)
        super().__init__(f"'{query}' {self.heading}: {listed}")
        self.query = query
        self.candidates = candidates


class TooShort(Ambiguous):
    """A name of one or two letters that only begins a name, given to change someone: it
    names nobody until the user says more, or picks one of `candidates`."""

    heading = "is too short to pick someone to change; be more specific, or use"


class BadInput(GoodwillError):
    pass


class BadDate(BadInput):
    """A date that cannot be read: the `text` given and the `reason`, so that a form can
    say it of its own field, in its own words ("Birthday '2026-02-30': there is no such
    day"); the message is the CLI's."""

    def __init__(self, text: str, reason: str, message: str | None = None) -> None:
        super().__init__(message or f"bad date '{text}': {reason}")
        self.text = text
        self.reason = reason


class NeedsMe(BadInput):
    """An import that cannot tell my messages from theirs without knowing who I am: what it
    is `doing` ("importing mail"), what it `needs` ("your own address") and what `for`
    (its `purpose`). How to give it is each interface's own (a flag or the config on the
    command line, a field or Settings on the web), so each says it in its own words; the
    message is the CLI's."""

    def __init__(self, doing: str, needs: str, purpose: str, advice: str) -> None:
        super().__init__(f"{doing} needs {needs} {purpose}: {advice}", field="me")
        self.doing = doing
        self.needs = needs
        self.purpose = purpose


class ValueRefused(BadInput):
    """The database refused a value it cannot store (a NUL in text on PostgreSQL, say)."""


class AlreadyExists(BadInput):
    """Someone of that name is already known: adding them again is refused unless the
    user says to add a second person of the name. `existing` is their (id, name); `name` is
    the name as given. How to say "anyway" is each interface's own (a flag, a checkbox, a
    key), so the message does not say it."""

    def __init__(
        self, message: str, existing: tuple[int, str], name: str, *, field: str = "name"
    ) -> None:
        super().__init__(message, field=field)
        self.existing = existing
        self.name = name


class DatabaseFailed(GoodwillError):
    """The database failed a statement: not the user's input but the server, the file or
    a bug; the message is the driver's first line."""


class Busy(DatabaseFailed):
    """Another write holds the database, and the caller chose not to wait for it."""


class ReaderFault(BadInput):
    """A reader tripped over input it did not foresee: still one line for the user, but a
    bug in goodwill (readers name the file, line and field themselves); tests fail on it."""


class ColdAsk(GoodwillError):
    """An ask the guard finds cold, refused until the user says to ask anyway.

    `asks` holds, per person, what the interfaces show: the credit, what the ask needs
    and the deposit to make first.
    """

    def __init__(self, message: str, asks: list[dict[str, object]]) -> None:
        # What the user changes to record it all the same: the API's `anyway`, the form's box.
        super().__init__(message, field="anyway")
        self.asks = asks
