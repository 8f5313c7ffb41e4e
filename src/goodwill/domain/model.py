"""The concepts of goodwill as plain data: people, ledger entries, tiers.

Everything here is immutable and free of I/O, so the same values flow from
the store to the domain rules to the interfaces.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple


class Tier(enum.StrEnum):
    """How close a person is; the tier sets the default cadence."""

    INNER = "inner"
    ACTIVE = "active"
    ACQUAINTANCE = "acquaintance"
    ARCHIVED = "archived"


#: Each tier by its name, as stored: a dictionary lookup costs several times less than
#: `Tier(name)`, which a list makes once per person.
TIER_NAMED = {tier.value: tier for tier in Tier}


class Direction(enum.StrEnum):
    """Which way goodwill flows, seen from my account with the person.

    A deposit adds to my balance with them (I gave), a withdrawal takes from it
    (I asked, or I received a favour), a touch keeps the tie warm.
    """

    DEPOSIT = "deposit"
    WITHDRAWAL = "withdrawal"
    TOUCH = "touch"


class Initiator(enum.StrEnum):
    """Who reached out: me, or them."""

    ME = "me"
    THEM = "them"


class TriageStatus(enum.StrEnum):
    """Where a LinkedIn invitation stands: theirs wait for a decision (pending, then
    accepted or ignored); mine are only a record that I sent one (sent)."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    IGNORED = "ignored"
    SENT = "sent"


class Channel(enum.StrEnum):
    EMAIL = "email"
    CALL = "call"
    COFFEE = "coffee"
    MEETING = "meeting"
    MESSAGE = "message"
    EVENT = "event"
    SOCIAL = "social"
    OTHER = "other"


#: Channels where both sides take part at once: they reset the clock even when
#: the other person set them up.
TWO_WAY_CHANNELS = frozenset({Channel.CALL, Channel.COFFEE, Channel.MEETING, Channel.EVENT})


def is_their_ask(by_them: bool, direction: Direction) -> bool:
    """They asked me for something: stored as a touch from them, costing me nothing."""
    return by_them and direction is not Direction.WITHDRAWAL


def tells_what_they_know(by_them: bool, direction: Direction) -> bool:
    """The entry's note says what the person knows, so `help` searches it: what they gave
    me (advice, an introduction, a reference) and a conversation of mine with them (a
    touch). Not what I gave or asked them, whose words are my own needs and interests,
    nor their ask of me, which says what they need rather than what they know."""
    if by_them:
        return direction is Direction.WITHDRAWAL
    return direction is Direction.TOUCH


@dataclass(frozen=True, slots=True)
class Entry:
    """One ledger entry as it concerns one person."""

    on: date
    direction: Direction
    kind: str
    channel: Channel
    initiated_by: Initiator
    weight: float
    note: str = ""
    id: int = 0
    source: str = "manual"
    #: True when the entry is about what *they* did (they gave or they asked).
    by_them: bool = False


#: A new person's tier when none is given.
DEFAULT_TIER = Tier.ACTIVE


@dataclass(frozen=True, slots=True)
class PersonFields:
    """What a user can say about a person (as opposed to derived state)."""

    name: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    company: str | None = None
    title: str | None = None
    discipline: str | None = None
    location: str | None = None
    links: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    tier: Tier = DEFAULT_TIER
    cadence_days: int | None = None
    birthday: date | None = None
    met_on: date | None = None
    met_how: str | None = None
    met_via_id: int | None = None
    notes: str = ""
    #: The given name a source gave ("Kwabena" for "Dr. Kwabena Asante"), if any.
    given_name: str | None = None


@dataclass(frozen=True, slots=True)
class DerivedState:
    """Per-person state folded from the ledger and kept current on every write.

    `balance_anchor` is the decayed balance expressed at the fixed epoch of
    `domain.balance`, so that one stored number answers the balance on any day
    without reading the ledger; `credit_anchor` is the same for the ask guard's
    credit (`domain.credit`: the balance without touches).
    """

    last_touch: date | None = None
    last_contact: date | None = None
    last_deposit: date | None = None
    last_give_or_touch: date | None = None
    balance_anchor: float = 0.0
    credit_anchor: float = 0.0
    deposits: int = 0
    withdrawals: int = 0
    touches: int = 0
    their_gives: int = 0
    their_asks: int = 0
    their_cold_asks: int = 0
    entries: int = 0


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    fields: PersonFields
    created_on: date
    state: DerivedState = field(default_factory=DerivedState)
    next_due: date | None = None
    snoozed_until: date | None = None
    follow_up_on: date | None = None

    @property
    def name(self) -> str:
        return self.fields.name

    @property
    def tier(self) -> Tier:
        return self.fields.tier


class PersonLine(NamedTuple):
    """What a list of people shows of each: read without their emails, phones, links, tags
    or notes. A tuple, not a dataclass: a whole list makes one per person, and a tuple is
    made several times faster."""

    id: int
    name: str
    company: str | None
    tier: Tier
    next_due: date | None
    balance_anchor: float


class PersonRecord(NamedTuple):
    """A person as `list --json` and `export csv` write them, field by field in the order of
    the JSON shape: plain values, dates as ISO text, the cadence in effect and the balance
    on the day asked, rounded to the cent. A tuple, as `PersonLine`, for whole networks."""

    id: int
    name: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    company: str | None
    title: str | None
    discipline: str | None
    location: str | None
    tier: str
    tags: tuple[str, ...]
    cadence_days: int | None
    cadence_override: int | None
    birthday: str | None
    met_on: str | None
    met_how: str | None
    met_via_id: int | None
    notes: str
    created_on: str | None
    last_touch: str | None
    last_contact: str | None
    next_due: str | None
    snoozed_until: str | None
    follow_up_on: str | None
    balance: float
    links: tuple[str, ...]
