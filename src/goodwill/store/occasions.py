"""Occasions and past roles, read through their indexes."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from goodwill.domain.model import Tier
from goodwill.domain.occasions import NEW_ROLE
from goodwill.store.lazy_modules import lazy
from goodwill.store.sql import Repository, Row, day, in_list, known_day

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
    #: The person's latest give or touch from me (their derived state), whatever its day.
    last_give_or_touch: date | None = None


#: What `_occasion` reads: an occasion and its person's name and latest give or touch.
_OCCASIONS = (
    'SELECT o.person_id, p.name, o.kind, o."on", o.label, p.last_give_or_touch '
    "FROM occasions AS o JOIN people AS p ON p.id = o.person_id"
)


def _occasion(row: Row) -> OccasionRow:
    person_id, name, kind, on, label, last_give_or_touch = row
    return OccasionRow(int(person_id), name, kind, known_day(on), label, day(last_give_or_touch))


_ADD_OCCASION = (
    'INSERT INTO occasions (person_id, kind, "on", label) VALUES (:person_id, :kind, :on, :label)'
)
#: People whose occasions one lookup reads (an `IN` list of theirs).
_PEOPLE_PER_LOOKUP = 500


class OccasionRepository(Repository):
    def add_role_changes(self, changes: Sequence[RoleChange]) -> None:
        """The old roles into the history, and a "new role" occasion for each change."""
        if not changes:
            return
        self.sql.run_many(
            'INSERT INTO person_roles (person_id, company, title, "until")'
            " VALUES (:person_id, :company, :title, :until)",
            [
                {"person_id": c.person_id, "company": c.old_company, "title": c.old_title,
                 "until": c.on}
                for c in changes
            ],
        )  # fmt: skip
        self.sql.run_many(
            _ADD_OCCASION,
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
        kinds, kind_params = in_list("kind", {o.kind for o in found})
        people = sorted({o.person_id for o in found})
        seen: set[tuple[int, str, date | None]] = set()
        for start in range(0, len(people), _PEOPLE_PER_LOOKUP):
            listed, params = in_list("person", people[start : start + _PEOPLE_PER_LOOKUP])
            rows = self.sql.rows(
                f'SELECT person_id, kind, "on" FROM occasions WHERE person_id IN ({listed})'
                f" AND kind IN ({kinds})",
                {**params, **kind_params},
            )
            for person_id, kind, on in rows:
                seen.add((int(person_id), kind, None if kind in once_per_person else day(on)))
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
            self.sql.run_many(
                _ADD_OCCASION,
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
        rows = self.sql.rows(
            f'{_OCCASIONS} WHERE o.person_id = :person AND o."on" >= :start AND o."on" <= :end '
            'ORDER BY o."on" DESC, o.id DESC LIMIT :limit',
            {"person": person_id, "start": start, "end": end, "limit": limit},
        )
        return [_occasion(row) for row in rows]

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
        return [(company, title, known_day(until)) for company, title, until in rows]

    def first_role_start(self) -> date | None:
        """The earliest day a new role was found, if any (how far back anniversaries go)."""
        query = 'SELECT min("on") FROM occasions WHERE kind = :kind'
        return day(self.sql.scalar(query, {"kind": NEW_ROLE}))

    def role_starts(self, ranges: Sequence[tuple[date, date]], limit: int = 500) -> list[RoleStart]:
        """People (not archived) whose current role began within one of the date ranges:
        their newest new-role occasion, by the date index, earliest first."""
        if not ranges:
            return []
        within = " OR ".join(f'o."on" BETWEEN :start_{i} AND :end_{i}' for i in range(len(ranges)))
        params: dict[str, object] = {"kind": NEW_ROLE, "archived": Tier.ARCHIVED.value}
        for i, (start, end) in enumerate(ranges):
            params |= {f"start_{i}": start, f"end_{i}": end}
        rows = self.sql.rows(
            'SELECT o.person_id, p.name, p.company, p.title, o."on" '
            "FROM occasions AS o JOIN people AS p ON p.id = o.person_id "
            f"WHERE ({within}) AND o.kind = :kind AND p.tier != :archived "
            "AND NOT EXISTS (SELECT later.id FROM occasions AS later "
            "WHERE later.person_id = o.person_id AND later.kind = :kind "
            'AND (later."on" > o."on" OR (later."on" = o."on" AND later.id > o.id))) '
            'ORDER BY o."on", o.person_id LIMIT :limit',
            {**params, "limit": limit},
        )
        return [
            RoleStart(int(pid), name, company, title, known_day(on))
            for pid, name, company, title, on in rows
        ]

    def role_start_of(self, person_id: int) -> date | None:
        """The day the person's current role began, when a new role was ever found."""
        query = 'SELECT max("on") FROM occasions WHERE person_id = :person AND kind = :kind'
        return day(self.sql.scalar(query, {"person": person_id, "kind": NEW_ROLE}))
