"""Events and the people met at each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, desc, insert, select

from goodwill.store.sql import Repository
from goodwill.store.tables import event_people, events, people


@dataclass(frozen=True, slots=True)
class MetThere:
    person_id: int
    name: str
    last_touch: date | None


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    name: str
    held_on: date
    location: str | None
    notes: str
    met: tuple[MetThere, ...]


class EventRepository(Repository):
    def add(self, name: str, held_on: date, location: str | None, notes: str, batch_id: int) -> int:
        """A new event, recorded by the write `batch_id` (whose `undo` removes it)."""
        result = self.connection.execute(
            insert(events).values(
                name=name, held_on=held_on, location=location, notes=notes, batch_id=batch_id
            )
        )
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    def remove_recorded_by(self, batch_id: int) -> None:
        """Delete the events the write `batch_id` recorded, and who was met there."""
        recorded = select(events.c.id).where(events.c.batch_id == batch_id)
        self.connection.execute(delete(event_people).where(event_people.c.event_id.in_(recorded)))
        self.connection.execute(delete(events).where(events.c.batch_id == batch_id))

    def link(self, event_id: int, person_ids: Sequence[int]) -> None:
        rows = [{"event_id": event_id, "person_id": pid} for pid in dict.fromkeys(person_ids)]
        if rows:
            self.connection.execute(insert(event_people), rows)

    def shared_with(self, person_id: int, limit: int) -> list[tuple[str, date, int]]:
        """(event, day, other person) for the person's newest events, through both indexes."""
        theirs = (
            select(events.c.id, events.c.name, events.c.held_on)
            .join(event_people, event_people.c.event_id == events.c.id)
            .where(event_people.c.person_id == person_id)
            .order_by(desc(events.c.held_on), desc(events.c.id))
            .limit(limit)
            .subquery()
        )
        query = (
            select(theirs.c.name, theirs.c.held_on, event_people.c.person_id)
            .join(event_people, event_people.c.event_id == theirs.c.id)
            .where(event_people.c.person_id != person_id)
            .order_by(desc(theirs.c.held_on), event_people.c.person_id)
        )
        return [(name, held_on, int(pid)) for name, held_on, pid in self.connection.execute(query)]

    def recent(self, limit: int, until: date | None = None) -> list[EventRow]:
        """The newest events (held by `until`, when given) with the people met there and
        when each last heard from me."""
        chosen = select(events)
        if until is not None:
            chosen = chosen.where(events.c.held_on <= until)
        rows = self.connection.execute(
            chosen.order_by(desc(events.c.held_on), desc(events.c.id)).limit(limit)
        ).all()
        ids = [int(row.id) for row in rows]
        met: dict[int, list[MetThere]] = {}
        if ids:
            query = (
                select(event_people.c.event_id, people.c.id, people.c.name, people.c.last_touch)
                .join(people, people.c.id == event_people.c.person_id)
                .where(event_people.c.event_id.in_(ids))
                .order_by(people.c.name_key, people.c.id)
            )
            for event_id, pid, name, last_touch in self.connection.execute(query):
                met.setdefault(int(event_id), []).append(MetThere(int(pid), name, last_touch))
        return [
            EventRow(
                int(row.id),
                row.name,
                row.held_on,
                row.location,
                row.notes or "",
                tuple(met.get(int(row.id), ())),
            )
            for row in rows
        ]
