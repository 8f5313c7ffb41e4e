"""How a person is written in a whole list: an item of `list --json` and the cells of a
spreadsheet row. Pure text rules, shared by the Python writers and by the SQL that writes
the same text on SQLite (`goodwill.store.listing`), which tests hold to them."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from json.encoder import encode_basestring

from goodwill.domain.model import PersonRecord

#: What makes a spreadsheet treat a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: How a cell holds a list (emails, phones, tags, links).
LIST_SEPARATOR = "; "
#: What makes the `csv` module quote a cell (QUOTE_MINIMAL, "," and CRLF line ends).
CSV_QUOTED = ('"', ",", "\n", "\r")
#: Between the items of a list in a JSON item (`json.dumps(indent=2)` at that depth).
JSON_LIST_OPEN = "[\n      "
JSON_LIST_SEPARATOR = ",\n      "
JSON_LIST_CLOSE = "\n    ]"


def neutralise(text: str) -> str:
    """Text that a spreadsheet would run as a formula, made inert with a leading quote."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_list_cell(values: Sequence[str]) -> str:
    """A list as one cell of a CSV line, neutralised and quoted as `csv.writer` quotes."""
    if not values:
        return ""
    text = neutralise(LIST_SEPARATOR.join(values))
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_balance(balance: float) -> str:
    """The balance cell: to the cent, and never "-0.00" (+ 0.0 turns -0.0 into 0.0)."""
    return f"{balance + 0.0:.2f}"


def json_number(value: float) -> str:
    """A float as `json.dumps` writes it."""
    return repr(value) if math.isfinite(value) else json.dumps(value)


#: Below it, a value to the cent has at most 15 significant digits, which a float holds
#: exactly: its shortest text (`repr`) is those digits.
_CENTS_EXACT = 1e13


def json_cents(value: float) -> str:
    """`json_number(round(value, 2))`, in a third of the time (a list of 100,000 balances
    spent 60 ms there). `round` makes its float from the same correctly rounded text that
    `format(value, ".2f")` writes, and the float's shortest text is that text without its
    trailing zeros; beyond `_CENTS_EXACT` (or not finite), `round` itself."""
    if -_CENTS_EXACT < value < _CENTS_EXACT:
        text = f"{value:.2f}".rstrip("0")
        return text + "0" if text.endswith(".") else text
    return json_number(round(value, 2))


def csv_cents(value: float) -> str:
    """`csv_balance(round(value, 2))`, without making the rounded float (`json_cents`)."""
    if -_CENTS_EXACT < value < _CENTS_EXACT:
        text = f"{value:.2f}"
        return "0.00" if text == "-0.00" else text
    return csv_balance(round(value, 2))


def json_strings(quoted: Sequence[str]) -> str:
    """A list of JSON strings (already quoted) as a dictionary's value in an item of a list."""
    if not quoted:
        return "[]"
    return JSON_LIST_OPEN + JSON_LIST_SEPARATOR.join(quoted) + JSON_LIST_CLOSE


def json_item(record: PersonRecord) -> str:
    """A person's object as an item of `json.dumps(..., ensure_ascii=False, indent=2)`'s
    list, written in one piece from the values: building a dictionary and encoding it value
    by value cost most of what `list --json` spent on a person. Text goes through the
    standard library's C string encoder, as `json.dumps` does."""
    (
        person_id,
        name,
        emails,
        phones,
        company,
        title,
        discipline,
        location,
        tier,
        tags,
        cadence,
        override,
        birthday,
        met_on,
        met_how,
        met_via_id,
        notes,
        created_on,
        last_touch,
        last_contact,
        next_due,
        snoozed_until,
        follow_up_on,
        balance,
        links,
    ) = record
    return f"""  {{
    "id": {person_id},
    "name": {encode_basestring(name)},
    "emails": {json_strings(list(map(encode_basestring, emails)))},
    "phones": {json_strings(list(map(encode_basestring, phones)))},
    "company": {"null" if company is None else encode_basestring(company)},
    "title": {"null" if title is None else encode_basestring(title)},
    "discipline": {"null" if discipline is None else encode_basestring(discipline)},
    "location": {"null" if location is None else encode_basestring(location)},
    "tier": {encode_basestring(tier)},
    "tags": {json_strings(list(map(encode_basestring, tags)))},
    "cadence_days": {"null" if cadence is None else cadence},
    "cadence_override": {"null" if override is None else override},
    "birthday": {"null" if birthday is None else encode_basestring(birthday)},
    "met_on": {"null" if met_on is None else encode_basestring(met_on)},
    "met_how": {"null" if met_how is None else encode_basestring(met_how)},
    "met_via_id": {"null" if met_via_id is None else met_via_id},
    "notes": {encode_basestring(notes)},
    "created_on": {"null" if created_on is None else encode_basestring(created_on)},
    "last_touch": {"null" if last_touch is None else encode_basestring(last_touch)},
    "last_contact": {"null" if last_contact is None else encode_basestring(last_contact)},
    "next_due": {"null" if next_due is None else encode_basestring(next_due)},
    "snoozed_until": {"null" if snoozed_until is None else encode_basestring(snoozed_until)},
    "follow_up_on": {"null" if follow_up_on is None else encode_basestring(follow_up_on)},
    "balance": {json_number(balance)},
    "links": {json_strings(list(map(encode_basestring, links)))}
  }}"""
