"""WhatsApp's "Export chat": the text file, or the ZIP with it and the media.

Android writes `12/31/25, 10:15 PM - Ana: text`, iOS `[31/12/2025, 22:15:03] Ana: text`;
the date's order and the clock follow the phone's locale, so the order is told from the
file itself (a first number above 12 is a day, a second one above 12 is a day too) and
asked for (`--date-order`) when no date in the file tells. A message's further lines
follow it without a header. WhatsApp puts invisible marks in: U+200E before iOS's system
lines and attachments, U+2068/U+2069 around names, U+202F (a narrow space) before AM/PM.
System lines ("Messages and calls are end-to-end encrypted…", "Ana added Bo") are skipped.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from goodwill.importers.chats import Message, fold, touches
from goodwill.importers.records import ReadOptions, Record, RecordError, SkippedRecord

SOURCE = "whatsapp"
NEED_ME = "importing a chat needs your own name or number as the chat shows it: pass --me"
ASK_ORDER = "no date in the chat tells day-first from month-first: pass --date-order dmy or mdy"
MIXED_ORDER = "the chat's dates are both day-first and month-first: is it one export?"
SYSTEM = "a WhatsApp system message"

_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
)
_SPACES = {ord("\u202f"): " ", ord("\u00a0"): " "}
#: Marks before a line's date: a BOM, and left-to-right or right-to-left marks.
_LEADING = "\u200e\u200f\ufeff"
_DATE = r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4}),? "
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?: ?[AaPp]\.? ?[Mm]\.?)?"
_ANDROID = re.compile(_DATE + _TIME + r" - (.*)$", re.DOTALL)
_IOS = re.compile(r"\[" + _DATE + _TIME + r"\] (.*)$", re.DOTALL)
_ATTACHMENT = re.compile(r"^(?:\w+ omitted|<attached: [^>]*>)", re.IGNORECASE)


def read(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Touches from one exported chat (a .txt, or the export's .zip)."""
    me = frozenset(fold(name) for name in options.me if name.strip())
    if not me:
        yield RecordError(str(path), None, NEED_ME)
        return
    for name, text in _chats(path):
        yield from _read_chat(name, text, me, options)


def _chats(path: Path) -> Iterator[tuple[str, str | None]]:
    """(file name, text or None when it is not UTF-8) for the chat text(s) at `path`."""
    if not zipfile.is_zipfile(path):
        yield str(path), _decoded(path.read_bytes())
        return
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.lower().endswith(".txt")]
        if not names:
            yield f"{path}", ""
        for name in names:
            yield f"{path}:{name}", _decoded(archive.read(name))


def _decoded(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _read_chat(
    file: str, text: str | None, me: frozenset[str], options: ReadOptions
) -> Iterator[Record]:
    if text is None:
        yield RecordError(file, None, "not UTF-8 text: not a WhatsApp chat export")
        return
    options.advance(len(text))
    lines = text.translate(_SPACES).splitlines()
    headers = [_header(line.lstrip(_LEADING)) for line in lines]
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or headers[first] is None:
        yield RecordError(
            file,
            1 if first is None else first + 1,
            "not a WhatsApp chat export: no date and sender here",
        )
        return
    written = {(h[1], h[2], h[3]) for h in headers if h is not None}
    order = _order([(int(a), int(b), int(y)) for a, b, y in written], options.date_order)
    if isinstance(order, RecordError):
        yield RecordError(file, None, order.message)
        return
    messages: list[Message] = []
    senders: dict[str, str] = {}  # as written → without WhatsApp's marks
    keep_text = options.keep_text
    dates = {key: _date(key, order) for key in written}  # a chat has few distinct days
    for number, (line, header) in enumerate(zip(lines, headers, strict=True), start=1):
        if header is None:
            if messages:  # a message's further line
                last = messages[-1]
                messages[-1] = Message(
                    last.chat, last.on, last.sender, f"{last.text}\n{line}", last.line
                )
            continue
        on = dates[header[1], header[2], header[3]]
        if on is None:
            yield RecordError(file, number, f"not a date: {line[:40]!r}")
            continue
        sender, separator, body = header[4].partition(": ")
        if not separator or (body.startswith("\u200e") and not _ATTACHMENT.match(body[1:])):
            yield SkippedRecord(f"{file}:{number}", SYSTEM)
            continue
        name = senders.get(sender)
        if name is None:
            name = senders[sender] = sender.translate(_MARKS).strip()
        messages.append(
            Message(file, on, name, body.translate(_MARKS) if keep_text else "", number)
        )
    yield from touches(SOURCE, file, messages, me, keep_text=keep_text)


def starts_message(line: str) -> bool:
    """Whether `line` is a message's first line as WhatsApp writes it (a date, a time, the
    rest), WhatsApp's invisible marks and a BOM allowed: how detection knows an export."""
    return _header(line.translate(_SPACES).lstrip(_LEADING)) is not None


def _header(line: str) -> re.Match[str] | None:
    """The match of a message's first line: day or month, month or day, year, the rest."""
    return _IOS.match(line) or _ANDROID.match(line)


def _date(written: tuple[str, str, str], order: str) -> date | None:
    first, second, year = (int(part) for part in written)
    day_number, month = (first, second) if order == "dmy" else (second, first)
    try:
        return date(year if year > 99 else 2000 + year, month, day_number)
    except ValueError:
        return None


def _order(dates: list[tuple[int, int, int]], asked: str | None) -> str | RecordError:
    day_first = any(a > 12 for a, _b, _y in dates)
    month_first = any(b > 12 for _a, b, _y in dates)
    if day_first and month_first:
        return RecordError("", None, MIXED_ORDER)
    if day_first or month_first:
        found = "dmy" if day_first else "mdy"
        if asked is not None and asked != found:
            return RecordError("", None, f"--date-order {asked}, but the chat's dates are {found}")
        return found
    if asked is None:
        return RecordError("", None, ASK_ORDER)
    return asked
