"""Events: record who you met, and follow up with each of them within two days."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from goodwill.domain.errors import BadInput, NotFound
from goodwill.domain.model import Channel, Direction, Entry, Initiator, PersonFields, Tier
from goodwill.domain.ties import STRENGTH
from goodwill.services.context import Context
from goodwill.services.ledger import FOLLOW_UP_AFTER_DAYS, record
from goodwill.services.resolve import resolve
from goodwill.services.views import person_ref

#: Follow up with everyone met within this many days of the event.
FOLLOW_UP_WITHIN_DAYS = 2
EVENTS_SHOWN = 50


def add_event(
    ctx: Context,
    name: str,
    *,
    on: date | None = None,
    met: tuple[str, ...] = (),
    location: str | None = None,
    note: str = "",
) -> dict[str, Any]:
    """Record an event and the people met there; new names join as acquaintances.

    A name matches someone already known only exactly (#id, email or the whole
    name): "Lee Park" met tonight is not the "Lee Parker" of years ago.
    """
    title = " ".join(name.split())
    if not title:
        raise BadInput("an event needs a name")
    day = on or ctx.today()
    if day > ctx.today():
        raise BadInput(f"{day.isoformat()} is in the future: record an event once it happened")
    with ctx.db.write() as uow:
        repository = uow.events
        event_id = repository.add(title, day, location, note.strip())
        person_ids: list[int] = []
        created: list[int] = []
        for who in met:
            try:
                person_ids.append(resolve(uow, who, exact=True).id)
            except NotFound:
                fields = PersonFields(
                    name=" ".join(who.split()),
                    tier=Tier.ACQUAINTANCE,
                    met_on=day,
                    met_how=f"met at {title}",
                )
                if not fields.name or fields.name.startswith("#") or "@" in fields.name:
                    raise
                new_id = uow.people.add(fields, ctx.today())
                person_ids.append(new_id)
                created.append(new_id)
        repository.link(event_id, person_ids)
        # Met at the same (small) event: they may know each other now.
        uow.edges.add_group(person_ids, "event", STRENGTH["event"])
        if person_ids:
            entry = Entry(
                on=day,
                direction=Direction.TOUCH,
                kind="catch-up",
                channel=Channel.EVENT,
                initiated_by=Initiator.ME,
                weight=ctx.config.catalogue.kinds["catch-up"].weight,
                note=f"met at {title}",
                source="event",
            )
            batch_id = uow.ledger.open_batch(f"event {title}", ctx.clock())
            record(
                ctx,
                uow,
                entry,
                person_ids,
                batch_id,
                follow_up=day + timedelta(days=FOLLOW_UP_AFTER_DAYS),
            )
        people = uow.people.get_many(person_ids)
        return {
            "id": event_id,
            "name": title,
            "on": day.isoformat(),
            "met": [{**person_ref(p), "new": p.id in created} for p in people],
            "follow_up_on": (day + timedelta(days=FOLLOW_UP_AFTER_DAYS)).isoformat(),
            "follow_up_by": (day + timedelta(days=FOLLOW_UP_WITHIN_DAYS)).isoformat(),
        }


def list_events(ctx: Context, limit: int = EVENTS_SHOWN) -> list[dict[str, Any]]:
    """Events, newest first, with the people met and how many have had a follow-up."""
    with ctx.db.read() as uow:
        rows = uow.events.recent(limit)
    return [
        {
            "id": row.id,
            "name": row.name,
            "on": row.held_on.isoformat(),
            "location": row.location,
            "met": [
                {
                    "id": who.person_id,
                    "name": who.name,
                    "followed_up": who.last_touch is not None and who.last_touch > row.held_on,
                }
                for who in row.met
            ],
            "followed_up": sum(
                1 for who in row.met if who.last_touch is not None and who.last_touch > row.held_on
            ),
        }
        for row in rows
    ]
