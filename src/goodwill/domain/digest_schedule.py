"""When the daily digest is due: once a local day, from the user's chosen hour.

The rule looks only at the current moment and the last day a digest went out, never at
the days in between, so a server that was down for a week sends one digest when it comes
back (for today), not seven. Hours are read on the local wall clock through `zoneinfo`:
on the day clocks spring forward past the chosen hour, the digest goes out at the first
local time after it; on the day they fall back, the repeated hour cannot send twice,
because the local date has already been recorded.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from goodwill.domain.errors import BadInput

DEFAULT_HOUR = 7


def zone_info(name: str) -> ZoneInfo:
    """The IANA time zone `name`, or a one-line error."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadInput(
            f"unknown time zone '{name}': use an IANA name such as Europe/Paris"
        ) from None


def due_to_send(now_utc: datetime, hour: int, zone: str, last_sent_on: date | None) -> date | None:
    """The local date whose digest is due now, or None.

    Due when the local time in `zone` has reached `hour` and no digest has gone out for
    that local date yet. `now_utc` must be timezone-aware.
    """
    if now_utc.tzinfo is None:
        raise ValueError("now_utc must be timezone-aware")
    local = now_utc.astimezone(zone_info(zone))
    today = local.date()
    if local.hour < hour:
        return None
    if last_sent_on is not None and last_sent_on >= today:
        return None
    return today
