"""Calendars: past meetings with others become touches; declined, cancelled and future do not."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from goodwill.domain.model import Channel, Direction, Initiator
from goodwill.importers.calendar import MAX_OCCURRENCES, read_ics
from goodwill.importers.records import (
    ReadOptions,
    Record,
    RecordError,
    SkippedRecord,
    TouchRecord,
)

GOOGLE = Path(__file__).resolve().parent.parent / "fixtures" / "calendar" / "google-calendar.ics"
ME = "alex.morgan@example.com"
TODAY = date(2026, 11, 24)
OPTIONS = ReadOptions(me=(ME,), today=TODAY)


def read(path: Path, options: ReadOptions = OPTIONS) -> list[Record]:
    return list(read_ics(path, options))


def meetings(records: list[Record]) -> list[tuple[str, date, Initiator]]:
    return [
        (r.person.emails[0], r.on, r.initiated_by) for r in records if isinstance(r, TouchRecord)
    ]


def skipped(records: list[Record]) -> list[str]:
    return [r.reason for r in records if isinstance(r, SkippedRecord)]


def errors(records: list[Record]) -> list[RecordError]:
    return [r for r in records if isinstance(r, RecordError)]


def calendar(*events: str, extra: str = "") -> str:
    body = "".join(f"BEGIN:VEVENT\n{event.strip()}\nEND:VEVENT\n" for event in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{extra}{body}END:VCALENDAR\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "test.ics"
    path.write_text(text)
    return path


def test_the_google_sample_gives_exactly_the_expected_meetings() -> None:
    records = read(GOOGLE)
    assert meetings(records) == [
        ("maya.goldberg@example.com", date(2026, 1, 15), Initiator.ME),
        # A series is read newest first, so that a capped one loses its oldest meetings.
        ("raj.malhotra@contoso.example", date(2026, 5, 1), Initiator.ME),
        ("raj.malhotra@contoso.example", date(2026, 4, 1), Initiator.ME),
        ("raj.malhotra@contoso.example", date(2026, 3, 1), Initiator.ME),
    ]
    assert errors(records) == []
    maya = records[0]
    assert isinstance(maya, TouchRecord)
    assert maya.source == "calendar"
    assert maya.source_id == "coffee-maya-1@google.com:2026-01-15:maya.goldberg@example.com"
    assert maya.person.name == "Maya Goldberg"
    assert maya.channel is Channel.MEETING
    assert maya.direction is Direction.TOUCH
    assert maya.kind == "catch-up"
    assert maya.note == "Coffee with Maya"
    assert maya.where == f"{GOOGLE}:21"


def test_nothing_for_the_declined_the_future_or_the_lonely_events() -> None:
    records = read(GOOGLE)
    assert skipped(records) == [
        "every other attendee declined",
        "not over yet",
        "no other attendees",
    ]
    people = {r.person.emails[0] for r in records if isinstance(r, TouchRecord)}
    assert "aiko.tanaka@example.jp" not in people


def test_rereading_yields_identical_source_ids() -> None:
    first = [r.source_id for r in read(GOOGLE) if isinstance(r, TouchRecord)]
    assert first == [r.source_id for r in read(GOOGLE) if isinstance(r, TouchRecord)]
    assert first[1:] == [
        f"mentoring-raj@google.com:2026-0{month}-01:raj.malhotra@contoso.example"
        for month in (5, 4, 3)
    ]


def test_recurrences_stop_at_today_and_progress_covers_the_file() -> None:
    consumed: list[int] = []
    options = ReadOptions(me=(ME,), today=date(2026, 4, 15), advance=consumed.append)
    assert sorted(m[1] for m in meetings(read(GOOGLE, options))) == [
        date(2026, 1, 15),
        date(2026, 3, 1),
        date(2026, 4, 1),
    ]
    assert sum(consumed) == GOOGLE.stat().st_size


def test_without_me_there_is_one_error_asking_for_it() -> None:
    [problem] = read(GOOGLE, ReadOptions(today=TODAY))
    assert isinstance(problem, RecordError)
    assert "--me" in problem.message


def test_an_unreadable_file_is_one_error_without_a_line(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.ics", write(tmp_path, "BEGIN:VCALENDAR\nBEGIN:VEVENT\n")):
        [problem] = read(path)
        assert isinstance(problem, RecordError)
        assert (problem.file, problem.line) == (str(path), None)


def test_google_x_wr_timezone_moves_utc_times_into_the_calendar_zone(tmp_path: Path) -> None:
    event = """
UID:late
DTSTART:20260201T233000Z
DTEND:20260202T000000Z
ATTENDEE;CN=Maya:mailto:maya.goldberg@example.com
"""
    path = write(tmp_path, calendar(event, extra="X-WR-TIMEZONE:Europe/Berlin\n"))
    assert meetings(read(path)) == [("maya.goldberg@example.com", date(2026, 2, 2), Initiator.THEM)]


def test_the_organizer_is_met_and_rooms_and_i_are_not(tmp_path: Path) -> None:
    event = """
UID:their-meeting
DTSTART;VALUE=DATE:20260310
SUMMARY:Offsite
ORGANIZER;CN=Wei Zhang:MAILTO:Wei.Zhang@example.com
ATTENDEE;CN=Alex;PARTSTAT=ACCEPTED:mailto:ALEX.MORGAN@example.com
ATTENDEE;CN=Room 4;CUTYPE=ROOM:mailto:room4@example.com
ATTENDEE;CN=Big room:mailto:c_123@resource.calendar.google.com
ATTENDEE;CN=Aiko Tanaka;PARTSTAT=TENTATIVE:mailto:aiko.tanaka@example.jp
"""
    records = read(write(tmp_path, calendar(event)))
    assert meetings(records) == [
        ("aiko.tanaka@example.jp", date(2026, 3, 10), Initiator.THEM),
        ("wei.zhang@example.com", date(2026, 3, 10), Initiator.THEM),
    ]
    names = [r.person.name for r in records if isinstance(r, TouchRecord)]
    assert names == ["Aiko Tanaka", "Wei Zhang"]


def test_events_i_declined_or_that_were_cancelled_are_skipped(tmp_path: Path) -> None:
    declined = """
UID:declined
DTSTART:20260310T100000Z
ATTENDEE;PARTSTAT=DECLINED:mailto:alex.morgan@example.com
ATTENDEE:mailto:maya.goldberg@example.com
"""
    cancelled = """
UID:cancelled
DTSTART:20260311T100000Z
STATUS:CANCELLED
ATTENDEE:mailto:maya.goldberg@example.com
"""
    records = read(write(tmp_path, calendar(declined, cancelled)))
    assert skipped(records) == ["I declined", "cancelled"]
    wheres = [r.where for r in records if isinstance(r, SkippedRecord)]
    assert wheres == [f"{tmp_path / 'test.ics'}:{n}" for n in (4, 10)]
    assert len(records) == 2


def test_moved_and_excluded_occurrences_keep_their_series_ids(tmp_path: Path) -> None:
    series = """
UID:weekly
DTSTART:20260302T090000Z
DTEND:20260302T093000Z
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE:20260316T090000Z
ORGANIZER:mailto:alex.morgan@example.com
ATTENDEE;CN=Raj:mailto:raj.malhotra@contoso.example
"""
    moved = """
UID:weekly
RECURRENCE-ID:20260309T090000Z
DTSTART:20260310T090000Z
DTEND:20260310T093000Z
ORGANIZER:mailto:alex.morgan@example.com
ATTENDEE;CN=Raj:mailto:raj.malhotra@contoso.example
"""
    records = read(write(tmp_path, calendar(series, moved)))
    found = [r for r in records if isinstance(r, TouchRecord)]
    assert sorted((r.on, r.source_id.split(":")[1]) for r in found) == [
        (date(2026, 3, 2), "2026-03-02"),
        (date(2026, 3, 10), "2026-03-09"),  # moved a day: still the 9 March occurrence
        (date(2026, 3, 23), "2026-03-23"),
    ]


def test_instances_without_their_series_are_read_one_by_one(tmp_path: Path) -> None:
    def instance(day: int) -> str:
        return f"""
UID:series-i-was-partly-invited-to
RECURRENCE-ID:202602{day:02d}T100000Z
DTSTART:202602{day:02d}T100000Z
ORGANIZER;CN=Wei Zhang:mailto:wei.zhang@example.com
ATTENDEE;PARTSTAT=ACCEPTED:mailto:alex.morgan@example.com
"""

    path = write(tmp_path, calendar(instance(2), instance(9), instance(9)))
    records = read(path)
    assert meetings(records) == [
        ("wei.zhang@example.com", date(2026, 2, 2), Initiator.THEM),
        ("wei.zhang@example.com", date(2026, 2, 9), Initiator.THEM),  # exported twice: once
    ]
    assert [r.where for r in records if isinstance(r, TouchRecord)] == [
        f"{path}:4",
        f"{path}:11",
    ]


def test_a_long_recurrence_is_capped_keeping_the_newest(tmp_path: Path) -> None:
    twice_daily = """
UID:twice-daily
DTSTART:20220101T090000Z
DTEND:20220101T091500Z
RRULE:FREQ=DAILY;BYHOUR=9,17
ATTENDEE:mailto:maya.goldberg@example.com
"""
    records = read(write(tmp_path, calendar(twice_daily)))
    days = [m[1] for m in meetings(records)]
    # 2,000 occurrences, two a day: one touch per person per day (the source id's grain).
    assert len(days) == len(set(days)) == MAX_OCCURRENCES // 2
    assert max(days) == date(2026, 11, 23)
    assert min(days) > date(2022, 1, 1)
    assert skipped(records) == [
        f"a recurring event with more than {MAX_OCCURRENCES} occurrences: older ones are left out"
    ]


def test_runaway_recurrences_are_refused_before_any_work(tmp_path: Path) -> None:
    minutely = """
UID:minutely
DTSTART:20100101T000000Z
RRULE:FREQ=MINUTELY
ATTENDEE:mailto:maya.goldberg@example.com
"""
    since_year_one = """
UID:ancient
DTSTART:00010101T090000Z
RRULE:FREQ=DAILY
ATTENDEE:mailto:maya.goldberg@example.com
"""
    started = time.perf_counter()
    records = read(write(tmp_path, calendar(minutely, since_year_one)))
    assert time.perf_counter() - started < 5
    assert skipped(records) == [
        "recurs hourly or more often: not a meeting",
        "recurs too often for too long to expand safely",
    ]


def test_a_daily_series_since_1970_is_quick(tmp_path: Path) -> None:
    standup = """
UID:standup
DTSTART:19700101T090000Z
DTEND:19700101T091500Z
RRULE:FREQ=DAILY
ATTENDEE:mailto:maya.goldberg@example.com
"""
    started = time.perf_counter()
    records = read(write(tmp_path, calendar(standup)))
    assert time.perf_counter() - started < 5
    days = [m[1] for m in meetings(records)]
    assert days[0] == date(2026, 11, 23)
    assert len(days) == len(set(days)) > 365 * 5 - 1


def test_a_broken_event_is_an_error_on_its_line_and_the_rest_goes_on(tmp_path: Path) -> None:
    broken = """
UID:broken
DTSTART:2026-garbage
ATTENDEE:mailto:maya.goldberg@example.com
"""
    fine = """
UID:fine
DTSTART;VALUE=DATE:20260105
ATTENDEE:mailto:raj.malhotra@contoso.example
"""
    path = write(tmp_path, calendar(broken, fine))
    records = read(path)
    [problem] = errors(records)
    assert (problem.file, problem.line) == (str(path), 4)
    assert "broken" in problem.message
    assert meetings(records) == [("raj.malhotra@contoso.example", date(2026, 1, 5), Initiator.THEM)]
