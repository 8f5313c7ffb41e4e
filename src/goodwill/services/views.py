"""The stable JSON shapes of DESIGN.md, shared by the CLI and the web API.

A use case returns a frozen dataclass that derives from `Shape` (the plan, a pick, the
guard's verdict, health, a person view…): the interfaces read it by attribute, and
`to_json()` gives the `--json` text's shape, which the API declares as its response model
so that its schema describes what it sends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from enum import Enum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from goodwill.domain.cadence import cadence_days
from goodwill.domain.model import Entry, Person

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

K = TypeVar("K")
V = TypeVar("V")


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


class Shape:
    """A use case's result: `to_json()` is its JSON, field by field in declared order,
    with dates as ISO text and enums as their values."""

    __slots__ = ()
    _names: ClassVar[dict[type, tuple[str, ...]]] = {}

    def to_json(self) -> dict[str, Any]:
        kind = type(self)
        names = Shape._names.get(kind)
        if names is None:
            shaped = cast("DataclassInstance", self)
            names = Shape._names[kind] = tuple(field.name for field in fields(shaped))
        return {name: _plain(getattr(self, name)) for name in names}


def _plain(value: Any) -> Any:
    if isinstance(value, Shape):
        return value.to_json()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def frozen(mapping: Mapping[K, V]) -> Mapping[K, V]:
    """A read-only copy of a mapping, for a result's fields: a result may be kept in a
    cache and handed to many callers."""
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True)
class PersonRef(Shape):
    """Whom a result is about: enough to name and link them."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Deposit(Shape):
    """A deposit to make: a kind of the catalogue and what to do."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class EntryView(Shape):
    """A ledger entry as results show it."""

    id: int
    #: The entry's day, ISO.
    on: str
    direction: str
    kind: str
    channel: str
    initiated_by: str
    by_them: bool
    weight: float
    note: str
    source: str


def entry_view(entry: Entry) -> EntryView:
    return EntryView(**entry_fields(entry))


def entry_fields(entry: Entry) -> dict[str, Any]:
    """An `EntryView`'s fields, for the views that add their own to them."""
    return {
        "id": entry.id,
        "on": entry.on.isoformat(),
        "direction": entry.direction.value,
        "kind": entry.kind,
        "channel": entry.channel.value,
        "initiated_by": entry.initiated_by.value,
        "by_them": entry.by_them,
        "weight": entry.weight,
        "note": entry.note,
        "source": entry.source,
    }


def ref_of(person: Person) -> PersonRef:
    return PersonRef(person.id, person.name)


@dataclass(frozen=True, slots=True)
class PersonData(Shape):
    """A person as results show them: the profile, the derived dates and the balance.

    `person_json` writes the same object as a dict, for lists that stream thousands of
    people (a dict literal costs a fraction of a dataclass and its `to_json`); the views
    that add to it (`PersonView`) are built from that dict, and the API declares this
    class as the shape of both."""

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
    #: The cadence in effect: the override, else the tier's.
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


def person_data(person: Person, balance: float) -> PersonData:
    return PersonData(**person_fields(person, balance))


def person_fields(person: Person, balance: float) -> dict[str, Any]:
    """A `PersonData`'s fields, its lists as tuples (a result may be kept in a cache and
    shared, so nothing in it can change), for the views that add their own to them."""
    fields = person_json(person, balance)
    for name in ("emails", "phones", "tags", "links"):
        fields[name] = tuple(fields[name])
    return fields


def person_json(person: Person, balance: float) -> dict[str, Any]:
    fields = person.fields
    return {
        "id": person.id,
        "name": fields.name,
        "emails": list(fields.emails),
        "phones": list(fields.phones),
        "company": fields.company,
        "title": fields.title,
        "discipline": fields.discipline,
        "location": fields.location,
        "tier": fields.tier.value,
        "tags": list(fields.tags),
        "cadence_days": cadence_days(fields.tier, fields.cadence_days),
        "cadence_override": fields.cadence_days,
        "birthday": iso(fields.birthday),
        "met_on": iso(fields.met_on),
        "met_how": fields.met_how,
        "met_via_id": fields.met_via_id,
        "notes": fields.notes,
        "created_on": iso(person.created_on),
        "last_touch": iso(person.state.last_touch),
        "last_contact": iso(person.state.last_contact),
        "next_due": iso(person.next_due),
        "snoozed_until": iso(person.snoozed_until),
        "follow_up_on": iso(person.follow_up_on),
        "balance": round(balance, 2),
        "links": list(fields.links),
    }
