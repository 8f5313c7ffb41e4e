"""What importers produce: contacts, touches, invitations and problems, as plain data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from goodwill.domain.model import Channel, Direction, Initiator


@dataclass(slots=True)
class ContactRecord:
    """A person as a source describes them.

    `uid` is the source's stable identity for the person (a vCard UID, a
    LinkedIn profile URL, a CSV's name+email): re-importing the same source
    finds the same person through it.

    Not frozen, though nothing changes a record once made (the writer uses `replace`): a
    frozen dataclass sets each of its 17 fields through `object.__setattr__`, which made
    creating one three times as slow (1.9 µs against 0.6), a tenth of reading a 50,000-row
    Connections.csv.
    """

    source: str
    where: str
    name: str
    uid: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    company: str | None = None
    title: str | None = None
    location: str | None = None
    links: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    birthday: date | None = None
    met_on: date | None = None
    met_how: str | None = None
    notes: str = ""
    #: The given name as the source gives it apart (a vCard's N, a CSV's First Name).
    given_name: str | None = None
    #: A connection made on `met_on` (LinkedIn): a recent one is an occasion to welcome.
    connected: bool = False


@dataclass(frozen=True, slots=True)
class PersonKey:
    """How a touch names its person: tried in order phone, email, profile URL, then exact
    name."""

    emails: tuple[str, ...] = ()
    link: str | None = None
    name: str | None = None
    #: Numbers as the source writes them; the importer normalises them (config: region).
    phones: tuple[str, ...] = ()


@dataclass(slots=True)
class TouchRecord:
    """A ledger entry a source implies (a message, a meeting, a recommendation).

    `source_id` is stable across re-imports of the same data, so importing it
    twice records it once.

    Not frozen, for `ContactRecord`'s reason: a frozen one took 1.45 µs to make against
    0.34, a twentieth of reading a 200,000-message messages.csv.
    """

    source: str
    source_id: str
    where: str
    on: date
    person: PersonKey
    initiated_by: Initiator
    channel: Channel
    direction: Direction = Direction.TOUCH
    kind: str = "catch-up"
    by_them: bool = False
    note: str = ""
    #: Emails of everyone the same message or meeting was with: they know each other.
    together: tuple[str, ...] = ()
    #: The members of a group chat, on one touch of the chat: they know each other (weakly).
    members: tuple[PersonKey, ...] = ()


@dataclass(frozen=True, slots=True)
class InvitationRecord:
    """An invitation to connect: goes to triage, never straight into the network."""

    source: str
    source_id: str
    where: str
    name: str
    on: date | None
    incoming: bool
    message: str = ""
    link: str | None = None


@dataclass(frozen=True, slots=True)
class OccasionRecord:
    """News about a known person that a source implies (a recommendation they wrote you):
    an occasion for the plan while it is news, and the ledger entry the news is, if any
    (their recommendation is something they gave me). Someone goodwill does not know is
    skipped, as for touches."""

    source: str
    where: str
    person: PersonKey
    kind: str
    on: date
    label: str
    #: The entry, recorded however old the news.
    entry: TouchRecord | None = None


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    """Something deliberately left out (a draft, spam, a hidden profile), counted as skipped."""

    where: str
    reason: str


@dataclass(frozen=True, slots=True)
class RecordError:
    """A row or card that could not be read: reported with its file and line."""

    file: str
    line: int | None
    message: str


Record = (
    ContactRecord | TouchRecord | InvitationRecord | OccasionRecord | SkippedRecord | RecordError
)


def _ignore_progress(_bytes: int) -> None:
    return None


@dataclass
class ReadOptions:
    """What a reader may need besides the path.

    `me` holds the user's own addresses (mail, calendars); `today` tells past
    from future; readers call `advance(n)` after consuming n bytes of input,
    which drives the progress bar.
    """

    me: tuple[str, ...] = ()
    today: date | None = None
    region: str | None = None
    advance: Callable[[int], None] = field(default=_ignore_progress)
    #: Chats: keep the messages' text in the ledger's notes (off: only that you talked).
    keep_text: bool = False
    #: Chats: "dmy" or "mdy" when a file's dates cannot tell day-first from month-first.
    date_order: str | None = None


RecordStream = Iterator[Record]
