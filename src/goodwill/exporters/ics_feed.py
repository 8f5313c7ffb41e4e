"""An iCalendar feed of upcoming outreaches and follow-ups, for a calendar app to subscribe to.

Each event is an all-day VEVENT with a 9:00 reminder: "Reach out to NAME",
and why (overdue, due, a follow-up). Overdue people sit on the feed's day, so
the calendar shows them as today's work rather than as missed days in the past.

The feed is a pure function of the people and the date: DTSTAMP is the date,
not the clock, and the UID is `goodwill-<person id>-<date>@goodwill` where
the date is the earliest due date the event stands for. A calendar that
refreshes the feed therefore updates an overdue person's event in place (its
UID stays put while its day moves forward) instead of piling up copies, and
tests can compare two feeds byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from goodwill.domain.cadence import cadence_days
from goodwill.domain.dates import days as count_days
from goodwill.domain.model import Person, Tier

DEFAULT_DAYS = 30
PRODID = "-//goodwill//goodwill export ics//EN"
CALENDAR_NAME = "goodwill: whom to reach"
#: Subscribed calendars re-read the feed this often (RFC 7986 REFRESH-INTERVAL).
REFRESH = timedelta(hours=12)
#: The reminder fires at 9:00 on the event's day (an all-day event starts at midnight).
REMINDER = timedelta(hours=9)


@dataclass(frozen=True, slots=True)
class FeedEvent:
    person_id: int
    name: str
    day: date
    #: The earliest due date the event stands for: the date in its UID.
    key_day: date
    reasons: tuple[str, ...]
    details: tuple[str, ...] = ()

    @property
    def uid(self) -> str:
        return f"goodwill-{self.person_id}-{self.key_day.isoformat()}@goodwill"


def _shown_on(due: date, person: Person, on: date) -> date:
    """Overdue work shows today; a snoozed person shows when the snooze ends."""
    day = max(due, on)
    if person.snoozed_until is not None and person.snoozed_until > on:
        day = max(day, person.snoozed_until)
    return day


def _outreach_reason(person: Person, on: date) -> str | None:
    due = person.next_due
    cadence = cadence_days(person.tier, person.fields.cadence_days)
    if due is None or cadence is None:
        return None
    every = f"every {count_days(cadence)}"
    if due < on:
        return f"overdue by {count_days((on - due).days)} ({every})"
    if due == on:
        return f"due today ({every})"
    return f"due on {due.isoformat()} ({every})"


def _details(person: Person) -> tuple[str, ...]:
    lines = []
    role = " at ".join(part for part in (person.fields.title, person.fields.company) if part)
    if role:
        lines.append(role)
    lines.append(f"tier: {person.tier.value}")
    last = person.state.last_contact
    lines.append("no contact on record yet" if last is None else f"last contact: {last}")
    return tuple(lines)


def upcoming(
    due: Iterable[Person], follow_ups: Iterable[Person], on: date, days: int = DEFAULT_DAYS
) -> list[FeedEvent]:
    """The events of the next `days` days: one per person and day, soonest first.

    `due` are people whose next due date falls within the window (overdue ones
    included), `follow_ups` people with a follow-up on or before its end.
    Archived people never appear; snoozed ones wait for their snooze to end.
    """
    horizon = on + timedelta(days=days)
    items: dict[tuple[int, date], list[tuple[date, str, Person]]] = {}

    def add(person: Person, due_on: date, reason: str) -> None:
        if person.tier is Tier.ARCHIVED:
            return
        day = _shown_on(due_on, person, on)
        if day <= horizon:
            items.setdefault((person.id, day), []).append((due_on, reason, person))

    for person in due:
        reason = _outreach_reason(person, on)
        if reason is not None and person.next_due is not None:
            add(person, person.next_due, reason)
    for person in follow_ups:
        follow_up = person.follow_up_on
        if follow_up is not None:
            when = "" if follow_up >= on else f" (since {follow_up.isoformat()})"
            add(person, follow_up, f"a follow-up is due{when}")
    events = []
    for (person_id, day), found in sorted(items.items()):
        person = found[0][2]
        events.append(
            FeedEvent(
                person_id=person_id,
                name=person.name,
                day=day,
                key_day=min(due_on for due_on, _reason, _person in found),
                reasons=tuple(dict.fromkeys(reason for _due, reason, _person in found)),
                details=_details(person),
            )
        )
    return events


def to_ics(events: Iterable[FeedEvent], on: date) -> str:
    """The VCALENDAR text (CRLF line ends, as RFC 5545 wants)."""
    from icalendar import Alarm, Calendar, Event, vDuration

    stamp = datetime(on.year, on.month, on.day, tzinfo=UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    for item in events:
        summary = f"Reach out to {item.name}"
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", summary)
        event.add("description", "\n".join((*item.reasons, *item.details)))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["goodwill"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", REMINDER, parameters={"RELATED": "START"})
        event.add_component(alarm)
        calendar.add_component(event)
    payload: bytes = calendar.to_ical()
    return payload.decode("utf-8")
