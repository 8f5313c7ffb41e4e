"""Address-book CSVs: Google Contacts (new and old format) and Outlook.

Both are one contact per row with the columns mapped by name. Google packs several values
into one cell (`a ::: b`, a leading `* ` marking the primary one) and numbers its repeated
groups (`E-mail 1 - Value`, `E-mail 2 - Value`, ... as many as the file needs); Outlook has
fixed columns (`E-mail Address`, `E-mail 2 Address`, a dozen phone columns) and is often
Windows-1252 with CRLF line ends, which `csvtext` handles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal

from goodwill.importers.csvtext import (
    Row,
    Source,
    Table,
    clean,
    column_key,
    load_table,
    parse_birthday,
    read_export,
    where_of,
)
from goodwill.importers.records import ContactRecord, ReadOptions, Record, RecordError

Flavour = Literal["google-csv", "outlook-csv"]
_GOOGLE = "a Google Contacts CSV"
_OUTLOOK = "an Outlook contacts CSV"

#: Google's system labels: they say nothing about the person, so they do not become tags.
_SYSTEM_LABELS = frozenset({"mycontacts", "my contacts", "starred", "frequently contacted"})
_GROUP = re.compile(r"(.+?) (\d+) - (.+)")
#: Name parts of the new format, then of the old one (which also has a whole `Name`).
_GOOGLE_NAME_PARTS = (
    "name prefix", "first name", "given name", "middle name", "additional name",
    "last name", "family name", "name suffix",
)  # fmt: skip


def detect(header: Sequence[str]) -> Flavour | None:
    """Which address book wrote a CSV with this header row (cells as in the file, any case)."""
    keys = {column_key(cell) for cell in header}
    numbered = any(_GROUP.fullmatch(key) for key in keys)
    if keys & {"labels", "group membership"} or (numbered and "e-mail address" not in keys):
        return "google-csv"
    if "e-mail address" in keys and keys & {"first name", "last name", "e-mail display name"}:
        return "outlook-csv"
    return None


def _is(flavour: Flavour) -> Callable[[Sequence[str]], bool]:
    return lambda keys: detect(keys) == flavour


def read_google(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Contacts from a Google Contacts CSV export (either format, any encoding)."""
    return read_export(path, options, {}, lambda _data: _google, _GOOGLE)


def read_outlook(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Contacts from an Outlook CSV export."""
    return read_export(path, options, {}, lambda _data: _outlook, _OUTLOOK)


def split_values(cell: str) -> list[str]:
    """A Google multi-value cell as a list, primary (`* `) first, markers removed."""
    if " ::: " not in cell and not cell.startswith("* "):  # the usual single value, fast
        value = cell.strip()
        return [value] if value else []
    primary: list[str] = []
    others: list[str] = []
    for part in cell.split(" ::: "):
        value = part.strip()
        if value.startswith("* "):
            primary.append(value[2:].strip())
        elif value:
            others.append(value)
    return primary + others


def _unique(values: Iterable[str], *, fold: bool = False) -> tuple[str, ...]:
    """Values without blanks or repeats (case-insensitively for emails), first one kept."""
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        key = value.casefold() if fold else value
        if value and key not in seen:
            seen.add(key)
            kept.append(value)
    return tuple(kept)


def _uid(name: str, emails: Sequence[str], company: str | None) -> str:
    """The first email, lowercased; without one, the name and company."""
    return emails[0].casefold() if emails else f"name:{name}|{company or ''}"


# --- Google ------------------------------------------------------------------------------


class _GoogleColumns:
    """The numbered groups of one file, worked out once from its header.

    Each group is (label key, value keys), in the order of their numbers; when values are
    read, a group whose label carries the primary mark (`* Work`) comes first.
    """

    def __init__(self, table: Table[Row]) -> None:
        groups: dict[tuple[str, int], dict[str, str]] = {}
        for key in table.columns:
            if match := _GROUP.fullmatch(key):
                groups.setdefault((match[1], int(match[2])), {})[match[3]] = key
        self.emails = self._of(groups, "e-mail", ("value",))
        self.phones = self._of(groups, "phone", ("value",))
        self.websites = self._of(groups, "website", ("value",))
        self.orgs = self._of(groups, "organization", ("name", "title"))
        self.addresses = self._of(groups, "address", ("city", "country", "formatted"))

    @staticmethod
    def _of(
        groups: dict[tuple[str, int], dict[str, str]], kind: str, fields: tuple[str, ...]
    ) -> list[tuple[str, tuple[str, ...]]]:
        numbered = sorted((n, parts) for (k, n), parts in groups.items() if k == kind)
        return [
            (parts.get("label") or parts.get("type") or "", tuple(parts.get(f, "") for f in fields))
            for _, parts in numbered
        ]

    @staticmethod
    def values(cells: dict[str, str], groups: list[tuple[str, tuple[str, ...]]]) -> list[str]:
        """All values of a group kind's first field, primary groups and values first."""
        first: list[str] = []
        rest: list[str] = []
        for label, (value, *_more) in groups:
            target = first if cells.get(label, "").lstrip().startswith("* ") else rest
            target.extend(split_values(cells.get(value, "")))
        return first + rest


def _google(file: str, data: Source, options: ReadOptions) -> Iterator[Record]:
    table = load_table(file, data, _is("google-csv"), options.advance, what=_GOOGLE)
    columns = _GoogleColumns(table)
    for row in table.rows:
        if isinstance(row, RecordError):
            yield row
            continue
        line, cells = row
        emails = _unique(columns.values(cells, columns.emails), fold=True)
        phones = _unique(columns.values(cells, columns.phones))
        company, title = _google_org(cells, columns)
        name = clean(cells.get("name")) or _joined(cells, *_GOOGLE_NAME_PARTS)
        name = name or clean(cells.get("nickname")) or clean(cells.get("file as"))
        name = name or company or (emails[0] if emails else "") or (phones[0] if phones else "")
        if not name:
            yield RecordError(file, line, "a contact with no name, email or phone")
            continue
        try:
            birthday = parse_birthday(cells.get("birthday", ""))
        except ValueError as exc:
            yield RecordError(file, line, f"{name}: Birthday: {exc}")
            continue
        labels = split_values(cells.get("labels") or cells.get("group membership") or "")
        yield ContactRecord(
            source="google-csv",
            where=where_of(file, line),
            name=name,
            uid=_uid(name, emails, company),
            emails=emails,
            phones=phones,
            company=company,
            title=title,
            location=_google_location(cells, columns),
            given_name=clean(cells.get("first name") or cells.get("given name")) or None,
            links=_unique(columns.values(cells, columns.websites)),
            tags=_unique(label for label in labels if not _is_system_label(label)),
            birthday=birthday,
            notes=_notes(cells),
        )


def _is_system_label(label: str) -> bool:
    """`myContacts`, `starred` and the old format's `System Group: ...` entries."""
    folded = label.casefold()
    return folded in _SYSTEM_LABELS or folded.startswith("system group:")


def _notes(cells: dict[str, str]) -> str:
    """The notes cell with Windows line ends made plain (Outlook's notes keep their CRLF)."""
    return cells.get("notes", "").replace("\r\n", "\n").strip()


def _joined(cells: dict[str, str], *keys: str) -> str:
    return clean(" ".join(cells.get(key, "") for key in keys))


def _google_org(cells: dict[str, str], columns: _GoogleColumns) -> tuple[str | None, str | None]:
    """(company, title): the new format's plain columns, else the first `Organization N`."""
    company = (split_values(cells.get("organization name", "")) or [""])[0]
    title = (split_values(cells.get("organization title", "")) or [""])[0]
    for _label, (name_key, title_key) in columns.orgs:
        company = company or (split_values(cells.get(name_key, "")) or [""])[0]
        title = title or (split_values(cells.get(title_key, "")) or [""])[0]
    return clean(company) or None, clean(title) or None


def _google_location(cells: dict[str, str], columns: _GoogleColumns) -> str | None:
    """City and country of the first address that has them."""
    for _label, (city, country, _formatted) in columns.addresses:
        place = ", ".join(
            part for part in (clean(cells.get(city)), clean(cells.get(country))) if part
        )
        if place:
            return place
    return None


# --- Outlook -----------------------------------------------------------------------------

_OUTLOOK_EMAILS = ("e-mail address", "e-mail 2 address", "e-mail 3 address")


def _phone_columns(columns: Sequence[str]) -> tuple[str, ...]:
    """Every column that holds a phone number (`Mobile Phone`, `Business Phone 2`, ...).

    Mobile and primary phones first, as the likeliest to reach the person; faxes are left out.
    """
    phones = [key for key in columns if "phone" in key and "fax" not in key]
    return tuple(sorted(phones, key=lambda key: ("mobile" not in key, "primary" not in key)))


def _outlook(file: str, data: Source, options: ReadOptions) -> Iterator[Record]:
    table = load_table(file, data, _is("outlook-csv"), options.advance, what=_OUTLOOK)
    phone_keys = _phone_columns(table.columns)
    for row in table.rows:
        if isinstance(row, RecordError):
            yield row
            continue
        line, cells = row
        # Exchange exports put `/o=ExchangeLabs/...` paths where addresses go: not emails.
        addresses = (cells.get(key, "").strip() for key in _OUTLOOK_EMAILS)
        emails = _unique((value for value in addresses if "@" in value), fold=True)
        phones = _unique(cells.get(key, "").strip() for key in phone_keys)
        company = clean(cells.get("company")) or None
        # The title ("Dr.") is part of how the person is addressed, so it stays in the name.
        name = _joined(cells, "title", "first name", "middle name", "last name", "suffix")
        display = re.sub(r"\s*\([^)]*@[^)]*\)$", "", clean(cells.get("e-mail display name")))
        name = name or display or company or (emails[0] if emails else "")
        if not name:
            yield RecordError(file, line, "a contact with no name, email or company")
            continue
        try:
            birthday = parse_birthday(cells.get("birthday", ""))
        except ValueError as exc:
            yield RecordError(file, line, f"{name}: Birthday: {exc}")
            continue
        categories = cells.get("categories", "").split(";")
        yield ContactRecord(
            source="outlook-csv",
            where=where_of(file, line),
            name=name,
            uid=_uid(name, emails, company),
            emails=emails,
            phones=phones,
            company=company,
            title=clean(cells.get("job title")) or None,
            location=_outlook_location(cells),
            given_name=clean(cells.get("first name")) or None,
            links=_unique([clean(cells.get("web page"))]),
            tags=_unique(clean(category) for category in categories),
            birthday=birthday,
            notes=_notes(cells),
        )


def _outlook_location(cells: dict[str, str]) -> str | None:
    for where in ("business", "home", "other"):
        city = clean(cells.get(f"{where} city"))
        country = clean(cells.get(f"{where} country/region") or cells.get(f"{where} country"))
        if city or country:
            return ", ".join(part for part in (city, country) if part)
    return None
