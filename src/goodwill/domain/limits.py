"""How long each text field may be and what range each number takes: one set of limits.

The services check them on every write and search, so the CLI, the web forms and the JSON
API refuse the same values with the same one-line message; the API also declares them in
its schema. They sit far above any real value (a name of 300 characters, a note of 10,000)
and well below what hurts: SQLite refuses a LIKE pattern over 50,000 bytes, and a cadence
past 100 years overflows date arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable

from goodwill.domain.errors import BadInput

NAME = 300
EMAIL = 320
PHONE = 64
COMPANY = 300
TITLE = 300
DISCIPLINE = 100
LOCATION = 300
LINK = 2000
TAG = 100
MET_HOW = 300
NOTE = 10_000
KIND = 64
#: A search: part of a name, a company or an email.
SEARCH = 300
#: Emails, phones, links or tags given in one change; people named in one ledger entry.
ITEMS = 100
CADENCE_DAYS_MIN = 1
CADENCE_DAYS_MAX = 36_500
#: Digits a whole number in a form may have before it is even parsed.
NUMBER_DIGITS = 9
#: The largest id a row can have on either backend (PostgreSQL's integer): a bigger number
#: names no row, and is answered so before any query sees it.
ROW_ID = 2**31 - 1


def names_a_row(value: int) -> bool:
    """Whether `value` is in the range of ids rows can have."""
    return 1 <= value <= ROW_ID


def field_key(field: str) -> str:
    """The name a form and the API give the input `field` names in words ("met on": met_on)."""
    return field.replace(" ", "_")


def check_text(field: str, value: str | None, most: int, *, key: str | None = None) -> None:
    """A one-line error naming the field when `value` is longer than `most` characters;
    `key` is the field's name in a form or the API (by default the words, joined by _)."""
    if value is not None and len(value) > most:
        raise BadInput(
            f"{field}: at most {most:,} characters (this one has {len(value):,})",
            field=key or field_key(field),
        )


def check_items(
    field: str, values: Iterable[str] | None, most_each: int, *, key: str | None = None
) -> None:
    """At most `ITEMS` values, each at most `most_each` characters."""
    if values is None:
        return
    values = tuple(values)
    if len(values) > ITEMS:
        raise BadInput(
            f"{field}: at most {ITEMS} at once (there are {len(values):,})",
            field=key or field_key(field),
        )
    for value in values:
        check_text(field, value, most_each, key=key)


def check_cadence(days: int | None) -> None:
    if days is not None and not CADENCE_DAYS_MIN <= days <= CADENCE_DAYS_MAX:
        raise BadInput(
            f"cadence: {CADENCE_DAYS_MIN} to {CADENCE_DAYS_MAX:,} days (100 years), not {days:,}",
            field="cadence_days",
        )


def whole_number(field: str, text: str, *, key: str | None = None) -> int:
    """A whole number typed in a form, refused before parsing when it is not one or is
    absurdly long."""
    text = text.strip()
    if not text.isdecimal() or len(text) > NUMBER_DIGITS:
        shown = text if len(text) <= 20 else text[:20] + "…"
        raise BadInput(f"{field}: '{shown}' is not a number", field=key or field_key(field))
    return int(text)
