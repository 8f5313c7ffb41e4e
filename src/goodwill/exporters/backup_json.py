"""The JSON backup format: every table as canonical text, written and read as a stream.

Canonical means one text per database: keys sorted, one indentation, no
ASCII escaping, a final newline. So export -> restore -> export is
byte-identical, a backup diffs cleanly against the previous one, and two
backups of the same data compare equal with `cmp`.

Neither side holds the document: `write` emits the text of `json.dumps(document,
sort_keys=True, indent=1)` a row at a time, and `read` yields the rows one by one
(the standard library's decoder parses each value; this module only walks the
envelope around them), so memory follows one row, not the backup.

This module is pure text (no database): the service feeds it rows and the
store writes what it reads, inside one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from goodwill.domain.errors import BadInput

FORMAT = "goodwill-backup"
VERSION = 1
#: Keys of the envelope; `tables` holds the rows.
ENVELOPE = ("config", "format", "schema", "tables", "version")
#: Text read at a time.
READ_SIZE = 1 << 20
#: The longest single value (a row, the config) a backup may hold.
MAX_VALUE = 64 << 20


class TextSink(Protocol):
    def write(self, text: str, /) -> Any: ...


class TextSource(Protocol):
    def read(self, size: int, /) -> str: ...


# -- writing ------------------------------------------------------------------


def _indented(value: Any, level: int) -> str:
    """`value` as `json.dumps(..., indent=1)` prints it nested `level` deep."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)
    # JSON strings escape their newlines, so every raw newline is layout.
    return text.replace("\n", "\n" + " " * level)


def write(
    sink: TextSink,
    schema: str,
    tables: Iterable[tuple[str, Iterable[Mapping[str, Any]]]],
    config: Mapping[str, Any],
) -> None:
    """Write the backup; `tables` gives (name, rows) in name order, rows in key order."""
    sink.write("{\n")
    sink.write(f' "config": {_indented(config, 1)},\n')
    sink.write(f' "format": {json.dumps(FORMAT)},\n')
    sink.write(f' "schema": {json.dumps(schema, ensure_ascii=False)},\n')
    sink.write(' "tables": {')
    first_table = True
    for name, rows in tables:
        sink.write("\n" if first_table else ",\n")
        first_table = False
        sink.write(f"  {json.dumps(name, ensure_ascii=False)}: [")
        first_row = True
        for row in rows:
            sink.write("\n   " if first_row else ",\n   ")
            first_row = False
            sink.write(_indented(row, 3))
        sink.write("]" if first_row else "\n  ]")
    sink.write("}" if first_table else "\n }")
    sink.write(f',\n "version": {VERSION}\n}}\n')


# -- reading ------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A key of the envelope other than `tables`, with its value."""

    key: str
    value: Any


@dataclass(frozen=True)
class TableStart:
    name: str


@dataclass(frozen=True)
class Row:
    table: str
    #: 1-based position in its table, for error messages.
    number: int
    value: Any


Item = Field | TableStart | Row


class _Cursor:
    """A window on the text: values are decoded in place, consumed text is dropped,
    and line and column are counted for error messages."""

    def __init__(self, source: TextSource) -> None:
        self.source = source
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.line = 1  # line of buffer[0]
        self.column = 1  # column of buffer[0]
        self.decoder = json.JSONDecoder()

    def _fill(self) -> bool:
        if self.eof:
            return False
        try:
            chunk = self.source.read(READ_SIZE)
        except UnicodeDecodeError:
            raise BadInput("not UTF-8 text, so not a goodwill backup") from None
        if not chunk:
            self.eof = True
            return False
        if self.pos > READ_SIZE:
            self._drop()
        self.buffer += chunk
        return True

    def _drop(self) -> None:
        consumed = self.buffer[: self.pos]
        newlines = consumed.count("\n")
        if newlines:
            self.line += newlines
            self.column = len(consumed) - consumed.rfind("\n")
        else:
            self.column += len(consumed)
        self.buffer = self.buffer[self.pos :]
        self.pos = 0

    def where(self, pos: int | None = None) -> str:
        at = self.pos if pos is None else pos
        newlines = self.buffer.count("\n", 0, at)
        if newlines:
            return f"line {self.line + newlines} column {at - self.buffer.rfind(chr(10), 0, at)}"
        return f"line {self.line} column {self.column + at}"

    def fail(self, message: str, pos: int | None = None) -> BadInput:
        return BadInput(f"not valid JSON ({message} at {self.where(pos)}); is the file complete?")

    def peek(self) -> str:
        """The next character that is not white space ('' at the end of the text)."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._fill():
                return ""

    def take(self, expected: str, what: str) -> None:
        if self.peek() != expected:
            raise self.fail(f"Expecting {what}")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                # Perhaps only cut by the window: read on, unless the text has ended.
                if len(self.buffer) - self.pos > MAX_VALUE:
                    raise BadInput(
                        f"a value at {self.where()} is larger than a backup holds"
                    ) from None
                if not self._fill():
                    raise self.fail(error.msg, error.pos) from None
                continue
            except RecursionError:
                raise BadInput("not a goodwill backup (nested too deeply)") from None
            self.pos = end
            return value

    def key(self) -> str:
        if self.peek() != '"':
            raise self.fail("Expecting property name enclosed in double quotes")
        key = self.value()
        self.take(":", "':' delimiter")
        return str(key)

    def members(self, what: str) -> Iterator[None]:
        """Step through an object's or array's members, the opening bracket already taken."""
        closing = "}" if what == "object" else "]"
        if self.peek() == closing:
            self.pos += 1
            return
        while True:
            yield
            following = self.peek()
            self.pos += 1
            if following == closing:
                return
            if following != ",":
                self.pos -= 1
                raise self.fail(f"Expecting ',' delimiter or '{closing}'")


def read(source: TextSource) -> Iterator[Item]:
    """The backup as it comes: envelope fields, and each table's rows one by one.

    The envelope is checked by the caller (`check`) as fields arrive; a text that
    is not a JSON object, or whose keys are not the envelope's, is refused at once.
    """
    cursor = _Cursor(source)
    if cursor.peek() != "{":
        if cursor.peek() == "":
            raise cursor.fail("Expecting value")
        raise BadInput(f'not a goodwill backup (no "format": "{FORMAT}")')
    cursor.pos += 1
    for _ in cursor.members("object"):
        key = cursor.key()
        if key != "tables":
            if key not in ENVELOPE:
                raise BadInput(f'not a goodwill backup (no "format": "{FORMAT}")')
            yield Field(key, cursor.value())
            continue
        cursor.take("{", "'{'")
        for _ in cursor.members("object"):
            table = cursor.key()
            yield TableStart(table)
            if cursor.peek() != "[":
                if cursor.peek() == "":
                    raise cursor.fail("Expecting value")
                raise BadInput(f"table '{table}' must be a list of rows")
            cursor.pos += 1
            for number, _ in enumerate(cursor.members("array"), start=1):
                yield Row(table, number, cursor.value())
    if cursor.peek() != "":
        raise cursor.fail("Extra data")


@dataclass
class Envelope:
    """What the backup says about itself, filled in as its fields are read."""

    schema: str | None = None
    version: int | None = None
    format: str | None = None
    config: dict[str, Any] | None = None

    def take(self, field: Field) -> None:
        """Record one field, refusing a wrong one at once."""
        if field.key == "format":
            if field.value != FORMAT:
                raise BadInput(f'not a goodwill backup (no "format": "{FORMAT}")')
            self.format = FORMAT
        elif field.key == "version":
            version = field.value
            if not isinstance(version, int) or isinstance(version, bool):
                raise BadInput("the backup has no format version")
            if version > VERSION:
                raise BadInput(
                    f"backup format version {version} is newer than this goodwill reads "
                    f"({VERSION}): upgrade goodwill"
                )
            self.version = version
        elif field.key == "schema":
            if not isinstance(field.value, str) or not field.value:
                raise BadInput("the backup does not say its schema revision")
            self.schema = field.value
        elif field.key == "config":
            if not isinstance(field.value, dict):
                raise BadInput('the backup\'s "config" is not an object')
            self.config = field.value

    def check(self, *, saw_tables: bool) -> None:
        """At the end of the text: everything a backup must say was said."""
        if self.format is None:
            raise BadInput(f'not a goodwill backup (no "format": "{FORMAT}")')
        if self.version is None:
            raise BadInput("the backup has no format version")
        if self.schema is None:
            raise BadInput("the backup does not say its schema revision")
        if not saw_tables:
            raise BadInput('the backup has no "tables" object')
