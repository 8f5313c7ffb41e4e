"""Matching imported records to people, and writing them: the one write path of every import.

`write_records(ctx, uow, records)` is the entry point: any reader (LinkedIn, vCard,
CSV, mail, calendars, a chat export) yields `importers.records` values, contacts,
touches, invitations, skips and errors, and gets an `ImportReport` back. Records are
written in chunks: people matched with one query per key, ledger entries, their people
and invitations inserted in bulk (COPY on PostgreSQL). Derived state is not kept up
entry by entry: at the end, everyone the import wrote entries for is refolded once,
with the refold `reindex` uses. All of it runs in the caller's transaction, so an
import is all or nothing, and a dry run is the same work rolled back.

A person is matched, in order, by the source's own id for them, an email, a
profile link, a phone number (E.164), then the same name at a matching
company. Matching runs on chunks of records with one indexed query per key,
so a 50,000-row export costs a few hundred queries, not hundreds of
thousands. What the user wrote in goodwill wins: an import fills empty
fields, adds emails, links, phones and tags, and changes a field only where
it still holds what the same source gave last time.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from datetime import date, timedelta
from json.encoder import encode_basestring as _quoted
from typing import Any

from goodwill.domain.cadence import resets_clock
from goodwill.domain.errors import BadInput
from goodwill.domain.links import normalise_link
from goodwill.domain.model import Direction, Entry, PersonFields, Tier, TriageStatus
from goodwill.domain.occasions import FRESH_DAYS, WELCOME, WELCOME_LABEL
from goodwill.domain.similarity import SAME_COMPANY
from goodwill.domain.ties import STRENGTH
from goodwill.importers.records import (
    ContactRecord,
    InvitationRecord,
    OccasionRecord,
    PersonKey,
    Record,
    RecordError,
    SkippedRecord,
    TouchRecord,
)
from goodwill.services.context import Context
from goodwill.services.ledger import Written, refold
from goodwill.services.occasions import note_new_roles
from goodwill.services.phones import normalise_phone
from goodwill.store.bulk_load import BULK_FROM
from goodwill.store.database import UnitOfWork
from goodwill.store.matching import snapshot_text
from goodwill.store.occasions import NewOccasion
from goodwill.store.people import name_key

CHUNK = 1000
#: Touches per bulk write.
TOUCH_CHUNK = 5000
#: Entries in one chunk from which an import counts their days at its end, not row by
#: row (below, setting the counting trigger aside costs more than it saves).
DAYS_COUNTED_AT_END_FROM = 1000
#: People remembered by the keys touches name them by, before the memory starts afresh.
ADDRESS_CACHE = 50_000
#: Fields an import may change, compared with the snapshot of what the source gave before.
SYNCED_FIELDS = ("company", "title", "location", "birthday", "met_on", "met_how", "given_name")
UNKNOWN_PERSON = "not someone in goodwill (no matching email, profile or name)"
#: Why an occasion record (a recommendation they wrote) made no occasion.
NO_LONGER_NEWS = f"more than {FRESH_DAYS} days old: no longer news"


#: Skipped records listed one by one, at most; beyond it only their reasons are counted.
MAX_LISTED_SKIPS = 1000
#: People named per change (created, updated, merged), at most: what a report lists of a
#: large import, so that its memory does not grow with the file.
MAX_LISTED_PEOPLE = 50


@dataclass
class ImportReport:
    """What an import did. Each count means one thing: `created`, `updated`, `merged` and
    `unchanged` count people; `touches`, `gives`, `their_gives` and `asks` count new
    ledger entries of each kind (a message, a recommendation I wrote, one they wrote me, an
    ask of mine: `ImportReport.entries` adds them up), and `already_recorded` the ones
    (entries or occasions) an earlier import wrote; `invitations` counts new
    invitations to triage (the incoming ones `goodwill triage` shows),
    `invitations_sent` the new ones I sent (kept, needing no decision), and
    `invitations_known` the invitations, either way, an earlier import found; `occasions`
    counts new occasions to welcome a connection or to thank them for a recommendation (a
    new role counts as `updated`); `skipped` counts records left out on purpose, each
    listed in `skips` with its file, line and reason."""

    created: int = 0
    updated: int = 0
    merged: int = 0
    unchanged: int = 0
    skipped: int = 0
    touches: int = 0
    gives: int = 0
    their_gives: int = 0
    asks: int = 0
    already_recorded: int = 0
    invitations: int = 0
    invitations_sent: int = 0
    invitations_known: int = 0
    occasions: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    skips: list[dict[str, Any]] = field(default_factory=list)
    skip_reasons: dict[str, int] = field(default_factory=dict)
    #: Who a source named but goodwill does not know (a chat's senders): never created.
    unmatched: set[str] = field(default_factory=set)
    #: The first people of each change, by name ("created", "merged"), and of "updated"
    #: with the fields that changed: "Maya Goldberg (title)".
    named: dict[str, list[str]] = field(
        default_factory=lambda: {"created": [], "updated": [], "merged": []}
    )

    def name(self, change: str, who: str) -> None:
        listed = self.named[change]
        if len(listed) < MAX_LISTED_PEOPLE:
            listed.append(who)

    def skip(self, where: str, reason: str) -> None:
        self.skipped += 1
        self.skip_reasons[reason] = self.skip_reasons.get(reason, 0) + 1
        if len(self.skips) < MAX_LISTED_SKIPS:
            file, _, line = where.rpartition(":")
            if not line.isdigit():
                file, line = where, ""
            self.skips.append({"file": file, "line": int(line) if line else None, "reason": reason})

    @property
    def entries(self) -> int:
        return self.touches + self.gives + self.their_gives + self.asks

    @property
    def changed_anything(self) -> bool:
        """Whether the import wrote anything: people, entries, invitations or occasions."""
        return bool(
            self.created
            or self.updated
            or self.merged
            or self.entries
            or self.invitations
            or self.invitations_sent
            or self.occasions
        )

    def count_entry(self, entry: Entry) -> None:
        """Count a new ledger entry under its kind, as `show` and `health` count it."""
        if entry.direction is Direction.DEPOSIT:
            self.gives += 1
        elif entry.direction is Direction.WITHDRAWAL:
            if entry.by_them:
                self.their_gives += 1
            else:
                self.asks += 1
        else:
            self.touches += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "merged": self.merged,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "touches": self.touches,
            "gives": self.gives,
            "their_gives": self.their_gives,
            "asks": self.asks,
            "already_recorded": self.already_recorded,
            "invitations": self.invitations,
            "invitations_sent": self.invitations_sent,
            "invitations_known": self.invitations_known,
            "occasions": self.occasions,
            "errors": list(self.errors),
            "skips": list(self.skips),
            "skip_reasons": dict(self.skip_reasons),
            "unmatched": sorted(self.unmatched)[:MAX_LISTED_SKIPS],
            "people": {change: list(names) for change, names in self.named.items()},
        }


def _with_changes(after: PersonFields, before: PersonFields) -> str:
    """A person updated by an import, with what changed: "Maya Goldberg (company, title)"."""
    changed = [
        f.name for f in dataclass_fields(after) if getattr(after, f.name) != getattr(before, f.name)
    ]
    return f"{after.name} ({', '.join(name.replace('_', ' ') for name in changed)})"


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    """The values in their order, each once."""
    return tuple(dict.fromkeys(values))


# A record's emails and links as they match, each once; one of them (most records have one
# at most) without a generator and a dictionary.


def _emails(emails: tuple[str, ...]) -> tuple[str, ...]:
    if len(emails) == 1:
        return (emails[0].strip().lower(),) if "@" in emails[0] else ()
    return _unique(e.strip().lower() for e in emails if "@" in e)


def _links(links: tuple[str, ...]) -> tuple[str, ...]:
    if len(links) == 1:
        return (normalise_link(links[0]),) if links[0].strip() else ()
    return _unique(normalise_link(u) for u in links if u.strip())


#: What a snapshot keeps of a record: the fields an import may change and what it adds to.
SNAPSHOT_FIELDS = (*SYNCED_FIELDS, "emails", "phones", "links", "tags", "notes")
_snapshot_values = operator.attrgetter(*SNAPSHOT_FIELDS)


def _snapshot(record: ContactRecord) -> str:
    """What this source says of the person, as the JSON text stored beside its source id.

    Written out field by field, in the order of the encoder's sorted keys, with the JSON
    module's own C string quoting: the same text as `snapshot_text` of the fields (a test
    holds them equal), in a third of the time (a re-import makes one per record, and
    compares it as text). A value of another type than a record declares goes through
    the encoder.
    """
    try:
        return (
            f'{{"birthday": {_day(record.birthday)}, "company": {_text(record.company)}, '
            f'"emails": {_texts(record.emails)}, "given_name": {_text(record.given_name)}, '
            f'"links": {_texts(record.links)}, "location": {_text(record.location)}, '
            f'"met_how": {_text(record.met_how)}, "met_on": {_day(record.met_on)}, '
            f'"notes": {_quoted(record.notes)}, "phones": {_texts(record.phones)}, '
            f'"tags": {_texts(record.tags)}, "title": {_text(record.title)}}}'
        )
    except (TypeError, AttributeError):
        return snapshot_text(dict(zip(SNAPSHOT_FIELDS, _snapshot_values(record), strict=True)))


def _text(value: str | None) -> str:
    return "null" if value is None else _quoted(value)


def _texts(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(map(_quoted, values)) + "]" if values else "[]"


def _day(value: date | None) -> str:
    return "null" if value is None else f'"{value.isoformat()}"'


def _joined(first: ContactRecord, second: ContactRecord) -> ContactRecord:
    """Two records of one new person in the same import: the first wins, the second fills in."""
    filled = {
        name: getattr(second, name)
        for name in (*SYNCED_FIELDS, "notes")
        if not getattr(first, name) and getattr(second, name)
    }
    return replace(
        first,
        **filled,
        emails=tuple(dict.fromkeys((*first.emails, *second.emails))),
        phones=tuple(dict.fromkeys((*first.phones, *second.phones))),
        links=tuple(dict.fromkeys((*first.links, *second.links))),
        tags=tuple(dict.fromkeys((*first.tags, *second.tags))),
    )


def _as_field(name: str, value: Any) -> Any:
    if value is not None and name in ("birthday", "met_on"):
        return date.fromisoformat(value)
    return value


def _same_company(first: str | None, second: str | None) -> bool:
    if not first or not second:
        return True
    from rapidfuzz import fuzz, utils

    return bool(
        fuzz.token_set_ratio(first, second, processor=utils.default_process) >= SAME_COMPANY
    )


def write_records(
    ctx: Context,
    uow: UnitOfWork,
    records: Iterable[Record],
    *,
    batch_id: int | None = None,
    strict: bool = False,
    today: date | None = None,
) -> ImportReport:
    """Write a reader's records in this unit of work and say what happened.

    `batch_id` tags the ledger entries and the people created (so that `undo` reverts the
    import); `strict` makes the first unreadable record end the import (nothing is kept);
    `today` is the import's day (what is recent, and news, is judged from it).
    """
    importer = Importer(ctx, uow, batch_id, today=today)
    for record in records:
        importer.feed(record, strict=strict)
    return importer.finish()


class Importer:
    """Matches and writes records inside one unit of work; `report` counts what happened.

    Feed it records, then call `finish` (or use `write_records`, which does both).
    """

    def __init__(
        self,
        ctx: Context,
        uow: UnitOfWork,
        batch_id: int | None = None,
        *,
        today: date | None = None,
    ) -> None:
        self.ctx = ctx
        self.uow = uow
        self.batch_id = batch_id
        self.match = uow.matches
        self.report = ImportReport()
        self.today = today or ctx.today()
        # Connections and recommendations from before this day are no longer news.
        self.news_since = self.today - timedelta(days=FRESH_DAYS)
        self._occasion_records: list[OccasionRecord] = []
        self._occasions: list[NewOccasion] = []
        self._contacts: list[ContactRecord] = []
        self._touches: list[TouchRecord] = []
        self._unchanged_people: set[int] = set()
        self._invitations: list[InvitationRecord] = []
        self._people: dict[PersonKey, int | None] = {}
        self._groups: set[tuple[str, ...]] = set()
        # The people this import wrote entries for, refolded once in `finish`.
        self._touched: set[int] = set()
        self._latest_ask: dict[int, date] = {}
        self._latest_reset: dict[int, date] = {}
        # Whether the store may have set indexes aside, to put back in `finish`.
        self._bulk = False

    # -- the stream ---------------------------------------------------------

    def feed(self, record: Record, *, strict: bool = False) -> None:
        # The kinds most records are, first.
        if isinstance(record, ContactRecord):
            self._contacts.append(record)
            if len(self._contacts) >= CHUNK:
                self._flush_contacts()
        elif isinstance(record, TouchRecord):
            self._touches.append(record)
            if len(self._touches) >= TOUCH_CHUNK:
                self._flush()
        elif isinstance(record, RecordError):
            if strict:
                where = record.file + (f":{record.line}" if record.line else "")
                raise BadInput(f"{where}: {record.message} (nothing was imported)")
            self.report.errors.append(
                {"file": record.file, "line": record.line, "message": record.message}
            )
        elif isinstance(record, SkippedRecord):
            self.report.skip(record.where, record.reason)
        elif isinstance(record, OccasionRecord):
            self._occasion_records.append(record)
            if len(self._occasion_records) >= CHUNK:
                self._flush()
        else:
            self._invitations.append(record)
            if len(self._invitations) >= CHUNK:
                self._flush()

    def _flush(self) -> None:
        """Write what is buffered. Contacts first, so that touches in the same file find
        the people they name."""
        self._flush_contacts()
        touches, self._touches = self._touches, []
        if touches:
            self._write_touches(touches)
        invitations, self._invitations = self._invitations, []
        if invitations:
            self._write_invitations(invitations)
        found, self._occasion_records = self._occasion_records, []
        if found:
            self._note_occasions(found)
        self._write_occasions()

    def finish(self) -> ImportReport:
        """Write the rest, then refold everyone this import wrote entries for, once each:
        derived state, next due day, search document and follow-up."""
        self._flush()
        self.uow.ledger.count_days_now()
        written = {
            pid: Written(self._latest_ask.get(pid), self._latest_reset.get(pid))
            for pid in self._touched
        }
        refold(self.uow, self.ctx.half_life(self.uow), written, today=self.today, written=written)
        self._touched.clear()
        if self._bulk:
            self.uow.bulk_load.restore()
        return self.report

    def _unchanged(self, person_id: int) -> None:
        """Counted once per person, however many rows of the file name them."""
        if person_id not in self._unchanged_people:
            self._unchanged_people.add(person_id)
            self.report.unchanged += 1

    def contact(self, record: ContactRecord) -> int | None:
        """Match or create one person now (used by sync, which needs the id at once)."""
        self._contacts.append(record)
        ids = self._flush_contacts()
        self._write_occasions()
        return ids[-1] if ids else None

    # -- contacts -----------------------------------------------------------

    def _prepared(self, record: ContactRecord) -> ContactRecord:
        """The record with its name, emails, phones, links and tags in the forms that match.

        Most records come that way already and are kept as they are: a copy per record
        is a good part of the cost of a large import.
        """
        name = " ".join(record.name.split())
        emails = _emails(record.emails) if record.emails else ()
        phones = self._phones(record.phones) if record.phones else ()
        links = _links(record.links) if record.links else ()
        tags = _unique(t.strip().lower() for t in record.tags if t.strip()) if record.tags else ()
        if (name, emails, phones, links, tags) == (
            record.name,
            record.emails,
            record.phones,
            record.links,
            record.tags,
        ):
            return record
        return replace(record, name=name, emails=emails, phones=phones, links=links, tags=tags)

    def _phones(self, phones: tuple[str, ...]) -> tuple[str, ...]:
        region = self.ctx.config.region
        return _unique(p for p in (normalise_phone(x, region) for x in phones) if p)

    def _flush_contacts(self) -> list[int | None]:
        """Match and write the buffered contacts; each one's person id (None: skipped)."""
        records, self._contacts = self._contacts, []
        if not records:
            return []
        # A record's source and uid are never changed by `_prepared`: look them up first.
        by_source: dict[str, dict[str, tuple[int, str]]] = {}
        for source in {r.source for r in records}:
            uids = {r.uid for r in records if r.source == source and r.uid}
            by_source[source] = self.match.by_source(source, uids)
        results: list[int | None] = [None] * len(records)
        changing: list[int] = []
        for index, record in enumerate(records):
            known = by_source[record.source].get(record.uid or "")
            if known is not None and record.name.strip() and known[1] == _snapshot(record):
                # The source says exactly what it said last time: nothing to match or merge
                # (most of a re-import, which so costs one lookup by source id per record).
                # Compared as read: a stored snapshot holds prepared values, and preparing
                # values already in that form leaves them as they are, so a record that
                # equals it needs no preparing.
                self._unchanged(known[0])
                results[index] = known[0]
                continue
            records[index] = record = self._prepared(record)
            if not record.name:
                self.report.skip(record.where, "no name")
                continue
            if known is not None and known[1] == _snapshot(record):
                self._unchanged(known[0])
                results[index] = known[0]
            else:
                changing.append(index)
        if changing:
            ids = self._match_and_write([records[index] for index in changing], by_source)
            for index, person_id in zip(changing, ids, strict=True):
                results[index] = person_id
        self._welcome(records, results)
        return results

    def _match_and_write(
        self, records: list[ContactRecord], by_source: dict[str, dict[str, tuple[int, str]]]
    ) -> list[int]:
        """Find the person each named record is about (or create them), merge what is new;
        each record's person id, in order."""
        emails = self.match.by_emails({e for r in records for e in r.emails})
        links = self.match.by_links({u for r in records for u in r.links})
        phones = self.match.by_phones({p for r in records for p in r.phones})
        names = self.match.by_name_keys({name_key(r.name) for r in records})
        pending: dict[int, list[tuple[ContactRecord, bool]]] = {}
        fresh: list[ContactRecord] = []
        # Keys of the people this chunk creates: a second record with the same email,
        # link or source id (a duplicate row, two cards for one person) joins the first.
        claimed: dict[str, int] = {}
        joined: list[tuple[int, ContactRecord]] = []
        results: list[int] = []
        for record in records:
            known = by_source[record.source].get(record.uid or "")
            person_id = known[0] if known else self._find(record, emails, links, phones, names)
            if person_id is not None:
                pending.setdefault(person_id, []).append((record, known is not None))
                results.append(person_id)
                continue
            keys = self._keys(record)
            index = next((claimed[k] for k in keys if k in claimed), None)
            if index is None:
                fresh.append(record)
                index = len(fresh) - 1
            else:
                fresh[index] = _joined(fresh[index], record)
                joined.append((index, record))
                self.report.merged += 1
            for key in keys:
                claimed.setdefault(key, index)
            results.append(-(index + 1))
        new_ids = self._create(fresh)
        self.match.add_sources(
            (record.source, record.uid, new_ids[index], _snapshot(record))
            for index, record in joined
            if record.uid and (record.source, record.uid) != (fresh[index].source, fresh[index].uid)
        )
        resolved = [new_ids[-r - 1] if r < 0 else r for r in results]
        self._merge(pending, by_source)
        return resolved

    def _welcome(self, records: list[ContactRecord], ids: list[int | None]) -> None:
        """A connection made within `FRESH_DAYS` of the import's day is an occasion to
        welcome them (once per person); older ones, as most of a first import, are not."""
        for record, person_id in zip(records, ids, strict=True):
            met_on = record.met_on
            if (
                record.connected
                and person_id is not None
                and met_on is not None
                and self.news_since <= met_on <= self.today
            ):
                self._occasions.append(NewOccasion(person_id, WELCOME, met_on, WELCOME_LABEL))

    @staticmethod
    def _keys(record: ContactRecord) -> list[str]:
        source_id = [f"u:{record.source}:{record.uid}"] if record.uid else []
        return source_id + [f"e:{e}" for e in record.emails] + [f"l:{u}" for u in record.links]

    def _find(
        self,
        record: ContactRecord,
        emails: dict[str, int],
        links: dict[str, int],
        phones: dict[str, int],
        names: dict[str, list[tuple[int, str | None]]],
    ) -> int | None:
        for key, table in ((record.emails, emails), (record.links, links), (record.phones, phones)):
            for value in key:
                if value in table:
                    return table[value]
        same_name = [
            pid
            for pid, company in names.get(name_key(record.name), [])
            if _same_company(company, record.company)
        ]
        return same_name[0] if len(same_name) == 1 else None

    def _fields_of(self, record: ContactRecord) -> PersonFields:
        return PersonFields(
            name=record.name,
            emails=record.emails,
            phones=record.phones,
            company=record.company or None,
            title=record.title or None,
            location=record.location or None,
            links=record.links,
            tags=record.tags,
            tier=Tier.ACQUAINTANCE,
            birthday=record.birthday,
            met_on=record.met_on,
            met_how=record.met_how or None,
            notes=record.notes.strip(),
            given_name=record.given_name or None,
        )

    def _create(self, records: list[ContactRecord]) -> list[int]:
        if self.report.created + len(records) >= BULK_FROM:
            # Many new people: their indexes may be built once, at the end (`finish`).
            self._bulk = True
            self.uow.bulk_load.consider(self.report.created, len(records))
        ids = self.uow.people.add_many([(self._fields_of(r), self.today) for r in records])
        self.match.add_sources(
            (record.source, record.uid, person_id, _snapshot(record))
            for person_id, record in zip(ids, records, strict=True)
            if record.uid
        )
        if self.batch_id is not None:
            self.uow.ledger.note_created(self.batch_id, ids)
        self.report.created += len(ids)
        for record in records[: MAX_LISTED_PEOPLE - len(self.report.named["created"])]:
            self.report.name("created", record.name)
        return ids

    def _merge(
        self,
        pending: dict[int, list[tuple[ContactRecord, bool]]],
        by_source: dict[str, dict[str, tuple[int, str]]],
    ) -> None:
        people = {p.id: p for p in self.uow.people.get_many(list(pending))}
        new_sources: list[tuple[str, str, int, str]] = []
        changed_sources: list[tuple[str, str, int, str]] = []
        changed: list[tuple[int, PersonFields, PersonFields]] = []
        given: dict[str, int] = {}  # email -> the person this chunk gives it to
        for person_id, items in pending.items():
            original = fields = people[person_id].fields
            for record, was_known in items:
                # A source id repeated in one file is known from its second time on.
                seen_before = was_known or (
                    bool(record.uid) and record.uid in by_source[record.source]
                )
                previous = by_source[record.source].get(record.uid or "", (0, "{}"))[1]
                before = fields
                fields = self._merged_fields(fields, record, json.loads(previous), given, person_id)
                snapshot = _snapshot(record)
                if record.uid and (not seen_before or snapshot != previous):
                    trace = (record.source, record.uid, person_id, snapshot)
                    (changed_sources if seen_before else new_sources).append(trace)
                    by_source[record.source][record.uid] = (person_id, snapshot)
                if not seen_before:
                    self.report.merged += 1
                    self.report.name("merged", fields.name)
                elif fields != before:
                    self.report.updated += 1
                    self.report.name("updated", _with_changes(fields, before))
                else:
                    self._unchanged(person_id)
            if fields != original:
                changed.append((person_id, original, fields))
                given.update(dict.fromkeys(fields.emails, person_id))
        self.uow.people.update_fields_many([(pid, after) for pid, _, after in changed])
        note_new_roles(self.uow, changed, self.today)
        self.match.add_sources(new_sources)
        self.match.update_sources(changed_sources)

    def _merged_fields(
        self,
        fields: PersonFields,
        record: ContactRecord,
        previous: dict[str, Any],
        given: dict[str, int],
        person_id: int,
    ) -> PersonFields:
        changes: dict[str, Any] = {}
        given_by_sources: list[dict[str, Any]] | None = None
        for name in SYNCED_FIELDS:
            incoming = getattr(record, name) or None
            current = getattr(fields, name)
            before = _as_field(name, previous.get(name))
            if incoming is None or incoming == current:
                continue
            if current is None or current == before:
                changes[name] = incoming
            elif previous and incoming != before:
                # The source changed its value, and ours came from another source (a title
                # LinkedIn gave, now changed in the address book): a new value, not mine.
                if given_by_sources is None:
                    given_by_sources = [
                        json.loads(text) for text in self.match.snapshots_of(person_id)
                    ]
                if any(_as_field(name, given.get(name)) == current for given in given_by_sources):
                    changes[name] = incoming
        owned = set(self._owned_emails(record.emails, fields, given, person_id))
        notes = fields.notes
        if record.notes.strip() and record.notes.strip() not in notes:
            notes = f"{notes}\n{record.notes.strip()}".strip()
        return replace(
            fields,
            **changes,
            emails=tuple(
                dict.fromkeys((*fields.emails, *(e for e in record.emails if e in owned)))
            ),
            phones=tuple(dict.fromkeys((*fields.phones, *record.phones))),
            links=tuple(dict.fromkeys((*fields.links, *record.links))),
            tags=tuple(dict.fromkeys((*fields.tags, *record.tags))),
            notes=notes,
        )

    def _owned_emails(
        self, emails: tuple[str, ...], fields: PersonFields, given: dict[str, int], person_id: int
    ) -> Iterator[str]:
        """Emails not already someone else's (an email belongs to one person): in the
        database, or given to another person earlier in this chunk (`given`), whose merges
        are written together at its end."""
        taken = self.match.by_emails([e for e in emails if e not in fields.emails])
        return (e for e in emails if e not in taken and given.get(e, person_id) == person_id)

    # -- touches and invitations ----------------------------------------------

    def _people_for(self, keys: Sequence[PersonKey]) -> list[int | None]:
        """The person each key names (phone, email, profile link, then a unique exact name),
        looked up with one query per kind of key for the whole chunk."""
        if len(self._people) > ADDRESS_CACHE:
            self._people.clear()
        missing = [key for key in dict.fromkeys(keys) if key not in self._people]
        if missing:
            region = self.ctx.config.region
            numbers = {p: normalise_phone(p, region) for k in missing for p in k.phones}
            phones = self.match.by_phones(set(numbers.values())) if numbers else {}
            emails = self.match.by_emails({e.lower() for k in missing for e in k.emails})
            links = self.match.by_links({normalise_link(k.link) for k in missing if k.link})
            unfound: list[PersonKey] = []
            for key in missing:
                found = next((phones[numbers[p]] for p in key.phones if numbers[p] in phones), None)
                if found is None:
                    found = next(
                        (emails[e.lower()] for e in key.emails if e.lower() in emails), None
                    )
                if found is None and key.link:
                    found = links.get(normalise_link(key.link))
                self._people[key] = found
                if found is None and key.name:
                    unfound.append(key)
            names = self.match.by_name_keys({name_key(k.name or "") for k in unfound})
            for key in unfound:
                same = names.get(name_key(key.name or ""), [])
                self._people[key] = same[0][0] if len(same) == 1 else None
        return [self._people[key] for key in keys]

    def _write_touches(self, touches: list[TouchRecord]) -> None:
        known: set[tuple[str, str]] = set()
        for source in {t.source for t in touches}:
            ids = self.match.known_touches(
                source, [t.source_id for t in touches if t.source == source]
            )
            known |= {(source, sid) for sid in ids}
        fresh: list[TouchRecord] = []
        for touch in touches:
            if (touch.source, touch.source_id) in known:
                self.report.already_recorded += 1
                continue
            known.add((touch.source, touch.source_id))
            fresh.append(touch)
        catalogue = self.ctx.config.catalogue
        items: list[tuple[Entry, list[int], str | None]] = []
        groups: list[tuple[str, ...]] = []
        for touch, person_id in zip(
            fresh, self._people_for([t.person for t in fresh]), strict=True
        ):
            if touch.members:  # a group chat's members know each other, whoever this is
                in_chat = [pid for pid in self._people_for(touch.members) if pid is not None]
                self.uow.edges.add_groups([in_chat], "group-chat", STRENGTH["group-chat"])
            if person_id is None:
                self.report.skip(touch.where, UNKNOWN_PERSON)
                if touch.person.phones or touch.person.name:
                    self.report.unmatched.add(touch.person.name or touch.person.phones[0])
                continue
            entry = Entry(
                on=touch.on,
                direction=touch.direction,
                kind=touch.kind,
                channel=touch.channel,
                initiated_by=touch.initiated_by,
                weight=catalogue.stored_weight(touch.kind, touch.direction, touch.by_them),
                note=touch.note,
                source=touch.source,
                by_them=touch.by_them,
            )
            items.append((entry, [person_id], touch.source_id))
            self._remember(person_id, entry)
            if len(touch.together) > 1 and touch.together not in self._groups:
                self._groups.add(touch.together)
                groups.append(touch.together)

        if len(items) >= DAYS_COUNTED_AT_END_FROM:
            self.uow.ledger.count_days_later()
        self.uow.ledger.add_many(items, batch_id=self.batch_id)
        for entry, _people, _source_id in items:
            self.report.count_entry(entry)
        if groups:
            members = self.match.by_emails({e.lower() for group in groups for e in group})
            self.uow.edges.add_groups(
                [[members[e.lower()] for e in group if e.lower() in members] for group in groups],
                "co-recipient",
                STRENGTH["co-recipient"],
            )

    def _remember(self, person_id: int, entry: Entry) -> None:
        """What the follow-up rule will need to know about this person's new entries."""
        self._touched.add(person_id)
        if entry.by_them and entry.direction is Direction.TOUCH:
            latest = self._latest_ask.get(person_id)
            if latest is None or entry.on > latest:
                self._latest_ask[person_id] = entry.on
        elif resets_clock(entry):
            latest = self._latest_reset.get(person_id)
            if latest is None or entry.on > latest:
                self._latest_reset[person_id] = entry.on

    def _note_occasions(self, records: list[OccasionRecord]) -> None:
        """Occasions for the known people the records name, while they are still news, and
        the entries the news is (however old)."""
        entries: list[TouchRecord] = []
        for record, person_id in zip(
            records, self._people_for([r.person for r in records]), strict=True
        ):
            if person_id is None:
                self.report.skip(record.where, UNKNOWN_PERSON)
                continue
            if record.entry is not None:
                entries.append(record.entry)
            if self.news_since <= record.on <= self.today:
                self._occasions.append(NewOccasion(person_id, record.kind, record.on, record.label))
            elif record.entry is None:
                self.report.skip(record.where, NO_LONGER_NEWS)
        if entries:
            self._write_touches(entries)

    def _write_occasions(self) -> None:
        found, self._occasions = self._occasions, []
        if not found:
            return
        added = self.uow.occasions.add_new(found, once_per_person={WELCOME})
        self.report.occasions += added
        self.report.already_recorded += len(found) - added

    def _write_invitations(self, records: list[InvitationRecord]) -> None:
        known = self.match.known_invitations((r.source, r.source_id) for r in records)
        fresh: list[InvitationRecord] = []
        for record in records:
            if (record.source, record.source_id) not in known:
                known.add((record.source, record.source_id))
                fresh.append(record)
        self.match.add_invitations(
            [
                {
                    "source": r.source,
                    "source_id": r.source_id,
                    "name": r.name,
                    "link": None if r.link is None else normalise_link(r.link),
                    "message": r.message,
                    "invited_on": r.on,
                    "incoming": r.incoming,
                    "status": TriageStatus.PENDING if r.incoming else TriageStatus.SENT,
                }
                for r in fresh
            ]
        )
        # What triage shows: an invitation I sent needs no decision.
        incoming = sum(1 for r in fresh if r.incoming)
        self.report.invitations += incoming
        self.report.invitations_sent += len(fresh) - incoming
        self.report.invitations_known += len(records) - len(fresh)
