"""Events and the people met at each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from goodwill.store.lazy_modules import lazy
from goodwill.store.sql import Repository, known_day

if TYPE_CHECKING:
    import sqlalchemy as sa

    from goodwill.store import tables as t
else:
    sa = lazy("sqlalchemy")
    t = lazy("goodwill.store.tables")


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
            sa.insert(t.events).values(
                name=name, held_on=held_on, location=location, notes=notes, batch_id=batch_id
            )
        )
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    def remove_recorded_by(self, batch_id: int) -> bool:
        """Delete the events the write `batch_id` recorded, and who was met there; whether
        there were any."""
        batch = {"batch": batch_id}
        self.sql.run(
            "DELETE FROM event_people WHERE event_id IN"
            " (SELECT id FROM events WHERE batch_id = :batch)",
            batch,
        )
        return bool(self.sql.run("DELETE FROM events WHERE batch_id = :batch", batch))

    def link(self, event_id: int, person_ids: Sequence[int]) -> None:
        rows = [{"event_id": event_id, "person_id": pid} for pid in dict.fromkeys(person_ids)]
        if rows:
            self.connection.execute(sa.insert(t.event_people), rows)

    def shared_with(self, person_id: int, limit: int) -> list[tuple[str, date, int]]:
        """(event, day, other person) for the person's newest events, through both indexes:
        SQL text, so that `brief` need not load SQLAlchemy."""
        rows = self.sql.rows(
            "SELECT theirs.name, theirs.held_on, others.person_id FROM ("
            "SELECT events.id, events.name, events.held_on FROM events "
            "JOIN event_people ON event_people.event_id = events.id "
            "WHERE event_people.person_id = :person "
            "ORDER BY events.held_on DESC, events.id DESC LIMIT :limit) AS theirs "
            "JOIN event_people AS others ON others.event_id = theirs.id "
            "WHERE others.person_id != :person ORDER BY theirs.held_on DESC, others.person_id",
            {"person": person_id, "limit": limit},
        )
        return [(name, known_day(held_on), int(pid)) for name, held_on, pid in rows]

    def recent(self, limit: int, until: date | None = None) -> list[EventRow]:
        """The newest events (held by `until`, when given) with the people met there and
        when each last heard from me."""
        chosen = sa.select(t.events)
        if until is not None:
            chosen = chosen.where(t.events.c.held_on <= until)
        rows = self.connection.execute(
            chosen.order_by(sa.desc(t.events.c.held_on), sa.desc(t.events.c.id)).limit(limit)
        ).all()
        ids = [int(row.id) for row in rows]
        met: dict[int, list[MetThere]] = {}
        if ids:
            query = (
                sa.select(
                    t.event_people.c.event_id, t.people.c.id, t.people.c.name, t.people.c.last_touch
                )
                .join(t.people, t.people.c.id == t.event_people.c.person_id)
                .where(t.event_people.c.event_id.in_(ids))
                .order_by(t.people.c.name_key, t.people.c.id)
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
