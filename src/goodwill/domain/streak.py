"""The streak: consecutive days on which the daily plan was done."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta


def streak(plan_days: Iterable[tuple[date, bool]], on: date) -> int:
    """Days in a row whose plan was done, ending today, or yesterday while today's plan is
    still open.

    `plan_days` are (day, done) pairs, newest first: the days whose plan was done, and the
    days whose plan was kept with nobody in it (done False). A day with nothing to do neither counts
    nor breaks the run; any other day missing from them does. Iteration stops at the first
    gap, so a reader only fetches as many days as the streak is long.
    """
    count = 0
    expected = on  # the day that must come next for the run to go on
    for day, done in plan_days:
        if day > on:
            continue
        today_open = expected == on and day == on - timedelta(days=1)
        if day != expected and not today_open:
            break  # a day missing: neither done nor with nothing to do
        if done:
            count += 1
        expected = day - timedelta(days=1)
    return count
