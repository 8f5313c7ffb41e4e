"""Whole lists of people as they stream out: `list` (its lines and its JSON items) and
`export csv`'s records, each read a page or a row at a time, never a person built whole.

Apart from `services.people` (a person's view, edits, merges), so that a process that only
lists loads none of what those need.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from datetime import date
from typing import NamedTuple

from goodwill.domain import balance as balance_rules
from goodwill.domain import limits
from goodwill.domain.model import PersonRecord, Tier
from goodwill.services.context import Context
from goodwill.store.database import UnitOfWork
from goodwill.store.people import PeopleFilter


def stream_records(
    ctx: Context,
    *,
    tier: Tier | None = None,
    tag: str | None = None,
    discipline: str | None = None,
    due_on: date | None = None,
    limit: int | None = None,
    on: date | None = None,
) -> Iterator[PersonRecord]:
    """`stream_people`'s people in its order and with its fields (`person_json`'s), as
    plain records read by one ordered merge: what `list --json` writes, several times faster
    than building each person."""
    filters = people_filter(None, tier, tag, discipline, due_on, limit)
    yield from _records(ctx, filters, on or ctx.today())


def stream_json_items(
    ctx: Context,
    *,
    tier: Tier | None = None,
    tag: str | None = None,
    discipline: str | None = None,
    due_on: date | None = None,
    limit: int | None = None,
    on: date | None = None,
) -> Generator[str]:
    """`stream_records`' people as the items of `list --json`, as text (each one
    `goodwill.domain.listing.json_item` of its record): on SQLite, written by SQLite."""
    filters = people_filter(None, tier, tag, discipline, due_on, limit)
    day = on or ctx.today()
    with ctx.db.read() as uow:
        uow.people.read_one_snapshot()  # the lists are read beside the people
        yield from uow.people.json_items(filters, balance_on_day(ctx, uow, day))


def balance_on_day(ctx: Context, uow: UnitOfWork, day: date) -> balance_rules.DayBalance:
    """A person's balance on `day` from their stored anchor, rounded as `person_json`
    rounds it, so that a list says what a person's view says."""
    return balance_rules.DayBalance(balance_rules.decay_since_epoch(day, ctx.half_life(uow)))


def stream_everyone(ctx: Context, on: date) -> Iterator[PersonRecord]:
    """Everyone by id, as `stream_records` reads them: what a CSV export writes."""
    yield from _records(ctx, None, on)


def _records(ctx: Context, filters: PeopleFilter | None, day: date) -> Iterator[PersonRecord]:
    with ctx.db.read() as uow:
        uow.people.read_one_snapshot()  # the merge reads five statements: one snapshot
        yield from uow.people.stream_records(filters, balance_on_day(ctx, uow, day))


class ListedPerson(NamedTuple):
    """A line of a people list: who, where, their tier, next due day and balance."""

    id: int
    name: str
    company: str | None
    tier: Tier
    next_due: date | None
    balance: float


def stream_lines(
    ctx: Context,
    *,
    tier: Tier | None = None,
    tag: str | None = None,
    discipline: str | None = None,
    due_on: date | None = None,
    limit: int | None = None,
    on: date | None = None,
) -> Generator[ListedPerson]:
    """`stream_people`'s people in its order, with only what a table or a line shows: six
    columns read from the people alone (the balance from its stored anchor), so that a
    whole network streams many times faster than in full."""
    filters = people_filter(None, tier, tag, discipline, due_on, limit)
    day = on or ctx.today()
    with ctx.db.read() as uow:
        decay = balance_rules.decay_since_epoch(day, ctx.half_life(uow))
        for person_id, name, company, tier, due, anchor in uow.people.stream_lines(filters):
            # Rounded as `person_json` rounds it: a line shows what `--json` says.
            yield ListedPerson(person_id, name, company, tier, due, round(anchor * decay, 2))


def people_filter(
    text: str | None,
    tier: Tier | None,
    tag: str | None,
    discipline: str | None,
    due_on: date | None,
    limit: int | None,
) -> PeopleFilter:
    """The filters of a list, checked against the limits and normalised as stored."""
    limits.check_text("search", text, limits.SEARCH)
    limits.check_text("tag", tag, limits.TAG)
    limits.check_text("discipline", discipline, limits.DISCIPLINE)
    return PeopleFilter(
        # A NUL can be in no name (PostgreSQL refuses it in any text), so it matches nothing.
        text=None if text is None else text.replace("\x00", ""),
        tier=tier,
        tag=None if tag is None else tag.strip().lower(),
        discipline=discipline,
        due_on=due_on,
        limit=limit,
    )
