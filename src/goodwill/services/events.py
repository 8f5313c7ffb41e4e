"""Events: record who you met, and follow up with each of them within two days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from goodwill.domain.cadence import resets_clock
from goodwill.domain.errors import BadInput, NotFound, about
from goodwill.domain.model import Channel, Direction, Entry, Initiator, PersonFields, Tier
from goodwill.domain.plan import EVENT_SOURCE, FOLLOW_UP_AFTER_DAYS, follow_up_by
from goodwill.domain.ties import STRENGTH
from goodwill.services import picks
from goodwill.services.context import Context
from goodwill.services.ledger import record
from goodwill.services.resolve import known_as, resolve
from goodwill.services.views import PersonRef, Shape
from goodwill.store.database import UnitOfWork

EVENTS_SHOWN = 50


@dataclass(frozen=True, slots=True)
class Guest(PersonRef):
    """Someone met at an event just recorded; `new` when they joined as an acquaintance.
    `taken_for` is the name given for them when it matched them only as a near-identical
    name ("Olga Smirnova" for Ольга Смирнова): said, so that a wrong match is seen."""

    new: bool
    taken_for: str | None = None


@dataclass(frozen=True, slots=True)
class RecordedEvent(Shape):
    """An event just recorded (`goodwill event add`), with the follow-ups it asks for."""

    id: int
    name: str
    #: The event's day, ISO.
    on: str
    met: tuple[Guest, ...]
    #: The day the follow-ups enter the plan, ISO.
    follow_up_on: str
    #: The day to have followed up with everyone by, ISO.
    follow_up_by: str


@dataclass(frozen=True, slots=True)
class Attendee(PersonRef):
    """Someone met at a past event; `followed_up` once in touch since."""

    followed_up: bool


@dataclass(frozen=True, slots=True)
class PastEvent(Shape):
    """An event as `goodwill events` lists it."""

    id: int
    name: str
    #: The event's day, ISO.
    on: str
    location: str | None
    met: tuple[Attendee, ...]
    #: How many of those met have had a follow-up.
    followed_up: int


def add_event(
    ctx: Context,
    name: str,
    *,
    on: date | None = None,
    met: tuple[str, ...] = (),
    location: str | None = None,
    note: str = "",
) -> RecordedEvent:
    """Record an event and the people met there; new names join as acquaintances.

    A name matches someone already known exactly (#id, email or the whole name), or by
    a near-identical name, as `add` refuses one ("Maria Ivanova" is the "Мария Иванова"
    known already; several such people are listed to choose by #id): "Lee Park" met
    tonight is not the "Lee Parker" of years ago.
    """
    title = " ".join(name.split())
    if not title:
        raise BadInput("an event needs a name", field="name")
    day = ctx.happened(on, "record an event once it happened")
    with ctx.db.write() as uow:
        # As `log` does: someone picked today and met there has done their pick.
        picks.pin_today(ctx, uow, day)
        repository = uow.events
        # `undo` of this write removes the event, its entries and the people it added.
        batch_id = uow.ledger.open_batch(f"event {title}", ctx.clock())
        event_id = repository.add(title, day, location, note.strip(), batch_id)
        person_ids: list[int] = []
        created: list[int] = []
        taken_for: dict[int, str] = {}
        for who in met:
            with about("met"):
                person_id, new, near = _guest(ctx, uow, who, day, title)
            # A name and an email of one person met there name them once.
            if person_id not in person_ids:
                person_ids.append(person_id)
            if new:
                created.append(person_id)
            if near is not None:
                taken_for.setdefault(person_id, near)
        uow.ledger.note_created(batch_id, created)
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
                source=EVENT_SOURCE,
            )
            record(
                ctx,
                uow,
                entry,
                person_ids,
                batch_id,
                follow_up=day + timedelta(days=FOLLOW_UP_AFTER_DAYS),
            )
            picks.mark_logged(uow, person_ids, day, batch_id)
        people = uow.people.get_many(person_ids)
        return RecordedEvent(
            id=event_id,
            name=title,
            on=day.isoformat(),
            met=tuple(Guest(p.id, p.name, p.id in created, taken_for.get(p.id)) for p in people),
            follow_up_on=(day + timedelta(days=FOLLOW_UP_AFTER_DAYS)).isoformat(),
            follow_up_by=follow_up_by(day + timedelta(days=FOLLOW_UP_AFTER_DAYS)).isoformat(),
        )


def _guest(
    ctx: Context, uow: UnitOfWork, who: str, day: date, title: str
) -> tuple[int, bool, str | None]:
    """The person `who` names, whether they join now (an acquaintance met at `title`), and
    the name given when it matched them only as a near-identical one: an #id, an email or
    a whole name, else a near-identical name (`known_as`), else no one yet."""
    name = " ".join(who.split())
    try:
        found = resolve(uow, who, exact=True)
    except NotFound:
        if not name or name.startswith("#") or "@" in name:
            raise
    else:
        return found.id, False, _spelt_otherwise(name, found.name)
    known = known_as(uow, name)
    if known is not None:
        return known.id, False, _spelt_otherwise(name, known.name)
    fields = PersonFields(name=name, tier=Tier.ACQUAINTANCE, met_on=day, met_how=f"met at {title}")
    return uow.people.add(fields, ctx.today()), True, None


def _spelt_otherwise(given: str, name: str) -> str | None:
    """The name given for someone, when it is not their name but for case and spacing
    (another script, other accents, a letter off); None for an #id or an email."""
    if (
        given.startswith("#")
        or "@" in given
        or given.casefold() == " ".join(name.split()).casefold()
    ):
        return None
    return given


def _followed_up(
    uow: UnitOfWork, person_id: int, last_touch: date | None, held_on: date, day: date
) -> bool:
    """Whether they heard from me after the event and by `day`. Their last touch says it
    unless it came after `day` (a list as of an earlier day): then the entries between
    the two days do."""
    if last_touch is None or last_touch <= held_on:
        return False
    if last_touch <= day:
        return True
    return any(resets_clock(entry) for entry in uow.ledger.entries_between(person_id, held_on, day))


def list_events(
    ctx: Context, limit: int = EVENTS_SHOWN, *, on: date | None = None
) -> tuple[PastEvent, ...]:
    """Events held by day `on` (today), newest first, with the people met and how many
    had had a follow-up by then."""
    day = on or ctx.today()
    with ctx.db.read() as uow:
        rows = uow.events.recent(limit, until=day)
        met_by_event = [
            tuple(
                Attendee(
                    who.person_id,
                    who.name,
                    _followed_up(uow, who.person_id, who.last_touch, row.held_on, day),
                )
                for who in row.met
            )
            for row in rows
        ]
    listed = []
    for row, met in zip(rows, met_by_event, strict=True):
        followed_up = sum(1 for who in met if who.followed_up)
        listed.append(
            PastEvent(row.id, row.name, row.held_on.isoformat(), row.location, met, followed_up)
        )
    return tuple(listed)
