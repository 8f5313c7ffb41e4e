"""Occasions and past roles, read through their indexes."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from goodwill.domain.model import Tier
from goodwill.domain.occasions import NEW_ROLE
from goodwill.store.lazy_modules import lazy
from goodwill.store.sql import Repository, Row, day, in_list

if TYPE_CHECKING:
    import sqlalchemy as sa

    from goodwill.store import tables as t
else:
    sa = lazy("sqlalchemy")
    t = lazy("goodwill.store.tables")


@dataclass(frozen=True, slots=True)
class RoleChange:
    person_id: int
    old_company: str | None
    old_title: str | None
    on: date
    label: str


@dataclass(frozen=True, slots=True)
class NewOccasion:
    person_id: int
    kind: str
    on: date
    label: str


@dataclass(frozen=True, slots=True)
class RoleStart:
    """The day a person's current role began (as goodwill learned it), and that role."""

    person_id: int
    name: str
    company: str | None
    title: str | None
    started: date


@dataclass(frozen=True, slots=True)
class OccasionRow:
    person_id: int
    name: str
    kind: str
    on: date
    label: str


#: What `_occasion` reads: an occasion and its person's name.
_OCCASIONS = (
    'SELECT o.person_id, p.name, o.kind, o."on", o.label '
    "FROM occasions AS o JOIN people AS p ON p.id = o.person_id"
)


def _day(value: date | str) -> date:
    found = day(value)
    assert found is not None
    return found


def _occasion(row: Row) -> OccasionRow:
    person_id, name, kind, on, label = row
    return OccasionRow(int(person_id), name, kind, _day(on), label)


class OccasionRepository(Repository):
    def add_role_changes(self, changes: Sequence[RoleChange]) -> None:
        """The old roles into the history, and a "new role" occasion for each change."""
        if not changes:
            return
        self.connection.execute(
            sa.insert(t.person_roles),
            [
                {"person_id": c.person_id, "company": c.old_company, "title": c.old_title,
                 "until": c.on}
                for c in changes
            ],
        )  # fmt: skip
        self.connection.execute(
            sa.insert(t.occasions),
            [
                {"person_id": c.person_id, "kind": NEW_ROLE, "on": c.on, "label": c.label}
                for c in changes
            ],
        )

    def add_new(self, found: Sequence[NewOccasion], once_per_person: Collection[str]) -> int:
        """Record the occasions not already recorded, and say how many were new.

        One occasion per person, kind and day; kinds in `once_per_person` (a welcome) once
        per person ever. Looked up through the person index, so a re-import adds nothing.
        """
        if not found:
            return 0
        query = sa.select(t.occasions.c.person_id, t.occasions.c.kind, t.occasions.c.on).where(
            t.occasions.c.person_id.in_({o.person_id for o in found}),
            t.occasions.c.kind.in_({o.kind for o in found}),
        )
        seen: set[tuple[int, str, date | None]] = set()
        for person_id, kind, on in self.connection.execute(query):
            seen.add((int(person_id), kind, None if kind in once_per_person else on))
        fresh = []
        for occasion in found:
            key = (
                occasion.person_id,
                occasion.kind,
                None if occasion.kind in once_per_person else occasion.on,
            )
            if key not in seen:
                seen.add(key)
                fresh.append(occasion)
        if fresh:
            self.connection.execute(
                sa.insert(t.occasions),
                [
                    {"person_id": o.person_id, "kind": o.kind, "on": o.on, "label": o.label}
                    for o in fresh
                ],
            )
        return len(fresh)

    def between(self, start: date, end: date, limit: int = 500) -> list[OccasionRow]:
        """Occasions dated within [start, end], newest first."""
        rows = self.sql.rows(
            f'{_OCCASIONS} WHERE o."on" >= :start AND o."on" <= :end '
            'ORDER BY o."on" DESC, o.id LIMIT :limit',
            {"start": start, "end": end, "limit": limit},
        )
        return [_occasion(row) for row in rows]

    def of_person(
        self, person_id: int, start: date, end: date, limit: int = 20
    ) -> list[OccasionRow]:
        """One person's occasions dated within [start, end], newest first."""
        query = (
            sa.select(t.occasions.c.person_id, t.people.c.name, t.occasions.c.kind, t.occasions.c.on,
                   t.occasions.c.label)
            .join(t.people, t.people.c.id == t.occasions.c.person_id)
            .where(t.occasions.c.person_id == person_id, t.occasions.c.on >= start,
                   t.occasions.c.on <= end)
            .order_by(sa.desc(t.occasions.c.on), sa.desc(t.occasions.c.id))
            .limit(limit)
        )  # fmt: skip
        return [
            OccasionRow(int(r[0]), r[1], r[2], r[3], r[4]) for r in self.connection.execute(query)
        ]

    def latest_for(self, person_ids: Sequence[int], since: date) -> dict[int, OccasionRow]:
        """Each person's newest occasion since a day."""
        found: dict[int, OccasionRow] = {}
        if not person_ids:
            return found
        listed, params = in_list("id", person_ids)
        rows = self.sql.rows(
            f'{_OCCASIONS} WHERE o.person_id IN ({listed}) AND o."on" >= :since '
            'ORDER BY o."on", o.id',
            {"since": since, **params},
        )
        for row in rows:
            found[int(row[0])] = _occasion(row)
        return found

    def roles_of(self, person_id: int) -> list[tuple[str | None, str | None, date]]:
        """Past roles (company, title, until), newest first."""
        rows = self.sql.rows(
            "SELECT company, title, until FROM person_roles WHERE person_id = :person "
            "ORDER BY until DESC, id DESC",
            {"person": person_id},
        )
        return [(company, title, _day(until)) for company, title, until in rows]

    def first_role_start(self) -> date | None:
        """The earliest day a new role was found, if any (how far back anniversaries go)."""
        query = 'SELECT min("on") FROM occasions WHERE kind = :kind'
        return day(self.sql.scalar(query, {"kind": NEW_ROLE}))

    def role_starts(self, ranges: Sequence[tuple[date, date]], limit: int = 500) -> list[RoleStart]:
        """People (not archived) whose current role began within one of the date ranges:
        their newest new-role occasion, by the date index, earliest first."""
        if not ranges:
            return []
        later = t.occasions.alias("later")
        newer_role = (
            sa.select(later.c.id)
            .where(
                later.c.person_id == t.occasions.c.person_id,
                later.c.kind == NEW_ROLE,
                sa.or_(
                    later.c.on > t.occasions.c.on,
                    sa.and_(later.c.on == t.occasions.c.on, later.c.id > t.occasions.c.id),
                ),
            )
            .exists()
        )
        query = (
            sa.select(t.occasions.c.person_id, t.people.c.name, t.people.c.company, t.people.c.title,
                   t.occasions.c.on)
            .join(t.people, t.people.c.id == t.occasions.c.person_id)
            .where(
                sa.or_(*(t.occasions.c.on.between(start, end) for start, end in ranges)),
                t.occasions.c.kind == NEW_ROLE,
                t.people.c.tier != Tier.ARCHIVED.value,
                ~newer_role,
            )
            .order_by(t.occasions.c.on, t.occasions.c.person_id)
            .limit(limit)
        )  # fmt: skip
        return [
            RoleStart(int(r[0]), r[1], r[2], r[3], r[4]) for r in self.connection.execute(query)
        ]

    def role_start_of(self, person_id: int) -> date | None:
        """The day the person's current role began, when a new role was ever found."""
        query = 'SELECT max("on") FROM occasions WHERE person_id = :person AND kind = :kind'
        return day(self.sql.scalar(query, {"person": person_id, "kind": NEW_ROLE}))
