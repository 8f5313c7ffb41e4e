"""Two-way sync of people with a vdir: a folder with one .vcf per contact, as vdirsyncer
(and so any CardDAV server, phone or khard) keeps it.

Each person is linked to at most one card file (`store.cards`). The rules:

* a card new in the vdir is imported as `goodwill import vcard` would (matched
  by UID, email, link, phone, name, or created) and linked to its person; a
  card whose UID belonged to a card that disappeared is that card, renamed;
* a person with no card gets a new one, `<uid>.vcf`; archived people do not;
* a card changed on disk (etag and hash both differ) whose person is unchanged
  in goodwill since the last sync updates the person from the card;
* a person changed in goodwill whose card is unchanged gets the card
  rewritten, merged into the card as last synced: whatever goodwill does not
  model (ADR, PHOTO, X- properties...) survives untouched;
* both changed: a conflict. goodwill wins for the fields it models, the card
  keeps its other properties, and the conflict is reported by name;
* a card deleted on disk: the person is kept (a sync never deletes people),
  the link is forgotten and the deletion reported. The next sync writes a new
  card for them, unless they are archived in the meantime;
* a new card matching a person who already has one (a duplicate) is a
  conflict: reported, not linked; an email a card gives that belongs to
  someone else is left out and reported.

Cards are written back only when goodwill's export says more than they do
(a card without UID gains one; a 2.1 card comes back as 3.0). A person
removed with `rm` loses their link; their card, if still in the vdir, then
reads as new. A person removed with `forget` leaves a tombstone (a digest of
their card's UID): the next sync deletes that card from the vdir instead of
bringing them back.

"Card changed" compares the file's etag (mtime_ns, size, inode) first, so an
unchanged file is never read, then a hash that ignores PRODID, REV,
LAST-MODIFIED and CREATED and line order, as vdirsyncer does (like
vdirsyncer, an in-place edit of the same size within one mtime tick goes
unseen; editors and vdirsyncer write new files, which changes the inode). "Person
changed" compares a fingerprint of the person's card fields with the one
stored at the last sync, then confirms that exporting the person into the
stored card gives a card of a different hash.

Everything is prepared in one transaction; files are then written
atomically (a temp file in the same folder, then `os.replace`; new files are
0600), and the transaction commits only when every file is written. A
failure leaves each card either as it was or wholly new.
"""

from __future__ import annotations

import gc
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from goodwill.domain.errors import BadInput
from goodwill.domain.links import normalise_link
from goodwill.exporters.vcard import (
    Contact,
    card_hash,
    fingerprint,
    person_hash,
    to_vcard,
    write_atomically,
)
from goodwill.importers.records import ContactRecord, RecordError
from goodwill.importers.vcard import Card, cards_in, decode, is_card_file, parse_card
from goodwill.services.context import Context
from goodwill.services.occasions import note_new_role
from goodwill.services.phones import normalise_phone
from goodwill.services.record_writer import write_records
from goodwill.services.views import Shape
from goodwill.store.cards import CardFields, CardLink, CardState
from goodwill.store.database import UnitOfWork

SAFE_UID = re.compile(r"[A-Za-z0-9_.+-]+\Z")
DEFAULT_VERSION = "3.0"


@dataclass(frozen=True, slots=True)
class CardConflict(Shape):
    """A card and a person that both changed, or that could not be linked: goodwill's side
    is kept, and `reason` says why."""

    name: str
    person_id: int
    file: str
    reason: str


@dataclass(frozen=True, slots=True)
class CardError(Shape):
    """A card that could not be read; `line` is where in the file, when known."""

    file: str
    line: int | None
    message: str


@dataclass
class SyncReport:
    """What a sync counts as it goes; `Synced` is what it returns."""

    imported: int = 0
    updated_people: int = 0
    written_cards: int = 0
    unchanged: int = 0
    forgotten: int = 0
    #: Cards of people removed with `goodwill forget`, deleted from the vdir.
    deleted_forgotten: int = 0
    conflicts: list[CardConflict] = field(default_factory=list)
    errors: list[CardError] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Synced(Shape):
    """What `sync_vdir` did (or, with `dry_run`, would do)."""

    imported: int
    updated_people: int
    written_cards: int
    unchanged: int
    forgotten: int
    #: Cards of people removed with `goodwill forget`, deleted from the vdir.
    deleted_forgotten: int
    conflicts: tuple[CardConflict, ...]
    errors: tuple[CardError, ...]
    dry_run: bool


class _Rollback(Exception):
    """Raised at the end of a dry run so that nothing is kept."""


def etag_of(stat: os.stat_result) -> str:
    return f"{stat.st_mtime_ns}-{stat.st_size}-{stat.st_ino}"


def scan(folder: Path) -> dict[str, str]:
    """filename → etag of the vdir's items (stat only: nothing is read)."""
    found: dict[str, str] = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            if is_card_file(entry.name) and entry.is_file(follow_symlinks=False):
                found[entry.name] = etag_of(entry.stat(follow_symlinks=False))
    return found


class _Incoming(NamedTuple):
    """A card file not linked yet. Its parsed card is not kept: 50,000 of them would
    keep Python's garbage collector busy; the few written back are parsed again."""

    filename: str
    text: str
    etag: str
    record: ContactRecord
    has_uid: bool  # the card carries the UID it is known by (not a hash of its name)
    version: str
    line: int


class _Sync:
    def __init__(self, ctx: Context, uow: UnitOfWork, folder: Path, version: str) -> None:
        self.ctx, self.uow, self.folder, self.version = ctx, uow, folder, version
        self.root = str(folder)
        self.cards = uow.cards
        self.report = SyncReport()
        self.links: list[CardLink] = []  # to save as they are
        self.writes: list[tuple[CardLink, str]] = []  # to write, then save with their etag
        self.forget: list[int] = []
        self.deletions: list[str] = []  # cards of forgotten people, deleted on save
        self.linked: dict[int, str] = {}  # person → filename, after this sync

    # -- files ----------------------------------------------------------------

    def path(self, filename: str) -> str:
        return os.path.join(self.root, filename)

    def _read(self, filename: str) -> tuple[str, str] | None:
        """(text, etag) of a file, the etag taken from the very file that was read."""
        try:
            with open(self.path(filename), "rb") as handle:
                stat = os.fstat(handle.fileno())
                return decode(handle.read()), etag_of(stat)
        except OSError as exc:
            self._error(filename, None, f"cannot read: {exc.strerror or exc}")
            return None

    def _parse(self, filename: str, text: str) -> Card | None:
        """The one card of a vdir item, or None with the problem reported."""
        items = list(cards_in(text, self.path(filename)))
        for item in items:
            if isinstance(item, RecordError):
                self._error(filename, item.line, item.message)
                return None
        if len(items) == 1 and isinstance(items[0], Card):
            return items[0]
        self._error(filename, None, f"holds {len(items)} cards: a vdir item holds one")
        return None

    def _error(self, filename: str, line: int | None, message: str) -> None:
        self.report.errors.append(CardError(self.path(filename), line, message))

    def _conflict(self, contact: Contact | None, pid: int, filename: str, reason: str) -> None:
        name = contact.name if contact is not None else f"#{pid}"
        self.report.conflicts.append(CardConflict(name, pid, filename, reason))

    def _keep(self, link: CardLink, text: str, card: Card, contact: Contact) -> None:
        """Link a card, rewriting it only when the person's export says something else."""
        merged = to_vcard(contact, link.uid, base=card)
        link = link._replace(person_hash=person_hash(contact))
        if card_hash(merged) == card_hash(text):
            self.links.append(link._replace(card=text, card_hash=card_hash(text)))
        else:
            self._write(link, merged)
        self.linked[link.person_id] = link.filename

    def _write(self, link: CardLink, text: str) -> None:
        self.writes.append((link._replace(card=text, card_hash=card_hash(text)), text))

    # -- the sync -------------------------------------------------------------

    def run(self) -> None:
        known, hashes = self.cards.snapshot()
        disk = scan(self.folder)
        incoming = self._incoming(sorted(set(disk) - set(known)))
        gone: list[tuple[int, str]] = []
        for filename in [f for f in known if f not in disk]:
            state = known.pop(filename)
            renamed = incoming.pop(state.uid, None)
            if renamed is None:
                gone.append((state.person_id, filename))
            else:  # the same card under another name: read it as a changed card
                known[renamed.filename] = state._replace(etag=None)
                disk[renamed.filename] = renamed.etag
        fields = self.cards.card_fields(None) if known or gone else {}
        for pid, filename in gone:
            self._conflict(fields.get(pid), pid, filename, "card deleted in the vdir: person kept")
            self.forget.append(pid)
            self.report.forgotten += 1
        self._linked(known, disk, fields, hashes)
        self._import(list(incoming.values()))
        self.new_cards(set(disk))

    def _incoming(self, filenames: list[str]) -> dict[str, _Incoming]:
        """New files by UID; a UID seen twice is an error for the second file."""
        found: dict[str, _Incoming] = {}
        for filename in filenames:
            read = self._read(filename)
            card = None if read is None else self._parse(filename, read[0])
            if read is None or card is None:
                continue
            record = card.record(f"{self.path(filename)}:{card.line}")
            if not isinstance(record, ContactRecord) or not record.uid:
                self._error(filename, card.line, "a card with no name, organisation or email")
            elif record.uid in found:
                self._error(filename, card.line, f"UID also in {found[record.uid].filename}")
            else:
                own = card.uid == record.uid
                found[record.uid] = _Incoming(
                    filename, read[0], read[1], record, own, card.version, card.line
                )
        buried = self.cards.buried(list(found))
        for uid in sorted(buried):
            self.deletions.append(found.pop(uid).filename)
        self.report.deleted_forgotten = len(self.deletions)
        return found

    def _linked(
        self,
        known: dict[str, CardState],
        disk: dict[str, str],
        fields: dict[int, CardFields],
        hashes: dict[int, str | None],
    ) -> None:
        """Linked cards: only people whose fingerprint moved are exported again, and only
        files whose etag moved are read."""
        stored = self.cards.cards(
            {
                state.person_id
                for state in known.values()
                if person_hash(fields[state.person_id]) != hashes.get(state.person_id)
            }
        )
        for filename, state in sorted(known.items()):
            pid, contact = state.person_id, fields[state.person_id]
            self.linked[pid] = filename
            if disk[filename] == state.etag and pid not in stored:
                self.report.unchanged += 1
                continue
            link = CardLink(pid, state.uid, filename, "", state.card_hash, state.etag)
            base = stored.get(pid, "")
            changed = pid in stored and state.card_hash != card_hash(
                to_vcard(contact, state.uid, base=parse_card(base))
            )
            if disk[filename] != state.etag:
                read = self._read(filename)
                if read is None:
                    continue
                base, etag = read
                link = link._replace(etag=etag)
                if card_hash(base) != state.card_hash:
                    card = self._parse(filename, base)
                    if card is None:
                        continue
                    if not changed:
                        self._take(link, base, card)
                        continue
                    reason = "changed on both sides: goodwill's fields won"
                    self._conflict(contact, pid, filename, reason)
            if changed:
                merged = to_vcard(contact, state.uid, base=parse_card(base))
                self._write(link._replace(person_hash=person_hash(contact)), merged)
            else:  # a new etag, or a fingerprint that moved without changing the card
                self.report.unchanged += 1
                self.links.append(link._replace(card=base, person_hash=person_hash(contact)))

    def _take(self, link: CardLink, text: str, card: Card) -> None:
        """The card changed and the person did not: the card's fields win."""
        person = self.uow.people.get(link.person_id)
        record = card.record(f"{self.path(link.filename)}:{card.line}")
        if person is None or not isinstance(record, ContactRecord):
            self._error(link.filename, card.line, "a card with no name, organisation or email")
            return
        emails = tuple(dict.fromkeys(e for e in record.emails if "@" in e))
        owners = self.uow.matches.by_emails(emails)
        for email in [e for e in emails if owners.get(e, person.id) != person.id]:
            reason = f"{email} belongs to person #{owners[email]}: left out"
            self._conflict(person.fields, person.id, link.filename, reason)
        region = self.ctx.config.region
        phones = (normalise_phone(number, region) for number in record.phones)
        fields = replace(
            person.fields,
            name=record.name,
            emails=tuple(e for e in emails if owners.get(e, person.id) == person.id),
            phones=tuple(dict.fromkeys(p for p in phones if p)),
            company=record.company,
            title=record.title,
            links=tuple(dict.fromkeys(normalise_link(u) for u in record.links)),
            tags=tuple(dict.fromkeys(t.lower() for t in record.tags)),
            birthday=record.birthday,
            notes=record.notes,
            location=record.location or person.fields.location,
        )
        if fields != person.fields:
            self.uow.people.update_fields(person.id, fields)
            note_new_role(self.uow, person.id, person.fields, fields, self.ctx.today())
            self.report.updated_people += 1
        else:
            self.report.unchanged += 1
        self._keep(link, text, card, fields)

    def _import(self, incoming: list[_Incoming]) -> None:
        """New cards through the importer, in its chunks; people found by the UID trace."""
        if not incoming:
            return
        write_records(self.ctx, self.uow, (item.record for item in incoming))
        match = self.uow.matches
        uids = [item.record.uid or "" for item in incoming]
        ids: dict[str, int] = {}
        for start in range(0, len(uids), 1000):
            found = match.by_source("vcard", uids[start : start + 1000])
            ids.update((uid, pid) for uid, (pid, _) in found.items())
        fields = self.cards.card_fields(set(ids.values()))
        for item in incoming:
            uid = item.record.uid or ""
            pid = ids.get(uid)
            if pid is None:
                self._error(item.filename, item.line, "not imported")
                continue
            if pid in self.linked:
                reason = f"the same person as {self.linked[pid]}: not linked"
                self._conflict(fields.get(pid), pid, item.filename, reason)
                continue
            link = CardLink(pid, uid, item.filename, item.text, card_hash(item.text), item.etag)
            contact = fields[pid]
            self.report.imported += 1
            if (
                item.has_uid
                and item.version != "2.1"
                and fingerprint(contact) == fingerprint(item.record)
            ):  # the person is the card: no need to export it to know
                self.links.append(link._replace(person_hash=person_hash(contact)))
                self.linked[pid] = item.filename
            else:
                self._keep(link, item.text, parse_card(item.text), contact)

    def new_cards(self, taken: set[str]) -> None:
        """A card for everyone not archived who has none."""
        forgotten = set(self.forget)
        pids = [
            pid
            for pid in self.cards.people_without_card()
            if pid not in self.linked and pid not in forgotten
        ]
        fields = self.cards.card_fields(pids)
        for pid in pids:
            uid = str(uuid.uuid4())
            filename = card_filename(uid, taken)
            taken.add(filename)
            text = to_vcard(fields[pid], uid, version=self.version)
            self._write(
                CardLink(pid, uid, filename, text, "", None, person_hash(fields[pid])), text
            )
            self.linked[pid] = filename

    def save(self, dry_run: bool) -> None:
        """Write the files, then the links with the files' new etags."""
        self.report.written_cards = len(self.writes)
        if dry_run:
            return
        for link, text in self.writes:
            etag = etag_of(write_atomically(self.folder / link.filename, text))
            self.links.append(link._replace(etag=etag))
        for filename in self.deletions:
            (self.folder / filename).unlink(missing_ok=True)
        if self.writes or self.deletions:
            fd = os.open(self.folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        self.cards.delete_many(self.forget)
        self.cards.upsert_many(self.links)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A sync holds a few objects per card until it ends, and makes almost no cycles:
    with 50,000 cards Python's cycle collector would rescan them again and again (a
    third of a no-change sync). It runs again, as it was, when the sync ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def card_filename(uid: str, taken: set[str]) -> str:
    """`<uid>.vcf` when the UID is safe in a file name and free, else a random name."""
    safe = SAFE_UID.match(uid) and not uid.startswith(".") and f"{uid}.vcf" not in taken
    return f"{uid}.vcf" if safe else f"{uuid.uuid4()}.vcf"


def sync_vdir(
    ctx: Context, path: str | Path, *, dry_run: bool = False, version: str = DEFAULT_VERSION
) -> Synced:
    """Sync goodwill's people with the vdir at `path` (created if missing) both ways.

    `version` is the vCard version of new cards: 3.0 by default, the one Apple's and
    Google's CardDAV servers take; existing cards keep theirs.
    """
    folder = Path(path).expanduser()
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"{folder}: not a folder (a vdir is a folder of .vcf files)")
    if not folder.exists() and not dry_run:
        folder.mkdir(parents=True, mode=0o700)
    report = SyncReport()
    try:
        with _collector_paused(), ctx.db.write() as uow:
            sync = _Sync(ctx, uow, folder, version)
            if folder.exists():
                sync.run()
            else:
                sync.new_cards(set())
            report = sync.report
            sync.save(dry_run)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return Synced(
        imported=report.imported,
        updated_people=report.updated_people,
        written_cards=report.written_cards,
        unchanged=report.unchanged,
        forgotten=report.forgotten,
        deleted_forgotten=report.deleted_forgotten,
        conflicts=tuple(report.conflicts),
        errors=tuple(report.errors),
        dry_run=dry_run,
    )
