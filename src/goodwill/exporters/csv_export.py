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
import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from goodwill.domain.dates import birthday_text
from goodwill.domain.listing import FORMULA_STARTS, LIST_SEPARATOR, csv_balance, neutralise

__all__ = ["COLUMNS", "FORMULA_STARTS", "neutralise", "to_csv", "write_csv", "write_lines"]

if TYPE_CHECKING:
    from goodwill.domain.model import PersonRecord

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


class TextSink(Protocol):
    def write(self, text: str, /) -> Any: ...


def write_csv(sink: TextSink, people: Iterable[PersonRecord], batch: int = 1000) -> None:
    """People as CSV with a header row, written as they come, `batch` rows to a write."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    rows = map(_row, people)
    while True:
        writer.writerows(itertools.islice(rows, batch))
        if not buffer.tell():
            return
        sink.write(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()


def write_lines(sink: TextSink, lines: Iterable[str], batch: int = 1000) -> None:
    """The header row, then lines already written as `write_csv` writes rows (CRLF ended),
    `batch` lines to a write."""
    sink.write(",".join(COLUMNS) + "\r\n")
    while chunk := "".join(itertools.islice(lines, batch)):
        sink.write(chunk)


def _row(person: PersonRecord) -> tuple[Any, ...]:
    """A person's cells, in `COLUMNS`' order. Numbers and nothing (written as empty cells)
    are left to the writer; dates and tiers are ISO text and fixed words, which start like
    no formula; text a user typed is neutralised."""
    return (
        person.id,
        _text(person.name),
        _listed(person.emails),
        _listed(person.phones),
        _text(person.company),
        _text(person.title),
        _text(person.discipline),
        _text(person.location),
        person.tier,
        _listed(person.tags),
        person.cadence_days,
        _text(birthday_text(person.birthday)),
        person.met_on,
        person.last_touch,
        person.next_due,
        csv_balance(person.balance),
        _listed(person.links),
        _text(person.notes),
    )


def _text(value: str | None) -> str | None:
    return value and neutralise(value)


def _listed(values: tuple[str, ...]) -> str:
    return neutralise(LIST_SEPARATOR.join(values)) if values else ""


def to_csv(people: Iterable[PersonRecord]) -> str:
    """People as CSV text (see `write_csv`)."""
    buffer = io.StringIO(newline="")
    write_csv(buffer, people)
    return buffer.getvalue()
