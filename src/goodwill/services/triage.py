"""Invitations from people outside the network: triaged, never added on their own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from goodwill.domain import limits
from goodwill.domain.errors import BadInput, NotFound
from goodwill.domain.model import TriageStatus
from goodwill.domain.plan import FOLLOW_UP_AFTER_DAYS
from goodwill.importers.records import ContactRecord
from goodwill.services.context import Context
from goodwill.services.occasions import note_welcome
from goodwill.services.record_writer import Importer
from goodwill.services.views import Shape, iso

#: Words that make an invitation look like a sales pitch rather than a connection.
PITCH_WORDS = (
    "offer",
    "services",
    "demo",
    "partnership",
    "grow your",
    "leads",
    "lead-gen",
    "lead gen",
    "pipeline",
    "platform",
    "quick call",
    "solution",
    "agency",
    "discount",
)


@dataclass(frozen=True, slots=True)
class Invitation(Shape):
    """An invitation to connect (`goodwill triage`)."""

    id: int
    name: str
    #: The day of the invitation, ISO.
    on: str | None
    message: str
    link: str | None
    status: str
    looks_like_pitch: bool


@dataclass(frozen=True, slots=True)
class Decided(Shape):
    """An invitation accepted or ignored (`goodwill triage accept|ignore`)."""

    id: int
    status: str
    name: str
    #: Whom an accepted invitation added or matched.
    person_id: int | None
    #: The day a follow-up enters the plan, ISO, when the invitation says you met.
    follow_up_on: str | None


#: An invitation that says you met ("great meeting you at PyCon") wants a follow-up.
_MEETING = re.compile(
    r"\b(met|meet|meeting|meetup|coffee|conference|event|summit|workshop|panel|talk|"
    r"webinar|booth|dinner|lunch)\b",
    re.IGNORECASE,
)


def mentions_meeting(message: str) -> bool:
    return _MEETING.search(message) is not None


def _looks_like_pitch(message: str) -> bool:
    lowered = message.lower()
    return any(word in lowered for word in PITCH_WORDS)


def list_invitations(ctx: Context, *, include_done: bool = False) -> tuple[Invitation, ...]:
    with ctx.db.read() as uow:
        rows = uow.triage.pending(include_done=include_done)
    return tuple(
        Invitation(
            id=row.id,
            name=row.name,
            on=iso(row.invited_on),
            message=row.message,
            link=row.link,
            status=row.status,
            looks_like_pitch=_looks_like_pitch(row.message),
        )
        for row in rows
    )


def decide(ctx: Context, invitation_id: int, accept: bool, *, on: date | None = None) -> Decided:
    """Accept an invitation (the person joins as an acquaintance) or ignore it.

    An accepted invitation whose message mentions meeting you puts a follow-up in the
    plan from the next day, as meeting someone at an event does.
    """
    if not limits.names_a_row(invitation_id):
        raise NotFound(f"no invitation #{invitation_id} (goodwill triage lists them)")
    day = ctx.happened(on, "decide on an invitation once it is decided")
    with ctx.db.write() as uow:
        repository = uow.triage
        row = repository.get(invitation_id)
        if row is None:
            raise NotFound(f"no invitation #{invitation_id} (goodwill triage lists them)")
        if row.status != TriageStatus.PENDING:
            raise BadInput(f"invitation #{invitation_id} is already {row.status}")
        person_id = None
        if accept:
            # Matched like any import: someone already known is not added twice.
            record = ContactRecord(
                source=row.source,
                where=f"triage:{row.id}",
                name=row.name,
                uid=row.link,
                links=(row.link,) if row.link else (),
                met_on=row.invited_on,
                met_how=f"invited to connect on {row.source}",
                notes=row.message,
            )
            person_id = Importer(ctx, uow).contact(record)
            if person_id is not None:
                note_welcome(uow, person_id, day)
        follow_up = None
        if person_id is not None and mentions_meeting(row.message):
            follow_up = day + timedelta(days=FOLLOW_UP_AFTER_DAYS)
            uow.people.set_follow_up(person_id, follow_up)
        status = TriageStatus.ACCEPTED if accept else TriageStatus.IGNORED
        repository.set_status(invitation_id, status, person_id)
        return Decided(invitation_id, str(status), row.name, person_id, iso(follow_up))
