"""Dates as users type them: ISO (`2026-03-01`) or relative (`3d`, `2w`, `6m`, `1y`)."""

from __future__ import annotations

import enum
import re
from datetime import date, timedelta

from goodwill.domain.errors import BadDate, BadInput

#: The most days a window of occasions may span (`occasions --days`): a year, leap day
#: included.
OCCASION_DAYS_MOST = 366

_SPAN = re.compile(r"^\s*([0-9]+)\s*([dwmy])\s*$", re.IGNORECASE)
#: A date written as ISO 8601 writes it: YYYY-MM-DD.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Dates goodwill accepts: wide enough for any life, narrow enough that date
#: arithmetic and the anchored balance never overflow.
EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)
#: The year of a birthday whose year is not known, as Apple and vCard 4 write one
#: (`1604-07-22`): a leap year, so that 29 February is a birthday too. Such a day is shown
#: as `--07-22`, and is the one date before `EARLIEST` goodwill keeps.
NO_YEAR = 1604
#: A birthday without its year as typed, or as Google Contacts and vCard 4 write it:
#: `--07-22`, `--0722`, `07-22`.
_MONTH_DAY = re.compile(r"^(?:--)?(\d{2})-?(\d{2})$")
#: The longest span (about a century) a duration may take.
MAX_SPAN_DAYS = 36_600
_DAYS_PER_UNIT = {"d": 1, "w": 7, "m": 30, "y": 365}
_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1}


class DateOrder(enum.StrEnum):
    """How to read a date like 03/02/26 when the file cannot tell: day or month first."""

    DMY = "dmy"
    MDY = "mdy"


def parse_span_days(text: str) -> int:
    """`90d` -> 90, `2w` -> 14, `6m` -> 180, `1y` -> 365; a bare number is days."""
    stripped = text.strip()
    if stripped.isascii() and stripped.isdecimal():
        days = int(stripped)
    else:
        match = _SPAN.match(stripped)
        if not match:
            raise BadInput(
                f"bad duration '{text}': use a number of days or forms like 90d, 2w, 6m, 1y"
            )
        days = int(match.group(1)) * _DAYS_PER_UNIT[match.group(2).lower()]
    if days > MAX_SPAN_DAYS:
        raise BadInput(f"duration '{text}' is too long: at most {MAX_SPAN_DAYS // 365} years")
    return days


def parse_date(text: str, today: date, *, future: bool = False) -> date:
    """An ISO date, `today`/`yesterday`, or a span counted back from today.

    Spans point to the past (`3d` is three days ago) unless `future` is set,
    as for `snooze NAME 2w`.
    """
    stripped = text.strip().lower()
    if stripped in _WORDS:
        return checked(today + timedelta(days=_WORDS[stripped]), text)
    try:
        return checked(date.fromisoformat(stripped), text)
    except ValueError:
        if _ISO_DAY.fullmatch(stripped):  # the shape is right: the day does not exist
            raise BadDate(text, "there is no such day") from None
    if _SPAN.match(stripped):
        days = parse_span_days(stripped)
        return checked(
            today + timedelta(days=days) if future else today - timedelta(days=days), text
        )
    raise BadDate(text, "use YYYY-MM-DD or a span like 3d, 2w, 6m")


def checked(day: date, text: str) -> date:
    """Refuse dates outside the years goodwill can reason about."""
    if not EARLIEST <= day <= LATEST:
        between = f"use a date between {EARLIEST.year} and {LATEST.year}"
        raise BadDate(text, f"out of range, {between}", f"date '{text}' is out of range: {between}")
    return day


def days(count: int) -> str:
    """ "1 day", "3 days": a count of days in words."""
    return counted(count, "day")


def counted(count: int, noun: str) -> str:
    """ "1 deposit", "3 deposits": a count and its noun (a regular plural)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def yearless(month: int, day: int) -> date:
    """A birthday of which only the month and day are known (`NO_YEAR`)."""
    return date(NO_YEAR, month, day)


def birthday_from(text: str) -> date:
    """A typed birthday: an ISO date, or a month and day without the year (`--07-22`,
    `07-22`)."""
    stripped = text.strip()
    if match := _MONTH_DAY.match(stripped):
        try:
            return yearless(int(match[1]), int(match[2]))
        except ValueError:
            raise BadDate(text, "there is no such day") from None
    try:
        return checked(date.fromisoformat(stripped), text)
    except ValueError:
        if _ISO_DAY.fullmatch(stripped):
            raise BadDate(text, "there is no such day") from None
    raise BadDate(text, "use YYYY-MM-DD, or --MM-DD when you do not know the year")


def birthday_text(iso: str | None) -> str | None:
    """A birthday as a person reads it: ISO, or `--07-22` without its year."""
    if iso is None or not iso.startswith(f"{NO_YEAR}-"):
        return iso
    return "--" + iso[5:]
