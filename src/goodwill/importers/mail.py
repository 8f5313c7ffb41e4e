"""Mail archives (mbox, Maildir) as touches: whom I wrote to, who wrote to me, and when.

Only headers matter, so bodies are never parsed. An mbox is read a chunk at a time, in
memory that follows the chunk, not the file; each message's start is found with `find` and
only its header block is sliced out and read, which keeps a multi-gigabyte Gmail Takeout at
hundreds of MB/s instead of the 12-27 MB/s of `mailbox.mbox`. The few headers we need are
picked out by one regular expression (header unfolding is mechanical); plain address lists
take a regex fast path and anything fancier goes to `email.utils.getaddresses`, RFC 2047
words to `email.header`.

A conversation becomes at most one touch per person, thread, day and direction: a busy
thread is one catch-up that day, not twenty. Every message accounts for itself with at
least one record (a touch, a skip or an error) under its own `where`, so a caller can
count the messages read.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from collections.abc import Iterator
from datetime import date
from email.errors import MessageError
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_tz
from pathlib import Path

from goodwill.domain.model import Channel, Direction, Initiator
from goodwill.domain.ties import MAX_GROUP
from goodwill.importers.records import (
    PersonKey,
    ReadOptions,
    Record,
    RecordError,
    SkippedRecord,
    TouchRecord,
)

SOURCE = "email"
NOTE_LENGTH = 80
#: Bytes of an mbox read at a time: about what reading it holds, beside one message's headers.
READ_CHUNK = 1 << 20
NEED_ME = "importing mail needs your own address: pass --me you@example.com"

#: Gmail labels that mean "not a conversation": junk, deleted mail, Hangouts logs.
_SKIPPED_LABELS = {
    "Spam": "spam (Gmail label)",
    "Trash": "in the trash (Gmail label)",
    "Chat": "a chat log, not mail (Gmail label)",
    "Draft": "an unsent draft",
    "Drafts": "an unsent draft",
}
#: Maildir flags (after ":2,") that mean the same: T = trashed, D = draft.
_SKIPPED_FLAGS = {"T": "in the trash (maildir flag)", "D": "an unsent draft"}

#: Header values by lower-cased name, raw and still folded, in the order they came.
_Headers = dict[bytes, list[bytes]]
_BULK = frozenset({"bulk", "list", "junk"})
DUPLICATE = "already counted: same thread, person, day and direction"
NEWSLETTER = "a newsletter or mailing list"
AUTOMATIC = "an automatic reply"
NOT_MINE = "not between me and someone else"
ONLY_ME = "sent to no one but me"

#: The headers we read; everything else (Received chains, DKIM, ARC) is skipped unread.
_WANTED = (
    rb"from|to|cc|bcc|date|subject|message-id|references|in-reply-to|x-gm-thrid|x-gmail-labels"
    rb"|list-unsubscribe|list-id|precedence|auto-submitted"
)
#: A wanted header with its folded continuation lines. Every header line is matched after
#: its preceding newline, so the block handed in starts with one.
_HEADER = re.compile(rb"\n(" + _WANTED + rb")[ \t]*:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE)
#: A real mbox separator line carries a time of day (`From id@xxx Mon Jan 12 09:30:00 ...`);
#: a stray unescaped body line ("From the desk of ...") does not.
_FROM_LINE = re.compile(rb"From \S+ +\S.*\d:\d\d")
#: One plain address with its optional display name, up to the next comma (see
#: `_plain_addresses`): the name and address exclude every character with a special meaning.
_ADDR = r'[^<>"\s,;:()\\\[\]@]+@[^<>"\s,;:()\\\[\]@]+'
_PLAIN_MAILBOX = re.compile(
    rf'\s*(?:(?:"(?P<quoted>[^"\\]*)"|(?P<bare>[^"<>,;:()\\\[\]@]*?))\s*<(?P<angle>{_ADDR})>'
    rf"|(?P<addr>{_ADDR}))\s*"
)
_MSG_ID = re.compile(r"<([^<>\s]+)>")
_REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|sv|vs)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)

#: Subject hints of an ask, most specific first; only a thread's opening message counts.
_ASKS = (
    # "Intro: A <> B" is an introduction made, not asked for: only "introduce me" and the like.
    ("asked-intro", re.compile(r"\bintroduc(e|tion) (me|us)\b|\bintro to\b|\bput me in touch")),
    ("asked-job", re.compile(r"\breferr(al|ed)\b|\brefer me\b")),
    ("asked-advice", re.compile(r"\badvice\b|\bpick your brain\b")),
    ("asked-favour", re.compile(r"\bfavou?r\b|\bcould you\b|\bwould you\b(?! like)")),
)


def read_mbox(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Touches from an mbox file (Gmail Takeout's `All mail Including Spam and Trash.mbox`)."""
    file = str(path)
    me = _my_addresses(options)
    if not me:
        yield RecordError(file, None, NEED_ME)
        return
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield RecordError(file, None, f"cannot read the file: {exc.strerror or exc}")
        return
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if size == 0:
            return
        yield from _read_chunks(_Window(handle, READ_CHUNK), size, file, me, options)


def read_maildir(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Touches from a Maildir folder: one message per file under `cur/` and `new/`."""
    file = str(path)
    me = _my_addresses(options)
    if not me:
        yield RecordError(file, None, NEED_ME)
        return
    folders = [path / "cur", path / "new"]
    if not any(folder.is_dir() for folder in folders):
        yield RecordError(file, None, "not a maildir: it has no cur/ or new/ folder")
        return
    seen: set[str] = set()
    for folder in folders:
        try:
            with os.scandir(folder) as found:
                entries = sorted(
                    (e for e in found if e.is_file() and not e.name.startswith(".")),
                    key=lambda e: e.name,
                )
        except OSError:
            continue  # Only one of cur/ and new/ exists: fine.
        for entry in entries:
            yield from _read_maildir_message(Path(entry.path), entry.name, me, seen, options)


def _read_maildir_message(
    path: Path, name: str, me: frozenset[str], seen: set[str], options: ReadOptions
) -> Iterator[Record]:
    file = str(path)
    where = f"{file}:1"
    flags = name.rpartition(":2,")[2] if ":2," in name else ""
    lines: list[bytes] = []
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            for text in handle:  # Up to the first empty line: the body is never read.
                if text in (b"\n", b"\r\n"):
                    break
                lines.append(text)
    except OSError as exc:
        yield RecordError(file, None, f"cannot read the file: {exc.strerror or exc}")
        return
    options.advance(size)
    skipped = next((_SKIPPED_FLAGS[f] for f in flags if f in _SKIPPED_FLAGS), None)
    if skipped is not None:
        yield SkippedRecord(where, skipped)
        return
    if lines and lines[0].startswith(b"From "):  # Some tools keep the mbox separator line.
        lines[0] = b""
    block = b"\n" + b"".join(lines)
    yield from _message_records(_headers(block), where, file, 1, me, seen)


def _read_chunks(
    data: _Window, size: int, file: str, me: frozenset[str], options: ReadOptions
) -> Iterator[Record]:
    first_eol = data.find(b"\n", 0)
    eol = b"\r\n" if first_eol > 0 and data.get(first_eol - 1, first_eol) == b"\r" else b"\n"
    blank = eol + eol
    seen: set[str] = set()
    start = 0
    if data.get(0, 5) != b"From ":
        start = _next_start(data, 0, size, blank)
        if start >= size:
            yield RecordError(file, None, "not an mbox file: no 'From ' line starts a message")
            options.advance(size)
            return
        yield RecordError(file, 1, "text before the first message was ignored")
        options.advance(start)
    while start < size:
        line = data.line_at(start)
        header_end = data.find(blank, start)
        if header_end < 0:
            yield RecordError(file, line, "truncated: the file ends inside this message's headers")
            options.advance(size - start)
            return
        first_eol = data.find(b"\n", start)
        block = data.get(first_eol, header_end) if first_eol < header_end else b""
        records = _message_records(_headers(block), f"{file}:{line}", file, line, me, seen)
        end = _next_start(data, header_end, size, blank)
        options.advance(end - start)
        yield from records
        start = end


def _next_start(data: _Window, pos: int, size: int, blank: bytes) -> int:
    """Where the next message starts: a `From ` line after an empty line (or `size`).
    Nothing before `pos` is needed any more."""
    separator = blank + b"From "
    while True:
        found = data.find(separator, pos, release=True)
        if found < 0:
            return size
        start = found + len(blank)
        head = data.get(start, start + 1000)
        line_end = head.find(b"\n")
        if _FROM_LINE.match(head if line_end < 0 else head[:line_end]):
            return start
        pos = start


class _Window:
    """The part of a file still needed, read `chunk` bytes at a time into one buffer and
    addressed by offsets in the whole file, with 1-based line numbers of increasing offsets.

    What lies before the last offset whose line was asked for (or released) is dropped at
    the next read, its lines counted once, so memory follows the chunk and a message's
    headers, never the file or its largest attachment. (A memory map was as fast to search,
    but every page it touched stayed in the resident set: a 150 MB file made a 190 MB
    process. A fresh `bytes` a read costs as many page faults: the buffer is reused.)
    """

    __slots__ = ("_base", "_buffer", "_chunk", "_counted", "_end", "_eof", "_handle", "_line")

    def __init__(self, handle: io.BufferedReader, chunk: int) -> None:
        self._handle = handle
        self._chunk = chunk
        self._buffer = bytearray(chunk)
        self._end = 0  # the buffer holds data up to here
        self._base = 0  # the file offset of the buffer's first byte
        self._eof = False
        self._counted = 0  # lines are counted up to here, and nothing before it is kept
        self._line = 1

    def find(self, sub: bytes, pos: int, *, release: bool = False) -> int:
        """The offset of `sub`'s first occurrence from `pos` on, or -1; with `release`,
        nothing before where the search has got to is needed any more."""
        while True:
            found = self._buffer.find(sub, pos - self._base, self._end)
            if found >= 0:
                return found + self._base
            pos = max(pos, self._base + self._end - len(sub) + 1)
            if release:
                self.line_at(pos)
            if not self._read():
                return -1

    def get(self, start: int, end: int) -> bytes:
        """The bytes from `start` up to `end` (fewer at the end of the file)."""
        while self._base + self._end < end and self._read():
            pass
        return bytes(self._buffer[start - self._base : min(end - self._base, self._end)])

    def line_at(self, pos: int) -> int:
        """The line `pos` is on; no earlier offset may be asked for after it."""
        self._line += self._buffer.count(b"\n", self._counted - self._base, pos - self._base)
        self._counted = pos
        return self._line

    def _read(self) -> bool:
        """Keep what is still needed at the buffer's start, and read a chunk after it."""
        if self._eof:
            return False
        kept = self._end - (self._counted - self._base)
        if kept:
            self._buffer[:kept] = self._buffer[self._counted - self._base : self._end]
        if len(self._buffer) < kept + self._chunk:  # long headers: the buffer grows
            self._buffer.extend(bytes(kept + self._chunk - len(self._buffer)))
        self._base, self._end = self._counted, kept
        with memoryview(self._buffer) as view:
            got = self._handle.readinto(view[kept : kept + self._chunk])
        self._end += got
        self._eof = got == 0
        return got > 0


def _headers(block: bytes) -> _Headers:
    found: _Headers = {}
    for match in _HEADER.finditer(block):
        found.setdefault(match[1].lower(), []).append(match[2])
    return found


def _message_records(
    headers: _Headers, where: str, file: str, line: int, me: frozenset[str], seen: set[str]
) -> list[Record]:
    """The records of one message: touches, or the one reason it was skipped or failed."""
    labels = headers.get(b"x-gmail-labels")
    if labels:
        for label in _labels(_text(labels[0])):
            if label in _SKIPPED_LABELS:
                return [SkippedRecord(where, _SKIPPED_LABELS[label])]
    precedence = _text(headers.get(b"precedence", [b""])[0]).lower()
    if b"list-unsubscribe" in headers or b"list-id" in headers or precedence in _BULK:
        return [SkippedRecord(where, NEWSLETTER)]
    auto = headers.get(b"auto-submitted")
    if auto and _text(auto[0]).lower() not in ("", "no"):
        return [SkippedRecord(where, AUTOMATIC)]

    senders = _addresses(headers.get(b"from", []))
    recipients = _addresses(headers.get(b"to", []) + headers.get(b"cc", []))
    sender = senders[0] if senders else None
    if sender is not None and sender[0] in me:  # Sent mail keeps its Bcc: they got it too.
        recipients += _addresses(headers.get(b"bcc", []))
        people = [(address, name) for address, name in recipients if address not in me]
        if not people:
            return [SkippedRecord(where, ONLY_ME)]
        initiated_by = Initiator.ME
    elif sender is not None and any(address in me for address, _ in recipients):
        people = [sender]
        initiated_by = Initiator.THEM
    else:
        return [SkippedRecord(where, NOT_MINE)]

    raw_date = headers.get(b"date")
    on = _date(_text(raw_date[0])) if raw_date else None
    if on is None:
        problem = "unreadable Date header" if raw_date else "no Date header"
        return [RecordError(file, line, f"{problem}: cannot tell when this message was sent")]

    subject = _decoded(_text(headers[b"subject"][0])) if b"subject" in headers else ""
    thread = _thread(headers, subject, sender[0])
    kind = "catch-up"
    if initiated_by is Initiator.THEM and not _REPLY_PREFIX.match(subject):
        kind = _ask_kind(subject)
    side = "me" if initiated_by is Initiator.ME else "them"
    # One tuple for the whole message, shared by its touches (a copy per touch made a
    # 10,000-recipient message cost 10,000²); a crowd makes no ties, so none is kept.
    together = tuple(a for a, _ in people) if 1 < len(people) <= MAX_GROUP else ()
    records: list[Record] = []
    for address, name in people:
        source_id = f"{thread}:{on.isoformat()}:{address}:{side}"
        if source_id in seen:
            continue
        seen.add(source_id)
        records.append(
            TouchRecord(
                source=SOURCE,
                source_id=source_id,
                where=where,
                on=on,
                person=PersonKey(emails=(address,), name=name or None),
                initiated_by=initiated_by,
                channel=Channel.EMAIL,
                direction=Direction.TOUCH,
                kind=kind,
                by_them=kind != "catch-up",
                note=_trim(subject),
                together=together,
            )
        )
    return records or [SkippedRecord(where, DUPLICATE)]


def _my_addresses(options: ReadOptions) -> frozenset[str]:
    return frozenset(a.strip().lower() for a in options.me if a.strip())


def _text(raw: bytes) -> str:
    """A header value unfolded (RFC 5322: drop the line breaks, keep the white space)."""
    raw = raw.replace(b"\r", b"").replace(b"\n", b"").strip()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:  # 8-bit headers from old mailers: most likely Latin-1.
        return raw.decode("latin-1")


def _decoded(value: str) -> str:
    """RFC 2047 encoded words (`=?UTF-8?B?...?=`) decoded; undecodable text kept as is."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (LookupError, UnicodeError, ValueError, MessageError):  # a bad charset name too
        return value


def _labels(value: str) -> list[str]:
    """Gmail labels: comma-separated, quoted when a label holds a comma."""
    if '"' not in value:
        return [label.strip() for label in value.split(",")]
    return [label.strip() for label in next(csv.reader([value], skipinitialspace=True), [])]


def _addresses(values: list[bytes]) -> list[tuple[str, str]]:
    """(lower-cased address, decoded display name) pairs, each address once, in order."""
    found: dict[str, str] = {}
    for value in values:
        text = _text(value)
        pairs = _plain_addresses(text)
        for name, address in getaddresses([text]) if pairs is None else pairs:
            address = address.strip().lower()
            if "@" in address and address not in found:
                found[address] = " ".join(_decoded(name).split())
    return list(found.items())


def _plain_addresses(value: str) -> list[tuple[str, str]] | None:
    """The common `"Name" <a@b>, Name <c@d>, e@f` lists, parsed in one regex pass per address.

    `getaddresses` walks the text a character at a time in Python and was the largest
    cost of an import; anything beyond these plain forms (comments, escapes, groups,
    domain literals, empty items) returns None and goes to it.
    """
    result: list[tuple[str, str]] = []
    pos, end = 0, len(value)
    while True:
        match = _PLAIN_MAILBOX.match(value, pos)
        if match is None:
            return None
        name = match["quoted"] if match["quoted"] is not None else match["bare"] or ""
        result.append((name, match["angle"] or match["addr"]))
        pos = match.end()
        if pos == end:
            return result
        if value[pos] != ",":
            return None
        pos += 1


def _date(value: str) -> date | None:
    """The calendar day in the sender's own offset, as the message itself says it."""
    parsed = parsedate_tz(value)
    try:
        return date(parsed[0], parsed[1], parsed[2]) if parsed else None
    except ValueError:
        return None


def _thread(headers: _Headers, subject: str, sender: str) -> str:
    """Gmail's thread id, else the thread's first Message-ID, else a hash of subject+sender."""
    gmail = headers.get(b"x-gm-thrid")
    if gmail and (thread := _text(gmail[0])):
        return thread
    for name in (b"references", b"in-reply-to", b"message-id"):
        for value in headers.get(name, []):
            text = _text(value)
            match = _MSG_ID.search(text)
            if match:
                return match[1]
            if text.split():
                return text.split()[0]
    topic = _REPLY_PREFIX.sub("", subject).strip().lower()  # replies share their topic
    return "h" + hashlib.sha256(f"{topic}\0{sender}".encode()).hexdigest()[:20]


def _ask_kind(subject: str) -> str:
    lowered = subject.lower()
    return next((kind for kind, pattern in _ASKS if pattern.search(lowered)), "catch-up")


def _trim(subject: str) -> str:
    text = " ".join(subject.split())
    return text if len(text) <= NOTE_LENGTH else text[: NOTE_LENGTH - 1].rstrip() + "…"
