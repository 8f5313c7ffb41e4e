"""Calendars (.ics) as meetings: every past event I attended with others is a touch with each.

A meeting is two-way, so it resets the clock whoever set it up; `initiated_by` still says
who did (me when I am the organizer). Recurring events are expanded with
`recurring-ical-events`, but only over a bounded window (the last few years, a capped
number of occurrences per event) so that a daily stand-up since 2009, or a hostile
`FREQ=SECONDLY` rule, cannot make an import run away. Google's `X-WR-TIMEZONE`
calendars are put right first with `x-wr-timezone`, or their times would be read as UTC.

icalendar parses a whole file at once: calendars are small next to mail archives, so the
events are then read one at a time and only the records stream.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]
import x_wr_timezone  # type: ignore[import-untyped]

from goodwill.domain.errors import BadInput
from goodwill.domain.model import Channel, Direction, Initiator
from goodwill.importers.records import (
    PersonKey,
    ReadOptions,
    Record,
    RecordError,
    SkippedRecord,
    TouchRecord,
)

SOURCE = "calendar"
NOTE_LENGTH = 80
NEED_ME = "importing a calendar needs your own address: pass --me you@example.com"
#: How far back recurrences are expanded, and how many occurrences one event may give.
MAX_YEARS_BACK = 5
MAX_OCCURRENCES = 2_000
#: Bounds on the work of expanding one series: occurrences a day, and days since its start
#: times those (about a second of `dateutil` at the limit).
MAX_PER_DAY = 24
MAX_EXPANSION = 400_000
_SUB_DAILY = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})

CANCELLED = "cancelled"
DECLINED = "I declined"
FUTURE = "not over yet"
ALONE = "no other attendees"
OTHERS_DECLINED = "every other attendee declined"
TOO_OFTEN = "recurs hourly or more often: not a meeting"
TOO_LONG = "recurs too often for too long to expand safely"
TOO_OLD = f"a recurring event with no occurrences in the last {MAX_YEARS_BACK} years"
CAPPED = f"a recurring event with more than {MAX_OCCURRENCES} occurrences: older ones are left out"

#: Attendees that are rooms, equipment or calendars rather than people.
_NOT_PEOPLE = frozenset({"ROOM", "RESOURCE"})
_NOT_PEOPLE_DOMAINS = ("resource.calendar.google.com", "group.calendar.google.com")
#: What a malformed event raises: icalendar's and recurring-ical-events' InvalidCalendar
#: (ValueErrors), an unknown time zone (a KeyError), dateutil mixing naive and aware times.
#: What one malformed event raises (a doubled ORGANIZER gives an AttributeError in
#: icalendar): reported with its line, and the rest of the calendar is read.
_EVENT_ERRORS = (ValueError, LookupError, TypeError, AttributeError)
#: An event with the line of its BEGIN:VEVENT (None if the file's lines could not be matched).
_Located = tuple[int | None, icalendar.Event]
_BEGIN_EVENT = re.compile(rb"^BEGIN:VEVENT\r?$", re.MULTILINE | re.IGNORECASE)


def read_ics(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Meeting touches from an iCalendar file (a Google, Apple or Outlook export)."""
    file = str(path)
    me = frozenset(a.strip().lower() for a in options.me if a.strip())
    if not me:
        yield RecordError(file, None, NEED_ME)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield RecordError(file, None, f"cannot read the file: {exc.strerror or exc}")
        return
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except _EVENT_ERRORS as exc:  # mismatched BEGIN/END: an AttributeError in icalendar
        yield RecordError(file, None, f"not a readable calendar: {exc}")
        options.advance(len(data))
        return
    options.advance(len(data))
    found = calendars if isinstance(calendars, list) else [calendars]
    found = [c for c in found if isinstance(c, icalendar.Calendar)]
    if not found:
        yield RecordError(file, None, "not a calendar, or truncated: no complete VCALENDAR")
        return
    today = options.today or date.today()
    lines = iter(_event_lines(data))
    seen: set[str] = set()
    for calendar in found:
        try:
            standard = x_wr_timezone.to_standard(calendar)
        except _EVENT_ERRORS as exc:
            yield RecordError(file, None, f"cannot apply the calendar's time zone: {exc}")
            for _ in calendar.walk("VEVENT"):
                next(lines, None)
            continue
        timezones = standard.walk("VTIMEZONE")
        for uid, events in _by_uid(standard, lines).items():
            line = events[0][0]
            try:
                for record in _series(uid, events, timezones, file, me, today):
                    if isinstance(record, TouchRecord):
                        if record.source_id in seen:  # The same event exported twice.
                            continue
                        seen.add(record.source_id)
                    yield record
            except _EVENT_ERRORS as exc:
                yield RecordError(file, line, f"event {uid}: {exc}")


def _event_lines(data: bytes) -> list[int]:
    """The line of each `BEGIN:VEVENT`, in file order (icalendar does not keep positions)."""
    result: list[int] = []
    line, pos = 1, 0
    for match in _BEGIN_EVENT.finditer(data):
        line += data.count(b"\n", pos, match.start())
        pos = match.start()
        result.append(line)
    return result


def _by_uid(calendar: icalendar.Calendar, lines: Iterator[int]) -> dict[str, list[_Located]]:
    """Events grouped by UID (a series and its moved occurrences), each with its line."""
    groups: dict[str, list[_Located]] = {}
    for event in calendar.walk("VEVENT"):
        line = next(lines, None)
        if isinstance(event, icalendar.Event):
            uid = str(event.get("UID", "")).strip() or _made_up_uid(event)
            groups.setdefault(uid, []).append((line, event))
    return groups


def _made_up_uid(event: icalendar.Event) -> str:
    """A stable stand-in for a missing UID, so that re-reading finds the same ids."""
    seed = f"{event.get('DTSTART', '')!s}\0{event.get('SUMMARY', '')!s}"
    return "h" + hashlib.sha256(seed.encode()).hexdigest()[:20]


def _series(
    uid: str,
    located: list[_Located],
    timezones: list[Any],
    file: str,
    me: frozenset[str],
    today: date,
) -> Iterator[Record]:
    """The records of one event, or of every past occurrence of a recurring one."""
    events = [event for _, event in located]
    if not any(e.get("RRULE") or e.get("RDATE") for e in events):
        # Single events, or occurrences of a series whose master is not in the file (Google
        # exports those when I was invited to only some of them).
        for line, event in located:
            where = f"{file}:{line}" if line else file
            yield from _occurrence(uid, event, where, me, today, alone=True)
        return
    where = f"{file}:{located[0][0]}" if located[0][0] else file
    first_day = min(_day(e.start) for e in events)
    if first_day >= today:
        yield SkippedRecord(where, FUTURE)
        return
    problem = _expansion_problem(events, today)
    if problem is not None:
        yield SkippedRecord(where, problem)
        return
    single = icalendar.Calendar()
    for component in (*timezones, *events):
        single.add_component(component)
    query = recurring_ical_events.of(single)
    # Year-long slices from today backwards, so that the cap drops the oldest meetings, not
    # the recent ones that matter. Each slice is asked with a day's margin and kept by start
    # day, so an occurrence is read once; memory holds one slice (24 a day by the check).
    count = 0
    floor = max(first_day, today - timedelta(days=366 * MAX_YEARS_BACK))
    stop = today
    while stop > floor:
        start = max(stop - timedelta(days=366), floor)
        found = [
            o
            for o in query.between(start - timedelta(days=1), stop + timedelta(days=1))
            if isinstance(o, icalendar.Event) and start <= _day(o.start) < stop
        ]
        for occurrence in sorted(found, key=lambda o: _sort_key(o.start), reverse=True):
            if count == MAX_OCCURRENCES:
                yield SkippedRecord(where, CAPPED)
                return
            count += 1
            yield from _occurrence(uid, occurrence, where, me, today, alone=False)
        stop = start
    if count == 0:
        yield SkippedRecord(where, TOO_OLD)


def _expansion_problem(events: list[icalendar.Event], today: date) -> str | None:
    """Why a series is not worth expanding, judged from its rules before any work is done.

    Expansion starts at DTSTART whatever the window, so its cost grows with the days since
    the series began times the occurrences a day: both are bounded here.
    """
    for event in events:
        for rule in event.rrules:
            freq = str((rule.get("FREQ") or [""])[0]).upper()
            per_day = 1
            for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):
                per_day *= max(1, len(rule.get(part) or []))
            if freq in _SUB_DAILY or per_day > MAX_PER_DAY:
                return TOO_OFTEN
            if (today - _day(event.start)).days * per_day > MAX_EXPANSION:
                return TOO_LONG
    return None


def _sort_key(value: date) -> tuple[date, float]:
    if isinstance(value, datetime):
        return value.date(), value.timestamp() if value.tzinfo else 0.0
    return value, 0.0


def _occurrence(
    uid: str, event: icalendar.Event, where: str, me: frozenset[str], today: date, *, alone: bool
) -> Iterator[Record]:
    """Touches for one meeting: one per other attendee, or the reason there are none."""
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        yield SkippedRecord(where, CANCELLED)
        return
    start = event.start
    if not _is_over(start, event.end, today):
        if alone or _day(start) >= today:
            yield SkippedRecord(where, FUTURE)
        return  # A recurrence in progress today: it counts once it is over.
    people: dict[str, str | None] = {}
    declined = 0
    for attendee in event.attendees:
        address = _address(attendee)
        if address is None:
            continue
        partstat = str(attendee.params.get("PARTSTAT", "")).upper()
        if address in me:
            if partstat == "DECLINED":
                yield SkippedRecord(where, DECLINED)
                return
        elif partstat == "DECLINED":
            declined += 1
        else:
            people.setdefault(address, _name(attendee))
    organizer = event.organizer
    organizer_address = _address(organizer) if organizer is not None else None
    if organizer is not None and organizer_address is not None and organizer_address not in me:
        people.setdefault(organizer_address, _name(organizer))  # They ran it: they were there.
    if not people:
        yield SkippedRecord(where, OTHERS_DECLINED if declined else ALONE)
        return
    initiated_by = Initiator.ME if organizer_address in me else Initiator.THEM
    recurrence = event.get("RECURRENCE-ID")
    occurrence_day = _day(recurrence.dt) if recurrence is not None else _day(start)
    note = _trim(str(event.get("SUMMARY", "")))
    for address, name in people.items():
        yield TouchRecord(
            source=SOURCE,
            source_id=f"{uid}:{occurrence_day.isoformat()}:{address}",
            where=where,
            on=_day(start),
            person=PersonKey(emails=(address,), name=name),
            initiated_by=initiated_by,
            channel=Channel.MEETING,
            direction=Direction.TOUCH,
            kind="catch-up",
            note=note,
        )


def _is_over(start: date, end: date, today: date) -> bool:
    """Whether the meeting ended before today (an all-day event's end date is exclusive)."""
    if isinstance(end, datetime):
        return end.date() < today
    if end <= start:  # An all-day event without DTEND lasts its one day.
        end = start + timedelta(days=1)
    return end <= today


def _day(value: date) -> date:
    """The calendar day in the event's own time zone."""
    return value.date() if isinstance(value, datetime) else value


def _address(attendee: icalendar.vCalAddress) -> str | None:
    """The attendee's email, or None for rooms, resources and calendars."""
    value = str(attendee).strip()
    if value[:7].lower() == "mailto:":
        value = value[7:]
    value = value.strip().lower()
    if "@" not in value or value.endswith(_NOT_PEOPLE_DOMAINS):
        return None
    if str(attendee.params.get("CUTYPE", "")).upper() in _NOT_PEOPLE:
        return None
    return value


def _name(attendee: icalendar.vCalAddress) -> str | None:
    name = " ".join(str(attendee.params.get("CN", "")).split())
    return name or None


def _trim(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= NOTE_LENGTH else text[: NOTE_LENGTH - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting on a given day and the other people invited (email, name)."""

    summary: str
    start: date
    attendees: tuple[tuple[str, str | None], ...]


def meetings_on(path: Path, day: date, me: tuple[str, ...]) -> list[Meeting]:
    """The meetings of `day` in an iCalendar file, recurring ones included, with whoever
    else is invited (rooms and resources left out, declines included: a brief is cheap)."""
    try:
        data = path.read_bytes()
        found = icalendar.Calendar.from_ical(data, multiple=True)
    except OSError as exc:
        raise BadInput(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise BadInput(f"{path}: not a readable calendar: {exc}") from None
    calendars = [c for c in found if isinstance(c, icalendar.Calendar)]
    if not calendars:
        raise BadInput(f"{path}: not a calendar, or truncated: no complete VCALENDAR")
    mine = frozenset(a.strip().lower() for a in me)
    meetings: list[Meeting] = []
    try:
        for calendar in calendars:
            standard = x_wr_timezone.to_standard(calendar)
            occurrences = recurring_ical_events.of(standard).between(day, day + timedelta(days=1))
            for event in sorted(occurrences, key=lambda e: _sort_key(e.start)):
                if str(event.get("STATUS", "")).upper() == "CANCELLED" or _day(event.start) != day:
                    continue
                people: dict[str, str | None] = {}
                for attendee in [*event.attendees, event.organizer]:
                    address = None if attendee is None else _address(attendee)
                    if address is not None and address not in mine:
                        people.setdefault(address, _name(attendee))
                if people:
                    summary = _trim(str(event.get("SUMMARY", "")))
                    meetings.append(Meeting(summary, _day(event.start), tuple(people.items())))
    except _EVENT_ERRORS as exc:
        raise BadInput(f"{path}: cannot read its events: {exc}") from None
    return meetings
