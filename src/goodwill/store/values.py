"""What each stored value may be, as the app reads it back.

A restore checks every value of a backup here before it writes a row: a
column typed as text but read as a tier, a direction or a JSON list, a number
that date arithmetic or PostgreSQL's integers cannot hold, a date outside the
years goodwill reasons about. A value that passes cannot make `today`, `show`,
`balance` or `reindex` fail later.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from goodwill.domain.campaign import Stage
from goodwill.domain.dates import EARLIEST, LATEST, MAX_SPAN_DAYS, NO_YEAR
from goodwill.domain.model import Channel, Direction, Initiator, Tier, TriageStatus

#: PostgreSQL's INTEGER: the same backup must restore on both backends.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1

Check = Callable[[Any], str | None]


def _one_of(*choices: str) -> Check:
    allowed = frozenset(choices)

    def check(value: Any) -> str | None:
        if value in allowed:
            return None
        return f"{value!r:.40} is not one of {', '.join(sorted(allowed))}"

    return check


def _between(low: int | float, high: int | float) -> Check:
    def check(value: Any) -> str | None:
        if value is None or low <= value <= high:
            return None
        return f"{value!r:.40} is out of range ({low:g} to {high:g})"

    return check


def _json_of(kind: type[list[Any]] | type[dict[str, Any]]) -> Check:
    def check(value: Any) -> str | None:
        try:
            parsed: Any = json.loads(value)
        except (TypeError, ValueError, RecursionError):
            return "not JSON text"
        if not isinstance(parsed, kind):
            return f"not a JSON {'list' if kind is list else 'object'}"
        if kind is list and not all(isinstance(item, str) for item in parsed):
            return "not a JSON list of strings"
        return None

    return check


def _positive_float_text(value: Any) -> str | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return f"{value!r:.40} is not a number"
    return None if math.isfinite(number) and number > 0 else f"{value!r:.40} is not positive"


def _iso_date_text(value: Any) -> str | None:
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        return f"{value!r:.40} is not a date"
    return range_of(day)


#: (table, column) -> what the app accepts there, beyond the column's type.
COLUMN_CHECKS: dict[tuple[str, str], Check] = {
    ("people", "tier"): _one_of(*Tier),
    ("people", "cadence_days"): _between(1, MAX_SPAN_DAYS),
    ("interactions", "direction"): _one_of(*Direction),
    ("interactions", "channel"): _one_of(*Channel),
    ("interactions", "initiated_by"): _one_of(*Initiator),
    ("interactions", "weight"): _between(-1e6, 1e6),
    ("plan_picks", "status"): _one_of("open", "done", "skipped", "snoozed"),
    ("plan_picks", "reasons"): _json_of(list),
    ("plan_picks", "position"): _between(0, 1000),
    ("plan_days", "planned"): _between(0, 1000),
    ("triage", "status"): _one_of(*TriageStatus),
    ("campaigns", "goal"): _between(1, 1000),
    ("campaigns", "no_reply_days"): _between(1, 365),
    ("campaign_people", "status"): _one_of(*Stage),
    ("campaign_people", "previous_status"): _one_of(*Stage),
    ("edges", "strength"): _between(0, 1e6),
    ("person_sources", "snapshot"): _json_of(dict),
}

#: settings key -> what its value must be; other keys are kept as they are.
SETTING_CHECKS: dict[str, Check] = {
    "half_life_days": _positive_float_text,
    "digest_last_sent_on": _iso_date_text,
}


def range_of(value: Any) -> str | None:
    """Dates, numbers: within what date arithmetic and both backends can hold."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if EARLIEST <= value <= LATEST:
            return None
        return f"{value.isoformat()} is out of range ({EARLIEST.year} to {LATEST.year})"
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and not INT_MIN <= value <= INT_MAX:
        return f"{value!r:.40} is out of range"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} is not a finite number"
    return None


def problem(table: str, column: str, value: Any) -> str | None:
    """What is wrong with `value` in `table.column` (None when nothing is)."""
    if value is None:
        return None
    if (table, column) == ("people", "birthday") and getattr(value, "year", None) == NO_YEAR:
        return None  # a birthday without its year (`domain.dates.NO_YEAR`)
    found = range_of(value)
    if found is None:
        check = COLUMN_CHECKS.get((table, column))
        found = check(value) if check is not None else None
    return found
