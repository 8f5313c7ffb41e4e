"""The stable JSON shapes of DESIGN.md, shared by the CLI and the web API."""

from __future__ import annotations

from datetime import date
from typing import Any

from goodwill.domain.cadence import cadence_days
from goodwill.domain.model import Entry, Person


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def person_ref(person: Person) -> dict[str, Any]:
    return {"id": person.id, "name": person.name}


def person_json(person: Person, balance: float) -> dict[str, Any]:
    fields = person.fields
    return {
        "id": person.id,
        "name": fields.name,
        "emails": list(fields.emails),
        "phones": list(fields.phones),
        "company": fields.company,
        "title": fields.title,
        "discipline": fields.discipline,
        "location": fields.location,
        "tier": fields.tier.value,
        "tags": list(fields.tags),
        "cadence_days": cadence_days(fields.tier, fields.cadence_days),
        "cadence_override": fields.cadence_days,
        "birthday": iso(fields.birthday),
        "met_on": iso(fields.met_on),
        "met_how": fields.met_how,
        "met_via_id": fields.met_via_id,
        "notes": fields.notes,
        "created_on": iso(person.created_on),
        "last_touch": iso(person.state.last_touch),
        "last_contact": iso(person.state.last_contact),
        "next_due": iso(person.next_due),
        "snoozed_until": iso(person.snoozed_until),
        "follow_up_on": iso(person.follow_up_on),
        "balance": round(balance, 2),
        "links": list(fields.links),
    }


def entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "on": entry.on.isoformat(),
        "direction": entry.direction.value,
        "kind": entry.kind,
        "channel": entry.channel.value,
        "initiated_by": entry.initiated_by.value,
        "by_them": entry.by_them,
        "weight": entry.weight,
        "note": entry.note,
        "source": entry.source,
    }
