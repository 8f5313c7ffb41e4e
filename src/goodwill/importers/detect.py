"""What kind of export a path holds, judged from its first few KB or a ZIP's member names.

`goodwill import FILE` uses it to pick the reader, and `goodwill import FORMAT FILE` to
refuse a file of another kind in one line ("this is a LinkedIn export, not vCards")
instead of importing nothing. It never reads a whole file: a folder by the names of its
entries, a ZIP by its member list, anything else by its first `HEAD_BYTES` (a chat export
by its first line, a Telegram export by the keys it writes first).
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from goodwill.importers import contacts_csv, linkedin, whatsapp
from goodwill.importers.csvtext import column_key

#: Enough for a header row of ~100 columns (Outlook's is ~1.7 KB) after LinkedIn's preamble.
HEAD_BYTES = 8192
#: How many rows of a CSV's head may come before its header (LinkedIn's "Notes:" block).
HEADER_ROWS = 20

#: What each import format is called in messages.
WHAT: dict[str, str] = {
    "linkedin": "a LinkedIn export",
    "vcard": "vCards",
    "google-csv": "a Google Contacts CSV",
    "outlook-csv": "an Outlook contacts CSV",
    "mbox": "an mbox mail archive",
    "maildir": "a Maildir folder",
    "ics": "an iCalendar file",
    "whatsapp": "a WhatsApp chat export",
    "telegram": "a Telegram Desktop export",
    "slack": "a Slack workspace export",
}

EMPTY = "an empty file"
_LINKEDIN_FILES = frozenset(
    (
        "connections.csv",
        "messages.csv",
        "invitations.csv",
        "recommendations_given.csv",
        "recommendations_received.csv",
    )
)
_CARD_SUFFIXES = (".vcf", ".vcard")
#: A WhatsApp ZIP's chat: iOS names it `_chat.txt`, Android after the chat.
_WHATSAPP_CHAT = re.compile(r"(_chat|whatsapp[ -]chat.*)\.txt", re.IGNORECASE)
#: A Slack export lists its users and at least one kind of conversation at its top level.
_SLACK_USERS = "users.json"
_SLACK_LISTINGS = frozenset(("channels.json", "dms.json", "mpims.json", "groups.json"))
#: What Telegram Desktop writes first: a whole export's greeting and my account (or, with
#: the account left out, its chat list); a one-chat export's type before its messages.
_TELEGRAM = (
    re.compile(r'^\{\s*"about"\s*:\s*"Here is the data you requested'),
    re.compile(r'"personal_information"\s*:\s*\{[^{}]*"user_id"\s*:'),
    re.compile(r'"chats"\s*:\s*\{\s*"about"\s*:\s*"[^"]*"\s*,\s*"list"\s*:\s*\['),
)
_TELEGRAM_CHAT = re.compile(
    r'^\{[^{}\[\]]*"type"\s*:\s*"(personal_chat|bot_chat|saved_messages|private_group|'
    r'private_supergroup|public_supergroup|private_channel|public_channel)"'
    r'[^{}\[\]]*"messages"\s*:\s*\['
)
#: Leading bytes of common files that are no export at all.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive (unpack it first)"),
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (save it as CSV)"),
)


@dataclass(frozen=True, slots=True)
class Detected:
    """`format` is an import format name, or None when goodwill reads no such thing;
    `what` says in words what was found ("a LinkedIn export", "a PDF document")."""

    format: str | None
    what: str


def detect(path: Path) -> Detected:
    """What `path` holds. Raises OSError when it cannot be read at all."""
    if path.is_dir():
        return _folder(path)
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if not head.strip():
        return Detected(None, EMPTY)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip(path)
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return Detected(None, what)
    found = _text(_head_text(head))
    if path.name.casefold() in _LINKEDIN_FILES and found.format in ("linkedin", None):
        # The name decides: recommendations given and received share a header, and a file
        # named like LinkedIn's with other columns is best told what columns it lacks.
        return Detected("linkedin", f"LinkedIn's {path.name}")
    return found


def _folder(path: Path) -> Detected:
    if (path / "cur").is_dir() or (path / "new").is_dir():
        return Detected("maildir", WHAT["maildir"])
    cards = 0
    with os.scandir(path) as entries:
        for entry in entries:
            name = entry.name.casefold()
            if name in _LINKEDIN_FILES and entry.is_file():
                return Detected("linkedin", "an unpacked LinkedIn export")
            if name.endswith(_CARD_SUFFIXES) and not name.startswith("."):
                cards += 1
    if cards:
        return Detected("vcard", "a folder of vCards")
    return Detected(None, "a folder with no LinkedIn files, .vcf cards or Maildir cur/ and new/")


def _zip(path: Path) -> Detected:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info.filename.rstrip("/") for info in archive.infolist()]
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return Detected(None, f"a damaged ZIP archive ({exc})")
    names = {member.rsplit("/", 1)[-1].casefold() for member in members}
    if names & _LINKEDIN_FILES:
        return Detected("linkedin", WHAT["linkedin"])
    top = {member for member in members if "/" not in member}
    if _SLACK_USERS in top and top & _SLACK_LISTINGS:
        return Detected("slack", WHAT["slack"])
    if any(_WHATSAPP_CHAT.fullmatch(name) for name in names):
        return Detected("whatsapp", WHAT["whatsapp"])
    if any(name.endswith(_CARD_SUFFIXES) for name in names):
        return Detected(None, "a ZIP of vCards (unpack it and import the folder)")
    return Detected(
        None,
        "a ZIP archive without LinkedIn's Connections.csv or messages.csv, "
        "a WhatsApp chat or Slack's users.json",
    )


def _head_text(head: bytes) -> str:
    """The head as text; a multi-byte character cut at the end is dropped, not an error."""
    if head.startswith(b"\xef\xbb\xbf"):
        return head[3:].decode("utf-8", errors="ignore")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head[: len(head) // 2 * 2].decode("utf-16", errors="ignore")
    if head.count(0) > len(head) // 4:  # UTF-16 without a BOM: a NUL in every other byte
        even = head[: len(head) // 2 * 2]
        little = even[1::2].count(0) > even[0::2].count(0)
        return even.decode("utf-16-le" if little else "utf-16-be", errors="ignore")
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # only the last character was cut in half
            return head[: exc.start].decode("utf-8")
        return head.decode("cp1252", errors="replace")


def _text(text: str) -> Detected:
    stripped = text.lstrip()
    upper = stripped[:40].upper()
    if upper.startswith("BEGIN:VCARD"):
        return Detected("vcard", WHAT["vcard"])
    if upper.startswith("BEGIN:VCALENDAR"):
        return Detected("ics", WHAT["ics"])
    if stripped.startswith("From "):
        return Detected("mbox", WHAT["mbox"])
    if "\x00" in text:
        return Detected(None, "binary data")
    lines = stripped.splitlines()
    if lines and whatsapp.starts_message(lines[0]):  # before JSON: iOS's lines open with "["
        return Detected("whatsapp", WHAT["whatsapp"])
    if stripped[:1] == "{" and _is_telegram(stripped):
        return Detected("telegram", WHAT["telegram"])
    if stripped[:1] in "{[":
        return Detected(None, "a JSON file")
    if stripped[:1] == "<":
        return Detected(None, "an HTML or XML file")
    found = _csv(text)
    first = stripped.split("\n", 1)[0]
    if found.format is None and re.match(r"[A-Za-z][A-Za-z0-9-]*: ", first):
        return Detected(None, "a single email message, not an mbox archive")
    return found


def _is_telegram(text: str) -> bool:
    """A JSON object as Telegram Desktop writes it, told by the keys it writes first."""
    return any(pattern.search(text) for pattern in _TELEGRAM) or bool(_TELEGRAM_CHAT.match(text))


def _csv(text: str) -> Detected:
    """A CSV by its header row: LinkedIn's files, then Google's or Outlook's address books."""
    reader = csv.reader(io.StringIO(text, newline=""))
    first: list[str] | None = None
    try:
        for _ in range(HEADER_ROWS):
            cells = next(reader, None)
            if cells is None:
                break
            if not "".join(cells).strip():
                continue
            first = first or cells
            keys = tuple(column_key(cell) for cell in cells)
            linkedin_file = linkedin.header_kind(keys)
            if linkedin_file is not None:
                return Detected("linkedin", f"LinkedIn's {linkedin_file}")
            flavour = contacts_csv.detect(keys)
            if flavour is not None:
                return Detected(flavour, WHAT[flavour])
    except csv.Error:
        pass
    if first is not None and len(first) > 1:
        columns = ", ".join(cell.strip() for cell in first[:4])
        return Detected(None, f"a CSV file with columns goodwill does not know ({columns}, ...)")
    return Detected(None, "text goodwill does not know how to read")
