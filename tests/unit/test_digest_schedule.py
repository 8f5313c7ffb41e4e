"""When the digest is due: once per local day from the chosen hour, once after downtime,
whatever the time zone and its daylight-saving changes (property-tested)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goodwill.domain.digest_schedule import due_to_send
from goodwill.domain.errors import BadInput

#: Zones with the awkward cases: half-hour and 45-minute offsets, a half-hour DST shift,
#: southern-hemisphere DST, far east and west of UTC, and a day skipped (Apia, 2011).
ZONES = [
    "UTC",
    "Europe/Paris",
    "America/New_York",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Apia",
    "Pacific/Kiritimati",
    "America/Adak",
]

moments = st.datetimes(
    min_value=datetime(2010, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
)
zones = st.sampled_from(ZONES)
hours = st.integers(min_value=0, max_value=23)
last_days = st.none() | st.dates(min_value=date(2009, 12, 1), max_value=date(2040, 2, 1))


@given(moments, hours, zones, last_days)
def test_only_todays_digest_is_ever_due(
    now: datetime, hour: int, zone: str, last: date | None
) -> None:
    local = now.astimezone(ZoneInfo(zone))
    due = due_to_send(now, hour, zone, last)
    if due is not None:
        assert due == local.date()
        assert local.hour >= hour
        assert last is None or last < due


@given(moments, hours, zones, last_days)
def test_once_sent_it_is_not_due_again_that_day(
    now: datetime, hour: int, zone: str, last: date | None
) -> None:
    due = due_to_send(now, hour, zone, last)
    if due is not None:
        later_that_day = now + timedelta(minutes=1)
        assert due_to_send(now, hour, zone, due) is None
        if later_that_day.astimezone(ZoneInfo(zone)).date() == due:
            assert due_to_send(later_that_day, hour, zone, due) is None


@given(moments, hours, zones, st.integers(min_value=1, max_value=60))
def test_after_downtime_one_digest_not_one_per_missed_day(
    now: datetime, hour: int, zone: str, days_down: int
) -> None:
    local_today = now.astimezone(ZoneInfo(zone)).date()
    last = local_today - timedelta(days=days_down)
    due = due_to_send(now, hour, zone, last)
    assert due in (None, local_today)
    if due is not None:
        assert due_to_send(now, hour, zone, due) is None


@given(
    st.datetimes(min_value=datetime(2010, 1, 1), max_value=datetime(2039, 1, 1)),
    hours,
    zones,
    st.lists(st.integers(min_value=1, max_value=6 * 60), min_size=1, max_size=80),
)
def test_a_server_ticking_sends_exactly_once_per_day_it_is_up_after_the_hour(
    start: datetime, hour: int, zone: str, gaps: list[int]
) -> None:
    """Ticks at irregular gaps (downtime included): every local day that had a tick at or
    after the hour gets exactly one digest, and no other day gets one.

    (Where clocks fall back across midnight, as St John's did until 2011, a day can come
    round again once the next one has begun; it gets no second chance.)"""
    info = ZoneInfo(zone)
    now = start.replace(tzinfo=UTC)
    last: date | None = None
    sent: list[date] = []
    eligible: set[date] = set()
    newest: date | None = None
    for gap in gaps:
        now += timedelta(minutes=gap)
        local = now.astimezone(info)
        if newest is None or local.date() >= newest:
            newest = local.date()
            if local.hour >= hour:
                eligible.add(newest)
        due = due_to_send(now, hour, zone, last)
        if due is not None:
            sent.append(due)
            last = due
    assert sent == sorted(set(sent))
    assert set(sent) == eligible


def ticks(day: date, zone: str, every: timedelta) -> list[datetime]:
    """A tick every `every` through the local day `day`, in UTC."""
    info = ZoneInfo(zone)
    start = datetime(day.year, day.month, day.day, tzinfo=info).astimezone(UTC)
    found = []
    now = start
    while now.astimezone(info).date() <= day:
        found.append(now)
        now += every
    return found


def sends(day: date, hour: int, zone: str) -> list[datetime]:
    last = day - timedelta(days=1)
    moments = []
    for now in ticks(day, zone, timedelta(minutes=1)):
        due = due_to_send(now, hour, zone, last)
        if due is not None:
            moments.append(now)
            last = due
    return moments


def test_when_clocks_spring_forward_past_the_hour_it_goes_at_the_first_minute_after() -> None:
    # Paris skipped from 02:00 to 03:00 on 2026-03-29.
    [moment] = sends(date(2026, 3, 29), 2, "Europe/Paris")
    assert moment.astimezone(ZoneInfo("Europe/Paris")).strftime("%H:%M") == "03:00"


def test_when_clocks_fall_back_the_repeated_hour_sends_once() -> None:
    # Paris lived 02:00-03:00 twice on 2026-10-25.
    [moment] = sends(date(2026, 10, 25), 2, "Europe/Paris")
    assert moment == datetime(2026, 10, 25, 0, 0, tzinfo=UTC)  # the first 02:00 (UTC+2)


def test_the_hour_is_read_on_the_local_wall_clock() -> None:
    [moment] = sends(date(2026, 7, 1), 7, "America/New_York")
    assert moment == datetime(2026, 7, 1, 11, 0, tzinfo=UTC)
    [moment] = sends(date(2026, 12, 1), 7, "America/New_York")
    assert moment == datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def test_an_unknown_zone_or_a_naive_moment_is_refused() -> None:
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    with pytest.raises(BadInput, match=r"^unknown time zone 'Mars/Olympus'"):
        due_to_send(now, 7, "Mars/Olympus", None)
    with pytest.raises(ValueError, match="timezone-aware"):
        due_to_send(now.replace(tzinfo=None), 7, "UTC", None)
