"""vCard files and vdirs (one card per file) to contact records.

A small wrapper in khard's habit: `Card` knows the 2.1/3.0/4.0 rules, so the
rest of goodwill never sees a folded line, a quoted-printable soft break or a
`\\,` escape. Parsing has two paths that produce the same `Prop`s:

* a fast path for well-formed cards (unfold, split `NAME;PARAMS:VALUE`),
  about 20x faster than vobject, which matters for a 50,000-card vdir;
* vobject's tokenizer (`allowQP=True`) for anything unusual: quoted-printable
  (and its CHARSET), 2.1 folding, lines the fast path cannot split.

Values stay escaped in `Prop.value` (so a card can be written back as read);
the `Card` accessors unescape them. Photos are never decoded.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import NamedTuple

from goodwill.domain.dates import yearless
from goodwill.importers.records import (
    ContactRecord,
    ReadOptions,
    Record,
    RecordError,
    SkippedRecord,
)

CARD_SUFFIXES = (".vcf", ".vcard")
#: Google's system groups: they say nothing about the person.
IGNORED_CATEGORIES = frozenset({"mycontacts", "starred"})
#: Binary properties: never decoded, so their encoding never sends a card to vobject.
BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
_NAME = re.compile(r"[A-Za-z0-9-]+\Z")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_CONTINUED = re.compile(r"[ \t]").match
_ENCODED = frozenset({"QUOTED-PRINTABLE", "B", "BASE64"})
_new = tuple.__new__
_UNESCAPED = {"n": "\n", "N": "\n"}
_SIMPLE_ESCAPES = (("\\n", "\n"), ("\\N", "\n"), ("\\,", ","), ("\\;", ";"), ("\\:", ":"))
_HEAD = re.compile(r'((?:"[^"]*"|[^":])*):')
_PARAM_SEP = re.compile(r';(?=(?:[^"]*"[^"]*")*[^"]*\Z)')


class CardError(ValueError):
    """A card that cannot be read at all (no BEGIN/END, or empty)."""


class Prop(NamedTuple):
    """One property. `value` is as written (escaped); `raw` is the line(s) as written,
    kept to write unknown properties back byte for byte (None when decoding changed it)."""

    group: str | None
    name: str
    params: tuple[tuple[str, str], ...]
    value: str
    raw: str | None = None

    def param(self, key: str) -> list[str]:
        return [v for k, v in self.params if k == key]

    def text(self, version: str) -> str:
        """The value as plain text (a `tel:` URI as its number)."""
        text = unescape(self.value, version).strip()
        return text.removeprefix("tel:") if self.name == "TEL" else text


def unescape(value: str, version: str = "3.0") -> str:
    """Undo text escapes; 2.1 only escapes `;`. Google's `https\\://` comes out clean."""
    if "\\" not in value:
        return value.replace("\r\n", "\n") if "\r" in value else value
    if version == "2.1":
        return value.replace("\\;", ";").replace("\r\n", "\n")
    if "\\\\" not in value:  # no escaped backslash: plain replacements cannot misread
        for escaped, plain in _SIMPLE_ESCAPES:
            value = value.replace(escaped, plain)
        if "\\" not in value:
            return value.replace("\r\n", "\n")
    return _ESCAPE.sub(lambda m: _UNESCAPED.get(m.group(1), m.group(1)), value).replace(
        "\r\n", "\n"
    )


def split_escaped(value: str, separator: str) -> list[str]:
    """Split on separators not preceded by a backslash (the parts stay escaped)."""
    if "\\" not in value:
        return value.split(separator)
    parts: list[str] = []
    current: list[str] = []
    chars = iter(value)
    for ch in chars:
        if ch == "\\":
            current += [ch, next(chars, "")]
        elif ch == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def parse_date(value: str, omit_year: bool = False) -> date | None:
    """BDAY as 3.0 (`1984-07-22`) or 4.0 (`19840722`); without its year (`--0722`, or
    Apple's `X-APPLE-OMIT-YEAR` on a placeholder year) a day of `domain.dates.NO_YEAR`."""
    text = value.strip()[:10]
    digits = text.replace("-", "")
    try:
        if text.startswith("--") and len(digits) >= 4 and digits[:4].isdigit():
            return yearless(int(digits[:2]), int(digits[2:4]))
        if len(digits) < 8 or not digits[:8].isdigit():
            return None
        if omit_year:
            return yearless(int(digits[4:6]), int(digits[6:8]))
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


class Card:
    """One card: its version, its properties in order, and the line of its BEGIN."""

    __slots__ = ("_index", "line", "props", "version")

    def __init__(self, version: str, props: tuple[Prop, ...], line: int = 1) -> None:
        self.version, self.props, self.line = version, props, line
        self._index: dict[str, list[Prop]] = {}
        for prop in props:
            if prop.name in self._index:
                self._index[prop.name].append(prop)
            else:
                self._index[prop.name] = [prop]

    def all(self, name: str) -> list[Prop]:
        return self._index.get(name, [])

    def texts(self, name: str) -> list[str]:
        props = self._index.get(name)
        if not props:
            return []
        return [t for p in props if (t := unescape(p.value, self.version).strip())]

    def text(self, name: str) -> str | None:
        found = self.texts(name)
        return found[0] if found else None

    def component(self, prop: Prop, index: int) -> str:
        parts = split_escaped(prop.value, ";")
        return unescape(parts[index], self.version).strip() if index < len(parts) else ""

    @property
    def name(self) -> str | None:
        formatted = self.text("FN")
        if formatted:
            return " ".join(formatted.split())
        for prop in self.all("N"):
            parts = [self.component(prop, i) for i in (3, 1, 2, 0, 4)]
            joined = " ".join(part for part in parts if part)
            if joined:
                return joined
        return None

    @property
    def given_name(self) -> str | None:
        """The N property's given-name component (`N:Asante;Kwabena;;Dr.;`), if any."""
        return self.first_component("N", 1)

    @property
    def emails(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.lower() for e in self.texts("EMAIL")))

    @property
    def phones(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.removeprefix("tel:").strip() for t in self.texts("TEL")))

    def first_component(self, name: str, index: int) -> str | None:
        found = (self.component(prop, index) for prop in self.all(name))
        return next((part for part in found if part), None)

    @property
    def company(self) -> str | None:
        return self.first_component("ORG", 0)

    @property
    def links(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.texts("URL")))

    @property
    def categories(self) -> list[str]:
        found: list[str] = []
        for prop in self.all("CATEGORIES"):
            found += [unescape(c, self.version).strip() for c in split_escaped(prop.value, ",")]
        return [c for c in dict.fromkeys(found) if c]

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(c for c in self.categories if c.casefold() not in IGNORED_CATEGORIES)

    @property
    def birthday(self) -> date | None:
        for prop in self.all("BDAY"):
            return parse_date(prop.value, omit_year=bool(prop.param("X-APPLE-OMIT-YEAR")))
        return None

    @property
    def notes(self) -> str:
        return "\n".join(self.texts("NOTE"))

    @property
    def location(self) -> str | None:
        return self.first_component("ADR", 3)  # the locality

    @property
    def uid(self) -> str | None:
        return self.text("UID")

    def fallback_uid(self) -> str:
        """A stable identity for a card without UID: its name and first email."""
        seed = f"{self.name or ''}\n{(self.emails or ('',))[0]}"
        return "vcard-" + hashlib.sha256(seed.encode()).hexdigest()[:32]

    def record(self, where: str) -> ContactRecord | SkippedRecord:
        emails, company = self.emails, self.company
        name = self.name or company or (emails[0] if emails else None)
        if not name:
            return SkippedRecord(where, "a card with no name, organisation or email")
        return ContactRecord(
            source="vcard",
            where=where,
            name=name,
            uid=self.uid or self.fallback_uid(),
            emails=emails,
            phones=self.phones,
            company=company,
            title=self.text("TITLE"),
            location=self.location,
            links=self.links,
            tags=self.tags,
            birthday=self.birthday,
            notes=self.notes,
            given_name=self.given_name,
        )


def decode(raw: bytes) -> str:
    """Bytes to text: a BOM says how; else UTF-8; else Windows-1252 (old Outlook)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _is(line: str, keyword: str) -> bool:
    return line.strip().upper() == keyword + "VCARD"


def _agent(line: str) -> bool:
    return line.split(":", 1)[0].split(";", 1)[0].rpartition(".")[2].upper() == "AGENT"


def split_cards(text: str) -> Iterator[tuple[int, list[str] | None]]:
    """(line of BEGIN, the lines between BEGIN and END), or None for a card never closed.

    A BEGIN inside a card starts a nested card (left out) only after a 2.1 `AGENT`
    line; otherwise the open card was truncated.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start, depth, body = 0, 0, list[str]()
    for number, line in enumerate(lines, 1):
        first = line[:1]
        if first in ("B", "b") and _is(line, "BEGIN:"):
            if depth == 1 and not (body and _agent(body[-1])):
                yield start, None
                depth = 0
            if not depth:
                start, body = number, []
            depth += 1
        elif depth and first in ("E", "e") and _is(line, "END:"):
            depth -= 1
            if not depth:
                yield start, body
        elif depth == 1:
            body.append(line)
    if depth:
        yield start, None


def _params(items: list[str]) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for item in items:
        key, eq, value = item.partition("=")
        if not eq:  # a bare 2.1 parameter: TEL;WORK;VOICE
            found.append(("TYPE", item))
        elif "," in value or '"' in value:
            found += [(key.strip().upper(), v.strip('"')) for v in value.split(",")]
        else:
            found.append((key.strip().upper(), value))
    return tuple(found)


def _fast_props(lines: list[str]) -> list[Prop] | None:
    """The props of a well-formed card, or None to let vobject handle it."""
    logical: list[tuple[str, str]] = []
    if any(map(_CONTINUED, lines)):
        for line in lines:
            if line[:1] in (" ", "\t"):
                if not logical:
                    return None
                text, raw = logical[-1]
                logical[-1] = (text + line[1:], raw + "\r\n" + line)
            elif line.strip():
                logical.append((line, line))
        if any(line.upper() == "VERSION:2.1" for line, _ in logical):
            return None  # 2.1 folding keeps the whitespace: vobject knows
    else:
        logical = [(line, line) for line in lines if line]
    props: list[Prop] = []
    append = props.append
    for text, raw in logical:
        head, sep, value = text.partition(":")
        if sep and head.isalnum():
            append(_new(Prop, (None, head.upper(), (), value, raw)))
            continue
        if '"' in head:  # a colon or semicolon inside quotes is not a separator
            quoted = _HEAD.match(text)
            if quoted is None:
                return None
            head, value = quoted.group(1), text[quoted.end() :]
        elif not sep:
            return None
        items = _PARAM_SEP.split(head) if '"' in head else head.split(";")
        group, _, name = items[0].rpartition(".")
        name = name.upper()
        if not _NAME.match(name) or name == "BEGIN":
            return None
        params = _params(items[1:]) if len(items) > 1 else ()
        if name not in BINARY and any(v.upper() in _ENCODED for _, v in params):
            return None  # quoted-printable or base64 text: vobject decodes it
        append(_new(Prop, (group or None, name, params, value, raw)))
    return props


def _vobject_props(lines: list[str]) -> list[Prop]:
    """vobject's tokenizer: quoted-printable soft breaks, CHARSET, bare parameters."""
    from vobject import base  # type: ignore[import-untyped]

    props: list[Prop] = []
    for text, number in base.getLogicalLines(io.StringIO("\r\n".join(lines)), allowQP=True):
        try:
            line = base.textLineToContentLine(text, number)
        except (base.ParseError, UnicodeError, ValueError):  # e.g. Latin-1 bytes "in UTF-8"
            props.append(Prop(None, "", (), "", text))  # unreadable: kept, never read
            continue
        decoded = "QUOTED-PRINTABLE" in text.split(":", 1)[0].upper()
        params = [(k, v) for k, values in line.params.items() for v in values]
        params += [("TYPE", v) for v in line.singletonparams]
        value = line.value if isinstance(line.value, str) else ""
        props.append(Prop(line.group, line.name, tuple(params), value, None if decoded else text))
    return props


def parse_lines(lines: list[str], line: int = 1) -> Card:
    props = _fast_props(lines) or _vobject_props(lines)
    version = next((p.value.strip() for p in props if p.name == "VERSION"), "3.0")
    return Card(version, tuple(props), line)


def parse_card(text: str) -> Card:
    """The first card of a text (a stored or exported card)."""
    for line, lines in split_cards(text):
        if lines is None:
            raise CardError(f"the card at line {line} has no END:VCARD")
        return parse_lines(lines, line)
    raise CardError("no BEGIN:VCARD")


def cards_in(text: str, file: str) -> Iterator[Card | RecordError]:
    for line, lines in split_cards(text):
        if lines is None:
            yield RecordError(file, line, "truncated card: BEGIN:VCARD without END:VCARD")
            continue
        try:
            yield parse_lines(lines, line)
        except (ValueError, LookupError, TypeError, AttributeError) as error:
            yield RecordError(file, line, f"unreadable card ({error})")


def records_in(text: str, file: str) -> Iterator[Record]:
    for card in cards_in(text, file):
        yield card if isinstance(card, RecordError) else card.record(f"{file}:{card.line}")


def is_card_file(name: str) -> bool:
    """vdir rules: `.vcf` items; temp files and files without an extension are not items."""
    return not name.startswith(".") and name.lower().endswith(CARD_SUFFIXES)


def read(path: str | Path, options: ReadOptions | None = None) -> Iterator[Record]:
    """Contacts from a .vcf file (one card or many) or a vdir (a folder of them)."""
    options = options or ReadOptions()
    source = Path(path)
    files = (
        sorted(p for p in source.iterdir() if is_card_file(p.name) and p.is_file())
        if source.is_dir()
        else [source]
    )
    for file in files:
        try:
            raw = file.read_bytes()
        except OSError as exc:
            yield RecordError(str(file), None, f"cannot read: {exc.strerror or exc}")
            continue
        options.advance(len(raw))
        yield from records_in(decode(raw), str(file))
