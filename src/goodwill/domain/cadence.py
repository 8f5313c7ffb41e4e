"""Cadence: how often each person should hear from me, and when they fall due."""

from __future__ import annotations

import zlib
from datetime import date, timedelta

from goodwill.domain.model import TWO_WAY_CHANNELS, Channel, Entry, Initiator, Tier

TIER_CADENCE_DAYS: dict[Tier, int | None] = {
    Tier.INNER: 30,
    Tier.ACTIVE: 182,
    Tier.ACQUAINTANCE: 365,
    Tier.ARCHIVED: None,
}

#: Tiers whose people the user means to keep warm; health's coverage is over these.
KEPT_WARM = (Tier.INNER, Tier.ACTIVE)


def cadence_days(tier: Tier, override: int | None) -> int | None:
    """The person's cadence: their override, else the tier's; archived never falls due."""
    if tier is Tier.ARCHIVED:
        return None
    return override if override is not None else TIER_CADENCE_DAYS[tier]


def resets_clock(entry: Entry) -> bool:
    """Only what they hear from me, or a two-way meeting, counts as keeping in touch."""
    if entry.by_them and entry.channel not in TWO_WAY_CHANNELS:
        return False
    return entry.initiated_by is Initiator.ME or Channel(entry.channel) in TWO_WAY_CHANNELS


#: Someone just added is not due before this many days (nor overdue the day after): no
#: touch was expected of you yet. A shorter cadence caps it.
FIRST_DUE_AFTER_DAYS = 7


def spread_offset(person_id: int, cadence: int) -> int:
    """A stable offset from the grace (`FIRST_DUE_AFTER_DAYS`, at most the cadence) to
    within the cadence, so that people added together fall due apart and none on their
    first days."""
    grace = min(FIRST_DUE_AFTER_DAYS, cadence)
    return grace + zlib.crc32(person_id.to_bytes(8, "little")) % max(cadence - grace, 1)


def next_due(
    *,
    person_id: int,
    tier: Tier,
    cadence_override: int | None,
    created_on: date,
    last_touch: date | None,
) -> date | None:
    """When the person should next hear from me.

    Someone never contacted falls due somewhere within one cadence of being
    added, spread by their id, instead of everyone added on one day falling
    due on the same day; never in their first week (`FIRST_DUE_AFTER_DAYS`),
    when no touch was expected of you yet.
    """
    cadence = cadence_days(tier, cadence_override)
    if cadence is None:
        return None
    if last_touch is None:
        return created_on + timedelta(days=spread_offset(person_id, cadence))
    return last_touch + timedelta(days=cadence)


def days_overdue(due: date | None, on: date) -> int:
    return 0 if due is None else max((on - due).days, 0)
