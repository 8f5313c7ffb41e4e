"""Whole people, with their emails, phones, tags and links, read as one ordered merge.

`list --json` and `export csv` write every field of everyone. Reading them a page at a time,
each page's lists by its ids (`PeopleRepository.stream_matching`), built a statement and a
`Person` per page and row. Here five statements are read side by side instead: the people,
and each of their four lists joined to the same people in the same order (everyone by id:
each list alone, by its index on the person); a person's items are the rows of a list that
carry their id when they come up. Every statement streams, so memory stays flat, and each
is compiled once.

The statements must read one snapshot (`consistent_snapshot`), or a person written between
two of them could be met by one and not the others.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    case,
    func,
    select,
    type_coerce,
)

from goodwill.domain.cadence import TIER_CADENCE_DAYS
from goodwill.domain.model import PersonRecord, Tier
from goodwill.store.tables import people, person_emails, person_links, person_phones, person_tags

#: Rows each statement fetches at a time.
PAGE = 1000

#: Narrows a select from `people` (joined to a list or not) to the people of a list, in its order.
Narrowing = Callable[[Select[Any]], Select[Any]]

#: The lists of a person, in `PersonRecord`'s order: (table, value, order within a person).
_LISTS: tuple[tuple[Any, Any, tuple[Any, ...]], ...] = (
    (person_emails, person_emails.c.email, (person_emails.c.position, person_emails.c.email)),
    (person_phones, person_phones.c.phone, (person_phones.c.position, person_phones.c.phone)),
    (person_tags, person_tags.c.tag, (person_tags.c.tag,)),
    (person_links, person_links.c.url, (person_links.c.position, person_links.c.url)),
)

_PERSON_ID = operator.itemgetter(0)
_VALUE = operator.itemgetter(1)
_NOBODY: tuple[int | None, tuple[str, ...]] = (None, ())


def stream(
    connection: Connection, narrowed: Narrowing | None, balance: Callable[[float], float]
) -> Iterator[PersonRecord]:
    """The people `narrowed` chooses, in its order (None: everyone, by id), each with their
    lists and `balance` of their stored anchor."""
    columns = select(*_profile_columns(connection))
    profiles = _rows(
        connection, columns.order_by(people.c.id) if narrowed is None else narrowed(columns)
    )
    emails, phones, tags, links = (
        _Pending(_rows(connection, _items(narrowed, table, value, order)))
        for table, value, order in _LISTS
    )
    make = tuple.__new__
    for (
        person_id,
        name,
        company,
        title,
        discipline,
        location,
        tier,
        cadence,
        override,
        birthday,
        met_on,
        met_how,
        met_via_id,
        notes,
        created_on,
        last_touch,
        last_contact,
        next_due,
        snoozed_until,
        follow_up_on,
        anchor,
    ) in profiles:
        yield make(
            PersonRecord,
            (
                person_id,
                name,
                emails.of(person_id),
                phones.of(person_id),
                company,
                title,
                discipline,
                location,
                tier,
                tags.of(person_id),
                cadence,
                override,
                birthday,
                met_on,
                met_how,
                met_via_id,
                notes,
                created_on,
                last_touch,
                last_contact,
                next_due,
                snoozed_until,
                follow_up_on,
                balance(anchor),
                links.of(person_id),
            ),
        )
    for pending in (emails, phones, tags, links):
        pending.finish()


def _rows(connection: Connection, query: Select[Any]) -> Iterator[Any]:
    """A statement's rows as they are fetched, a page at a time: a row at a time through
    the result would cost a method call or two per row."""
    result = connection.execute(query.execution_options(yield_per=PAGE))
    return itertools.chain.from_iterable(result.partitions())


def _items(
    narrowed: Narrowing | None, table: Any, value: Any, order: tuple[Any, ...]
) -> Select[Any]:
    """A list's (person id, item) rows in the people's order: joined to the people chosen,
    or, for everyone by id, the list alone (by its index on the person)."""
    if narrowed is None:
        return select(table.c.person_id, value).order_by(table.c.person_id, *order)
    joined = select(people.c.id, value).join(table, table.c.person_id == people.c.id)
    return narrowed(joined).order_by(*order)


def _profile_columns(connection: Connection) -> tuple[ColumnElement[Any], ...]:
    """A person's columns as `PersonRecord` holds them, lists aside and the balance anchor
    last: dates as ISO text, read as stored rather than parsed and written again."""
    iso = _iso_text(connection.dialect.name)
    return (
        people.c.id,
        people.c.name,
        people.c.company,
        people.c.title,
        people.c.discipline,
        people.c.location,
        people.c.tier,
        _cadence_in_effect(),
        people.c.cadence_days,
        iso(people.c.birthday),
        iso(people.c.met_on),
        people.c.met_how,
        people.c.met_via_id,
        func.coalesce(people.c.notes, ""),
        iso(people.c.created_on),
        iso(people.c.last_touch),
        iso(people.c.last_contact),
        iso(people.c.next_due),
        iso(people.c.snoozed_until),
        iso(people.c.follow_up_on),
        people.c.balance_anchor,
    )


def _iso_text(dialect: str) -> Callable[[Any], ColumnElement[Any]]:
    """A date column as ISO text: SQLite stores it so; PostgreSQL writes it out, in a form
    that does not depend on the session's DateStyle."""
    if dialect == "sqlite":
        return lambda column: type_coerce(column, String)
    return lambda column: func.to_char(column, "YYYY-MM-DD")


def _cadence_in_effect() -> ColumnElement[Any]:
    """`goodwill.domain.cadence.cadence_days` in SQL: the override, else the tier's; none
    for the archived."""
    by_tier = {tier.value: days for tier, days in TIER_CADENCE_DAYS.items() if days is not None}
    return case(
        (people.c.tier == Tier.ARCHIVED.value, None),
        else_=func.coalesce(people.c.cadence_days, case(by_tier, value=people.c.tier)),
    )


class _Pending:
    """A list's rows, grouped by person, and the next person who has any."""

    __slots__ = ("_groups", "_person_id", "_values")

    def __init__(self, rows: Iterator[Any]) -> None:
        self._person_id: int | None
        self._values: tuple[str, ...]
        self._groups = (
            (person_id, tuple(map(_VALUE, group)))
            for person_id, group in itertools.groupby(rows, _PERSON_ID)
        )
        self._person_id, self._values = next(self._groups, _NOBODY)

    def of(self, person_id: int) -> tuple[str, ...]:
        """The person's items: theirs when they are next, else none (the rows come in the
        people's order, so nobody's come before theirs)."""
        if person_id != self._person_id:
            return ()
        values = self._values
        self._person_id, self._values = next(self._groups, _NOBODY)
        return values

    def finish(self) -> None:
        """Fail loudly, not silently drop items, if the rows were not in the people's order."""
        if self._person_id is not None:
            raise RuntimeError(f"items of person #{self._person_id} were read out of order")
