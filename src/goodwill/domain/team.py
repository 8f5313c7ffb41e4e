"""Team sharing: how strong a colleague's tie to someone is, from their derived state only.

A colleague who shares their ties shows who they know at a company and how well, never
why: no notes, no ledger, no balance. The strength comes from the tier (how close the
colleague says they are) and how recently they were in touch.
"""

from __future__ import annotations

import enum
from datetime import date

from goodwill.domain.model import Tier


class Strength(enum.StrEnum):
    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"


TIER_POINTS: dict[Tier, int] = {Tier.INNER: 2, Tier.ACTIVE: 1, Tier.ACQUAINTANCE: 0}
#: (days since the last touch, points), nearest first: within a quarter counts 2, within a
#: year 1, older or never 0.
RECENCY_POINTS: tuple[tuple[int, int], ...] = ((90, 2), (365, 1))
STRONG_FROM = 3
MEDIUM_FROM = 2


def recency_points(last_touch: date | None, on: date) -> int:
    if last_touch is None:
        return 0
    for days, points in RECENCY_POINTS:
        if (on - last_touch).days <= days:
            return points
    return 0


def tie_points(tier: Tier, last_touch: date | None, on: date) -> int:
    """Closeness plus recency; archived people are never shared, so they score nothing."""
    return TIER_POINTS.get(tier, 0) + recency_points(last_touch, on)


def strength(points: int) -> Strength:
    """An inner contact touched within the year, or an active one within a quarter, is
    strong; an inner one long silent, or an acquaintance seen lately, is medium."""
    if points >= STRONG_FROM:
        return Strength.STRONG
    if points >= MEDIUM_FROM:
        return Strength.MEDIUM
    return Strength.WEAK
