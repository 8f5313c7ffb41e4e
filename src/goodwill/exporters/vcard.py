"""People as vCards (4.0, or 3.0), merged into the card synced last time.

Importers and exporters are independent layers: the card to merge into comes
parsed (`goodwill.importers.vcard.parse_card`, a `SyncedCard` here), handed
over by the service that holds both.

goodwill models a few properties of a card (`MODELLED`); a card in a vdir
carries many more (addresses, photos, X- properties of every app). Merging
regenerates only the modelled properties whose meaning changed: a line whose
value still says what goodwill holds is kept byte for byte, so that an
unchanged person exports exactly the card it was read from, and every other
property survives untouched. That fixed point is what lets sync tell "the
person changed in goodwill" from "nothing happened".
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Protocol

from goodwill.domain.dates import NO_YEAR
from goodwill.domain.links import normalise_link
from goodwill.domain.model import Person

#: Properties goodwill writes; all others are the card's own and pass through.
MODELLED = (
    "UID",
    "FN",
    "N",
    "EMAIL",
    "TEL",
    "ORG",
    "TITLE",
    "URL",
    "BDAY",
    "NOTE",
    "CATEGORIES",
)
PRODID = "PRODID:-//goodwill//vCard export//EN"
#: What changes when nothing about the contact changed (vdirsyncer ignores the same).
HASH_IGNORED = frozenset({"PRODID", "REV", "LAST-MODIFIED", "CREATED", "X-RADICALE-NAME"})
_FOLD = re.compile(r"\r?\n[ \t]")
_NOT_DIGIT = re.compile(r"\D")
_HASH_DROP = re.compile(
    r"(?:[^:;.]*\.)?(?:" + "|".join(sorted(HASH_IGNORED)) + r")[;:]", re.IGNORECASE
)
#: Apple's labels belong to the grouped property; alone they mean nothing.
LABELS = frozenset({"X-ABLABEL"})
_PREFIXES = frozenset({"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof."})
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "md"})


class Contact(Protocol):
    """What a card says about a person: `PersonFields`, or the store's `CardFields`."""

    @property
    def name(self) -> str: ...
    @property
    def emails(self) -> tuple[str, ...]: ...
    @property
    def phones(self) -> tuple[str, ...]: ...
    @property
    def company(self) -> str | None: ...
    @property
    def title(self) -> str | None: ...
    @property
    def links(self) -> tuple[str, ...]: ...
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def birthday(self) -> date | None: ...
    @property
    def notes(self) -> str: ...


class SyncedProp(Protocol):
    """One property of a parsed card (`goodwill.importers.vcard.Prop`)."""

    @property
    def group(self) -> str | None: ...
    @property
    def name(self) -> str: ...
    @property
    def params(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def value(self) -> str: ...
    @property
    def raw(self) -> str | None: ...
    def text(self, version: str) -> str: ...


class SyncedCard(Protocol):
    """A parsed card (`goodwill.importers.vcard.Card`): what the merge reads of it."""

    @property
    def version(self) -> str: ...
    @property
    def props(self) -> Sequence[SyncedProp]: ...
    def all(self, name: str) -> Sequence[SyncedProp]: ...
    def text(self, name: str) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def company(self) -> str | None: ...
    @property
    def notes(self) -> str: ...
    @property
    def birthday(self) -> date | None: ...
    @property
    def categories(self) -> list[str]: ...
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def uid(self) -> str | None: ...


def phone_key(phone: str) -> str:
    """A phone as digits (and a leading +), to compare numbers written differently."""
    text = phone.strip().removeprefix("tel:")
    return ("+" if text.startswith("+") else "") + _NOT_DIGIT.sub("", text)


def person_hash(contact: Contact) -> str:
    """A hash of the card fields as stored: what sync compares to see if a person changed."""
    parts = (
        contact.name,
        "\x1e".join(contact.emails),
        "\x1e".join(contact.phones),
        contact.company or "",
        contact.title or "",
        "\x1e".join(contact.links),
        "\x1e".join(sorted(contact.tags)),
        contact.birthday.isoformat() if contact.birthday else "",
        contact.notes,
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def fingerprint(contact: Contact) -> str:
    """Equal for two contacts exactly when their cards would carry the same meaning."""
    parts = (
        " ".join(contact.name.split()),
        "\x1e".join(e.strip().lower() for e in contact.emails),
        "\x1e".join(phone_key(p) for p in contact.phones),
        contact.company or "",
        contact.title or "",
        "\x1e".join(normalise_link(u) for u in contact.links),
        "\x1e".join(sorted({t.casefold() for t in contact.tags})),
        contact.birthday.isoformat() if contact.birthday else "",
        contact.notes.strip(),
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def split_name(name: str) -> list[str]:
    """Best effort N (family; given; additional; prefix; suffix) from a display name."""
    if "," in name:
        family, _, given = name.partition(",")
        return [family.strip(), given.strip(), "", "", ""]
    words = name.split()
    prefix = [w for w in words[:1] if w.lower() in _PREFIXES and len(words) > 1]
    words = words[len(prefix) :]
    suffix = [w for w in words[-1:] if w.lower() in _SUFFIXES and len(words) > 1]
    words = words[: len(words) - len(suffix)]
    if len(words) == 1:
        return ["", words[0], "", " ".join(prefix), " ".join(suffix)]
    return [words[-1], words[0], " ".join(words[1:-1]), " ".join(prefix), " ".join(suffix)]


def fold(line: str) -> str:
    """Fold at 75 octets without splitting a UTF-8 character."""
    if len(line.encode()) <= 75:
        return line
    parts: list[str] = []
    current, size = "", 0
    for ch in line:
        width = len(ch.encode())
        if size + width > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += ch
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _serialise(prop: SyncedProp) -> str:
    """A property decoded from 2.1 (quoted-printable, bare parameters) in 3.0 syntax."""
    if not prop.name:  # a line no parser could read: kept only where kept verbatim
        return ""
    grouped: dict[str, list[str]] = {}
    for key, value in prop.params:
        if key not in ("ENCODING", "CHARSET"):
            grouped.setdefault(key, []).append(value)
    params = "".join(
        f";{key}=" + ",".join(f'"{v}"' if any(c in v for c in ':;,"') else v for v in values)
        for key, values in grouped.items()
    )
    value = prop.value.replace("\r\n", "\n").replace("\n", "\\n")
    return fold(f"{prop.group + '.' if prop.group else ''}{prop.name}{params}:{value}")


class _Merge:
    """The modelled lines of one card: kept where their meaning is unchanged, else new."""

    def __init__(
        self, contact: Contact, uid: str | None, version: str, old: SyncedCard | None
    ) -> None:
        self.contact, self.uid, self.version, self.old = contact, uid, version, old
        self.reuse = old is not None and old.version == version
        self.read_as = version if old is None else old.version

    def line(self, prop: SyncedProp) -> str:
        return prop.raw if self.reuse and prop.raw is not None else _serialise(prop)

    def olds(self, name: str) -> Sequence[SyncedProp]:
        return () if self.old is None else self.old.all(name)

    def keep_if(self, name: str, same: bool, new: Callable[[], list[str]]) -> list[str]:
        if same and self.old is not None:
            return [self.line(p) for p in self.olds(name)]
        return new()

    def each(self, name: str, values: tuple[str, ...], key: Callable[[str], str]) -> list[str]:
        """One line per value, reusing an old line that says the same."""
        unused = list(self.olds(name))
        lines = []
        for value in dict.fromkeys(values):
            match = next((p for p in unused if key(p.text(self.read_as)) == key(value)), None)
            if match is not None:
                unused.remove(match)
                lines.append(self.line(match))
            else:
                lines.append(fold(f"{name}:{value if name == 'URL' else escape(value)}"))
        return lines

    def lines(self, name: str) -> list[str]:
        c, old = self.contact, self.old
        if name == "UID":
            same = old is not None and (self.uid is None or old.uid == self.uid)
            return self.keep_if(name, same, lambda: [f"UID:{self.uid}"] if self.uid else [])
        if name == "FN":
            return self.keep_if(name, _same_name(old, c), lambda: [fold(f"FN:{escape(c.name)}")])
        if name == "N":
            n = ";".join(escape(part) for part in split_name(c.name))
            return self.keep_if(name, _same_name(old, c), lambda: [fold(f"N:{n}")])
        if name == "EMAIL":
            return self.each(name, c.emails, str.lower)
        if name == "TEL":
            return self.each(name, c.phones, phone_key)
        if name == "URL":
            return self.each(name, c.links, normalise_link)
        if name == "ORG":
            same = old is not None and (old.company or None) == (c.company or None)
            return self.keep_if(name, same, lambda: _single("ORG", c.company))
        if name == "TITLE":
            same = old is not None and old.text("TITLE") == (c.title or None)
            return self.keep_if(name, same, lambda: _single("TITLE", c.title))
        if name == "NOTE":
            same = old is not None and old.notes.strip() == c.notes.strip()
            return self.keep_if(name, same, lambda: _single("NOTE", c.notes.strip()))
        if name == "BDAY":
            same = old is not None and old.birthday == c.birthday
            return self.keep_if(name, same, self._birthday)
        same = old is not None and {t.casefold() for t in old.tags} == {
            t.casefold() for t in c.tags
        }
        return self.keep_if(name, same, self._categories)

    def _birthday(self) -> list[str]:
        day = self.contact.birthday
        if day is None:
            return []
        if day.year == NO_YEAR:  # 4.0 has a form for it; 3.0 has Apple's
            if self.version == "4.0":
                return [f"BDAY:{day.strftime('--%m%d')}"]
            return [f"BDAY;X-APPLE-OMIT-YEAR={NO_YEAR}:{day.isoformat()}"]
        return [f"BDAY:{day.strftime('%Y%m%d' if self.version == '4.0' else '%Y-%m-%d')}"]

    def _categories(self) -> list[str]:
        old = self.old
        values = [] if old is None else [c for c in old.categories if c not in old.tags]
        values += list(self.contact.tags)  # after the app's own groups (Google's myContacts)
        return [fold("CATEGORIES:" + ",".join(escape(v) for v in values))] if values else []


def _same_name(old: SyncedCard | None, contact: Contact) -> bool:
    return old is not None and old.name == " ".join(contact.name.split())


def _single(name: str, value: str | None) -> list[str]:
    return [fold(f"{name}:{escape(value)}")] if value else []


def to_vcard(
    person: Person | Contact,
    uid: str | None = None,
    *,
    version: str = "4.0",
    base: SyncedCard | None = None,
) -> str:
    """The person's card; with `base` (the card as last synced, parsed), merged into it.

    A 3.0 or 4.0 base keeps its version; a 2.1 base comes out as 3.0.
    """
    contact: Contact = person.fields if isinstance(person, Person) else person
    old = base
    if old is not None:
        version = old.version if old.version in ("3.0", "4.0") else "3.0"
    merge = _Merge(contact, uid, version, old)
    new = {name: merge.lines(name) for name in MODELLED}
    body: list[tuple[str | None, str, str]] = []  # (group, name, line)
    if old is None:
        body.append((None, "PRODID", PRODID))
    lost_groups: set[str] = set()
    placed: set[str] = set()
    for prop in () if old is None else old.props:
        if prop.name == "VERSION":
            continue
        if prop.name in new:
            if prop.group and merge.line(prop) not in new[prop.name]:
                lost_groups.add(prop.group)
            if prop.name not in placed:
                placed.add(prop.name)
                body += [(_group(line), prop.name, line) for line in new[prop.name]]
            continue
        body.append((prop.group, prop.name, merge.line(prop)))
    for name in MODELLED:
        if name not in placed:
            body += [(_group(line), name, line) for line in new[name]]
    alive = {g for g, name, _ in body if g and name not in LABELS}
    lines = [line for g, _, line in body if line and not (g in lost_groups and g not in alive)]
    return "\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD"]) + "\r\n"


def _group(line: str) -> str | None:
    head = line.split(":", 1)[0].split(";", 1)[0]
    return head.rpartition(".")[0] or None


def card_hash(text: str) -> str:
    """A hash equal for cards that differ only in PRODID, REV and the like, or in the
    order and folding of their lines (as vdirsyncer compares items)."""
    unfolded = _FOLD.sub("", text) if ("\n " in text or "\n\t" in text) else text
    kept = [line.strip() for line in unfolded.replace("\r\n", "\n").split("\n")]
    kept = sorted(line for line in kept if line and not _HASH_DROP.match(line))
    return hashlib.sha256("\r\n".join(kept).encode()).hexdigest()


def write_atomically(path: Path, text: str) -> os.stat_result:
    """Write a whole file or nothing (a temp file in the same folder, then a rename);
    a new file is private (0600), a rewritten one keeps its mode."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".goodwill-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path.stat()
