"""A brief before a meeting: who someone is, your history with them, and what to bring up.

One read transaction per person, through indexes: the profile, the newest ledger entries
(a bounded number), their ties and the events you shared.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from goodwill.domain.model import Person
from goodwill.domain.occasions import WORK_ANNIVERSARY
from goodwill.domain.owed import unanswered_asks
from goodwill.domain.plan import birthday_within
from goodwill.domain.reciprocity import classify
from goodwill.domain.topics import topics
from goodwill.services.context import Context
from goodwill.services.occasions import past_roles, work_anniversary_of
from goodwill.services.people import balance_of
from goodwill.services.resolve import resolve
from goodwill.services.views import entry_json, iso, person_ref
from goodwill.store.database import UnitOfWork

#: Interactions a brief lists, and how far back it reads the ledger for asks and topics.
LAST_INTERACTIONS = 5
HISTORY_READ = 200
#: Mutual acquaintances and events a brief reads and names.
MUTUAL_LIMIT = 10
EVENTS_READ = 20
#: Occasions this many days ahead belong in a brief.
OCCASION_DAYS = 30


def brief(ctx: Context, query: str, on: date | None = None) -> dict[str, Any]:
    """Everything worth knowing before meeting the person `query` names."""
    day = on or ctx.today()
    with ctx.db.read() as uow:
        return brief_of(ctx, uow, resolve(uow, query), day)


def brief_of(ctx: Context, uow: UnitOfWork, person: Person, day: date) -> dict[str, Any]:
    fields = person.fields
    history = uow.ledger.entries_for(person.id, HISTORY_READ)
    via = None if fields.met_via_id is None else uow.people.get(fields.met_via_id)
    owed = unanswered_asks(history)
    birthday = birthday_within(person, day, OCCASION_DAYS)
    return {
        "person": {
            **person_ref(person),
            "company": fields.company,
            "title": fields.title,
            "discipline": fields.discipline,
            "location": fields.location,
            "tier": fields.tier.value,
            "emails": list(fields.emails),
            "links": list(fields.links),
        },
        "met": {
            "on": iso(fields.met_on),
            "how": fields.met_how,
            "via": None if via is None else person_ref(via),
        },
        "roles": _roles(person.fields.company, person.fields.title)
        + [{**role, "since": None} for role in past_roles(uow, person.id)],
        "last_interactions": [entry_json(e) for e in history[:LAST_INTERACTIONS]],
        "balance": round(balance_of(ctx, uow, person, day), 2),
        "reciprocity": classify(person.state).summary,
        "owed": [entry_json(e) for e in owed],
        "follow_up_on": iso(person.follow_up_on),
        "mutual": _mutual(uow, person.id),
        "topics": topics(
            fields.tags, [fields.notes, *(e.note for e in history)], about=fields.name
        ),
        "occasions": _occasions(uow, person.id, day)
        + ([] if birthday is None else [{"on": birthday.isoformat(), "kind": "birthday"}])
        + _work_anniversary(uow, person, day),
        "last_touch": iso(person.state.last_touch),
        "next_due": iso(person.next_due),
    }


def _occasions(uow: UnitOfWork, person_id: int, day: date) -> list[dict[str, Any]]:
    """Their news of the last 90 days (a new role, a welcome, a recommendation), newest first."""
    found = uow.occasions.of_person(person_id, day - timedelta(days=90), day)
    return [{"on": row.on.isoformat(), "kind": row.kind, "label": row.label} for row in found]


def _work_anniversary(uow: UnitOfWork, person: Person, day: date) -> list[dict[str, Any]]:
    returns = work_anniversary_of(uow, person, day, OCCASION_DAYS)
    if returns is None:
        return []
    return [{"on": returns[0].isoformat(), "kind": WORK_ANNIVERSARY, "label": returns[1]}]


def _roles(company: str | None, title: str | None) -> list[dict[str, Any]]:
    if not company and not title:
        return []
    return [{"company": company, "title": title, "since": None, "until": None}]


def _mutual(uow: UnitOfWork, person_id: int) -> list[dict[str, Any]]:
    """People you both know: their ties first (strongest first), then fellow attendees."""
    how: dict[int, list[str]] = {}
    strength: dict[int, float] = {}
    for other, weight, kind in uow.edges.neighbours([person_id]).get(person_id, []):
        how.setdefault(other, []).append(kind)
        strength[other] = max(strength.get(other, 0.0), weight)
    for event, held_on, other in uow.events.shared_with(person_id, EVENTS_READ):
        how.setdefault(other, []).append(f"{event} ({held_on.isoformat()})")
        strength.setdefault(other, 0.0)
    ranked = sorted(how, key=lambda pid: (-strength[pid], pid))[:MUTUAL_LIMIT]
    people = {p.id: p for p in uow.people.get_many(ranked)}
    return [
        {**person_ref(people[pid]), "how": list(dict.fromkeys(how[pid]))}
        for pid in ranked
        if pid in people
    ]


def briefs_from_calendar(
    ctx: Context, path: Path, on: date | None = None, me: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The briefs for everyone you meet on a day, from an iCalendar file.

    Attendees are known by email; those not in your network are listed by name, never added.
    """
    from goodwill.importers.calendar import meetings_on

    day = on or ctx.today()
    mine = tuple(a.lower() for a in me) or ctx.config.me
    meetings = meetings_on(path, day, mine)
    result: list[dict[str, Any]] = []
    with ctx.db.read() as uow:
        for meeting in meetings:
            known: list[int] = []
            unknown: list[dict[str, Any]] = []
            for email, name in meeting.attendees:
                person_id = uow.people.id_by_email(email)
                if person_id is None:
                    unknown.append({"email": email, "name": name})
                else:
                    known.append(person_id)
            result.append(
                {
                    "summary": meeting.summary,
                    "briefs": [
                        brief_of(ctx, uow, person, day)
                        for person in uow.people.get_many(list(dict.fromkeys(known)))
                    ],
                    "unknown": unknown,
                }
            )
    return {"date": day.isoformat(), "meetings": result}
