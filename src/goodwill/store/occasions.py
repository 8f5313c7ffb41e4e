"""Occasions and past roles, read through their indexes."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, desc, func, insert, or_, select

from goodwill.domain.model import Tier
from goodwill.domain.occasions import NEW_ROLE
from goodwill.store.sql import Repository
from goodwill.store.tables import occasions, people, person_roles


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


class OccasionRepository(Repository):
    def add_role_changes(self, changes: Sequence[RoleChange]) -> None:
        """The old roles into the history, and a "new role" occasion for each change."""
        if not changes:
            return
        self.connection.execute(
            insert(person_roles),
            [
                {"person_id": c.person_id, "company": c.old_company, "title": c.old_title,
                 "until": c.on}
                for c in changes
            ],
        )  # fmt: skip
        self.connection.execute(
            insert(occasions),
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
        query = select(occasions.c.person_id, occasions.c.kind, occasions.c.on).where(
            occasions.c.person_id.in_({o.person_id for o in found}),
            occasions.c.kind.in_({o.kind for o in found}),
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
                insert(occasions),
                [
                    {"person_id": o.person_id, "kind": o.kind, "on": o.on, "label": o.label}
                    for o in fresh
                ],
            )
        return len(fresh)

    def between(self, start: date, end: date, limit: int = 500) -> list[OccasionRow]:
        """Occasions dated within [start, end], newest first."""
        query = (
            select(occasions.c.person_id, people.c.name, occasions.c.kind, occasions.c.on,
                   occasions.c.label)
            .join(people, people.c.id == occasions.c.person_id)
            .where(occasions.c.on >= start, occasions.c.on <= end)
            .order_by(desc(occasions.c.on), occasions.c.id)
            .limit(limit)
        )  # fmt: skip
        return [
            OccasionRow(int(r[0]), r[1], r[2], r[3], r[4]) for r in self.connection.execute(query)
        ]

    def of_person(
        self, person_id: int, start: date, end: date, limit: int = 20
    ) -> list[OccasionRow]:
        """One person's occasions dated within [start, end], newest first."""
        query = (
            select(occasions.c.person_id, people.c.name, occasions.c.kind, occasions.c.on,
                   occasions.c.label)
            .join(people, people.c.id == occasions.c.person_id)
            .where(occasions.c.person_id == person_id, occasions.c.on >= start,
                   occasions.c.on <= end)
            .order_by(desc(occasions.c.on), desc(occasions.c.id))
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
        query = (
            select(occasions.c.person_id, people.c.name, occasions.c.kind, occasions.c.on,
                   occasions.c.label)
            .join(people, people.c.id == occasions.c.person_id)
            .where(occasions.c.person_id.in_(list(person_ids)), occasions.c.on >= since)
            .order_by(occasions.c.on, occasions.c.id)
        )  # fmt: skip
        for row in self.connection.execute(query):
            found[int(row[0])] = OccasionRow(int(row[0]), row[1], row[2], row[3], row[4])
        return found

    def roles_of(self, person_id: int) -> list[tuple[str | None, str | None, date]]:
        """Past roles (company, title, until), newest first."""
        query = (
            select(person_roles.c.company, person_roles.c.title, person_roles.c.until)
            .where(person_roles.c.person_id == person_id)
            .order_by(desc(person_roles.c.until), desc(person_roles.c.id))
        )
        return [(c, t, u) for c, t, u in self.connection.execute(query)]

    def first_role_start(self) -> date | None:
        """The earliest day a new role was found, if any (how far back anniversaries go)."""
        query = select(func.min(occasions.c.on)).where(occasions.c.kind == NEW_ROLE)
        found: date | None = self.connection.execute(query).scalar_one_or_none()
        return found

    def role_starts(self, ranges: Sequence[tuple[date, date]], limit: int = 500) -> list[RoleStart]:
        """People (not archived) whose current role began within one of the date ranges:
        their newest new-role occasion, by the date index, earliest first."""
        if not ranges:
            return []
        later = occasions.alias("later")
        newer_role = (
            select(later.c.id)
            .where(
                later.c.person_id == occasions.c.person_id,
                later.c.kind == NEW_ROLE,
                or_(
                    later.c.on > occasions.c.on,
                    and_(later.c.on == occasions.c.on, later.c.id > occasions.c.id),
                ),
            )
            .exists()
        )
        query = (
            select(occasions.c.person_id, people.c.name, people.c.company, people.c.title,
                   occasions.c.on)
            .join(people, people.c.id == occasions.c.person_id)
            .where(
                or_(*(occasions.c.on.between(start, end) for start, end in ranges)),
                occasions.c.kind == NEW_ROLE,
                people.c.tier != Tier.ARCHIVED.value,
                ~newer_role,
            )
            .order_by(occasions.c.on, occasions.c.person_id)
            .limit(limit)
        )  # fmt: skip
        return [
            RoleStart(int(r[0]), r[1], r[2], r[3], r[4]) for r in self.connection.execute(query)
        ]

    def role_start_of(self, person_id: int) -> date | None:
        """The day the person's current role began, when a new role was ever found."""
        query = select(func.max(occasions.c.on)).where(
            occasions.c.person_id == person_id, occasions.c.kind == NEW_ROLE
        )
        found: date | None = self.connection.execute(query).scalar_one_or_none()
        return found
