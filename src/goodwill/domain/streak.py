"""The streak: consecutive days on which the daily plan was done."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta


def streak(completed_days: Iterable[date], on: date) -> int:
    """Days in a row ending today, or yesterday while today's plan is still open.

    `completed_days` must come newest first; iteration stops at the first gap,
    so a reader only fetches as many days as the streak is long.
    """
    count = 0
    expected: date | None = None
    for day in completed_days:
        if day > on:
            continue
        if expected is None:
            if day < on - timedelta(days=1):
                return 0
            expected = day
        if day != expected:
            break
        count += 1
        expected = day - timedelta(days=1)
    return count
