"""People as a CSV file for spreadsheets and other tools.

RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a
comma, a quote or a line break; UTF-8 without a byte-order mark. Lists
(emails, phones, tags, links) are joined with "; " in one cell.

Cells are text a user typed about other people, and a spreadsheet runs any
cell that starts like a formula: `=HYPERLINK(...)` in a name would become a
live link on opening (CSV injection). Such text cells get a leading `'`,
which spreadsheets show as text; numbers goodwill computes are left alone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "emails",
    "phones",
    "company",
    "title",
    "discipline",
    "location",
    "tier",
    "tags",
    "cadence_days",
    "birthday",
    "met_on",
    "last_touch",
    "next_due",
    "balance",
    "links",
    "notes",
)
LIST_SEPARATOR = "; "


class TextSink(Protocol):
    def write(self, text: str, /) -> Any: ...


#: What makes a spreadsheet treat a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text that a spreadsheet would run as a formula, made inert with a leading quote."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value + 0.0:.2f}"  # + 0.0 turns -0.0 into 0.0
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return neutralise(LIST_SEPARATOR.join(str(item) for item in value))
    return neutralise(str(value))


def write_csv(sink: TextSink, people: Iterable[Mapping[str, Any]]) -> None:
    """People (the JSON shape of `list --json`) as CSV with a header row, written as they come."""
    writer = csv.writer(sink, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for person in people:
        writer.writerow([_cell(person.get(column)) for column in COLUMNS])


def to_csv(people: Iterable[Mapping[str, Any]]) -> str:
    """People as CSV text (see `write_csv`)."""
    buffer = io.StringIO(newline="")
    write_csv(buffer, people)
    return buffer.getvalue()
