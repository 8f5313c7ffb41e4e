"""A brief before a meeting: who someone is, your history with them, and what to bring up.

One read transaction per person, through indexes: the profile, the newest ledger entries
(a bounded number), their ties and the events you shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from goodwill.domain import owed as owing
from goodwill.domain.balance import explain
from goodwill.domain.cadence import next_due
from goodwill.domain.derive import fold
from goodwill.domain.model import Person
from goodwill.domain.occasions import WORK_ANNIVERSARY
from goodwill.domain.plan import birthday_within, follow_up_by
from goodwill.domain.reciprocity import classify
from goodwill.domain.topics import topics
from goodwill.services.context import Context
from goodwill.services.occasions import Role, past_roles, work_anniversary_of
from goodwill.services.people import balance_of
from goodwill.services.resolve import resolve
from goodwill.services.views import EntryView, PersonRef, Shape, entry_view, iso, ref_of
from goodwill.store.database import UnitOfWork
from goodwill.store.people import name_key

#: Interactions a brief lists, and how far back it reads the ledger for asks and topics.
LAST_INTERACTIONS = 5
HISTORY_READ = 200
#: Mutual acquaintances and events a brief reads and names.
MUTUAL_LIMIT = 10
EVENTS_READ = 20
#: Occasions this many days ahead belong in a brief.
OCCASION_DAYS = 30


@dataclass(frozen=True, slots=True)
class Profile(Shape):
    """Who they are, as a brief opens."""

    id: int
    name: str
    company: str | None
    title: str | None
    discipline: str | None
    location: str | None
    tier: str
    emails: tuple[str, ...]
    links: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Met(Shape):
    """How you met: on a day (ISO), how, through whom; each None when not known."""

    on: str | None
    how: str | None
    via: PersonRef | None


@dataclass(frozen=True, slots=True)
class Mutual(Shape):
    """Someone you both know, and how: their ties' kinds, events you all attended."""

    id: int
    name: str
    how: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Occasion(Shape):
    """A reason to get in touch: news (a new role), a birthday, a work anniversary."""

    #: ISO.
    on: str
    kind: str
    #: What happened, in words; None for a birthday.
    label: str | None


@dataclass(frozen=True, slots=True)
class Brief(Shape):
    """What to know before meeting someone (`goodwill brief`)."""

    person: Profile
    met: Met
    #: The current role first, then the roles they left.
    roles: tuple[Role, ...]
    last_interactions: tuple[EntryView, ...]
    balance: float
    #: The give-and-take pattern, in words.
    reciprocity: str
    #: Their asks you have not answered and their gives you have not returned, newest first.
    owed: tuple[EntryView, ...]
    #: The day a follow-up entered the plan, ISO.
    follow_up_on: str | None
    #: The day it is due (to have been done by), ISO: the day `event add` names.
    follow_up_by: str | None
    mutual: tuple[Mutual, ...]
    topics: tuple[str, ...]
    occasions: tuple[Occasion, ...]
    last_touch: str | None
    next_due: str | None


@dataclass(frozen=True, slots=True)
class Stranger(Shape):
    """An attendee who is not in your network: listed, never added."""

    email: str
    name: str | None


@dataclass(frozen=True, slots=True)
class Meeting(Shape):
    summary: str | None
    briefs: tuple[Brief, ...]
    unknown: tuple[Stranger, ...]


@dataclass(frozen=True, slots=True)
class Agenda(Shape):
    """The briefs for a day's meetings (`goodwill brief --calendar`)."""

    #: ISO.
    date: str
    meetings: tuple[Meeting, ...]


def brief(ctx: Context, query: str, on: date | None = None) -> Brief:
    """Everything worth knowing before meeting the person `query` names."""
    day = on or ctx.today()
    with ctx.db.read() as uow:
        return brief_of(ctx, uow, resolve(uow, query), day)


def brief_of(ctx: Context, uow: UnitOfWork, person: Person, day: date) -> Brief:
    """The brief as it would have read on `day`: nothing that came later is in it.

    For a day before their latest entries, the ledger is read up to that day: the
    interactions, the balance, what you owe, the topics of the notes, their give-and-take,
    the last touch and when they fall due are worked out from it. The follow-up date is
    stored, not kept per day (a later entry may have set it), so such a brief names none;
    events held later are no mutual ground yet. The profile (tags, notes, ties) has no
    history and reads as it is now."""
    fields = person.fields
    history = uow.ledger.entries_for(person.id, HISTORY_READ)
    balance = balance_of(ctx, uow, person, day)
    state, due, follow_up = person.state, person.next_due, person.follow_up_on
    later = bool(history) and history[0].on > day
    if later:  # a day in the past: only what had happened
        half_life = ctx.half_life(uow)
        known = [entry for entry in uow.ledger.entries_for(person.id) if entry.on <= day]
        balance = explain(known, day, half_life).total
        history = known[:HISTORY_READ]
        state, follow_up = fold(known, half_life), None
        due = next_due(
            person_id=person.id,
            tier=fields.tier,
            cadence_override=fields.cadence_days,
            created_on=person.created_on,
            last_touch=state.last_touch,
        )
    via = None if fields.met_via_id is None else uow.people.get(fields.met_via_id)
    birthday = birthday_within(person, day, OCCASION_DAYS)
    role = Role(fields.company, fields.title, None, None)
    current = (role,) if fields.company or fields.title else ()
    mutual = _mutual(uow, person.id, day)
    return Brief(
        person=Profile(
            id=person.id,
            name=person.name,
            company=fields.company,
            title=fields.title,
            discipline=fields.discipline,
            location=fields.location,
            tier=fields.tier.value,
            emails=tuple(fields.emails),
            links=tuple(fields.links),
        ),
        met=Met(iso(fields.met_on), fields.met_how, None if via is None else ref_of(via)),
        roles=current + past_roles(uow, person.id),
        last_interactions=tuple(entry_view(e) for e in history[:LAST_INTERACTIONS]),
        balance=round(balance, 2),
        reciprocity=classify(state).summary,
        owed=tuple(entry_view(e) for e in owing.owed(history)),
        follow_up_on=iso(follow_up),
        follow_up_by=iso(follow_up and follow_up_by(follow_up)),
        mutual=mutual,
        topics=tuple(
            topics(
                fields.tags,
                [fields.notes, *(e.note for e in history)],
                # Names are no topics: theirs, mine, and those of the people we both know
                # ("Intro: Wei <> Aiko").
                about=(fields.name, *_my_names(ctx, uow), *(m.name for m in mutual)),
            )
        ),
        occasions=_news(uow, person.id, day)
        + (() if birthday is None else (Occasion(birthday.isoformat(), "birthday", None),))
        + _work_anniversary(uow, person, day),
        last_touch=iso(state.last_touch),
        next_due=iso(due),
    )


def _news(uow: UnitOfWork, person_id: int, day: date) -> tuple[Occasion, ...]:
    """Their news of the last 90 days (a new role, a welcome, a recommendation), newest first."""
    found = uow.occasions.of_person(person_id, day - timedelta(days=90), day)
    return tuple(Occasion(row.on.isoformat(), row.kind, row.label) for row in found)


def _work_anniversary(uow: UnitOfWork, person: Person, day: date) -> tuple[Occasion, ...]:
    returns = work_anniversary_of(uow, person, day, OCCASION_DAYS)
    if returns is None:
        return ()
    return (Occasion(returns[0].isoformat(), WORK_ANNIVERSARY, returns[1]),)


def _mutual(uow: UnitOfWork, person_id: int, day: date) -> tuple[Mutual, ...]:
    """People you both know: their ties first (strongest first), then fellow attendees of
    events held by `day`."""
    how: dict[int, list[str]] = {}
    strength: dict[int, float] = {}
    for other, weight, kind in uow.edges.neighbours([person_id]).get(person_id, []):
        how.setdefault(other, []).append(kind)
        strength[other] = max(strength.get(other, 0.0), weight)
    for event, held_on, other in uow.events.shared_with(person_id, EVENTS_READ):
        if held_on > day:
            continue
        how.setdefault(other, []).append(f"{event} ({held_on.isoformat()})")
        strength.setdefault(other, 0.0)
    ranked = sorted(how, key=lambda pid: (-strength[pid], pid))[:MUTUAL_LIMIT]
    people = {p.id: p for p in uow.people.get_many(ranked)}
    return tuple(
        Mutual(pid, people[pid].name, tuple(dict.fromkeys(how[pid])))
        for pid in ranked
        if pid in people
    )


def _attendee(uow: UnitOfWork, email: str, name: str | None) -> int | None:
    """The person an attendee is: by email, else the one person with exactly that name."""
    person_id = uow.people.id_by_email(email)
    if person_id is None and name:
        same = uow.people.ids_by_name_key(name_key(name), limit=2)
        person_id = same[0] if len(same) == 1 else None
    return person_id


def briefs_from_calendar(
    ctx: Context, path: Path, on: date | None = None, me: tuple[str, ...] = ()
) -> Agenda:
    """The briefs for everyone you meet on a day, from an iCalendar file.

    Attendees are known as an import of the same file knows them: by email, else by a name
    only one person has; those not in your network are listed by name, never added.
    """
    from goodwill.importers.calendar import meetings_on

    day = on or ctx.today()
    mine = tuple(a.lower() for a in me) or ctx.config.me
    meetings = meetings_on(path, day, mine)
    result: list[Meeting] = []
    with ctx.db.read() as uow:
        for meeting in meetings:
            known: list[int] = []
            unknown: list[Stranger] = []
            for email, name in meeting.attendees:
                person_id = _attendee(uow, email, name)
                if person_id is None:
                    unknown.append(Stranger(email, name))
                else:
                    known.append(person_id)
            briefs = tuple(
                brief_of(ctx, uow, person, day)
                for person in uow.people.get_many(list(dict.fromkeys(known)))
            )
            result.append(Meeting(meeting.summary, briefs, tuple(unknown)))
    return Agenda(day.isoformat(), tuple(result))


def _my_names(ctx: Context, uow: UnitOfWork) -> tuple[str, ...]:
    """How notes may name the user, kept out of the topics: the configured name, and the
    names in my addresses ("Thanks Alex" when I am alex.morgan@example.com) and chat names,
    the config's and those an import was given with `--me`."""
    mine = (*ctx.config.me, *uow.settings.import_me())
    spelled = (me.partition("@")[0].replace(".", " ").replace("_", " ") for me in mine)
    return (ctx.config.name or "", *spelled)
