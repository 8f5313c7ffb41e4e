"""The vCards synced with a vdir: one per person, and what tells who changed since.

A link remembers the card as last synced (so that properties goodwill does
not model survive a rewrite), its normalised hash, the file's etag (mtime_ns,
size and inode: an unchanged file is never read again) and a fingerprint of
the person's card fields as last synced (an unchanged person is never
exported again). The schema has one `etag` column; it holds both, as
`<file etag>#<person fingerprint>`, and only this module knows that.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator, Sequence
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import delete, insert, select

from goodwill.domain.model import Tier
from goodwill.store.sql import Repository
from goodwill.store.tables import (
    people,
    person_cards,
    person_emails,
    person_links,
    person_phones,
    person_tags,
    settings,
)

CHUNK = 1000
_first = itemgetter(0)


class CardLink(NamedTuple):
    person_id: int
    uid: str
    filename: str
    card: str
    card_hash: str
    etag: str | None = None
    person_hash: str | None = None


class CardState(NamedTuple):
    """What a sync needs to know about a file without reading it."""

    person_id: int
    uid: str
    etag: str | None
    card_hash: str


class CardFields(NamedTuple):
    """The fields of a person that a card carries (see `exporters.vcard.Contact`)."""

    name: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    company: str | None
    title: str | None
    links: tuple[str, ...]
    tags: tuple[str, ...]
    birthday: date | None
    notes: str


def _pack(etag: str | None, person_hash: str | None) -> str | None:
    if etag is None and person_hash is None:
        return None
    return f"{etag or ''}#{person_hash or ''}"


def _unpack(value: str | None) -> tuple[str | None, str | None]:
    etag, _, person_hash = (value or "").partition("#")
    return etag or None, person_hash or None


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


class CardRepository(Repository):
    def upsert_many(self, links: Sequence[CardLink]) -> None:
        """Replace the links of these people (one executemany per statement)."""
        self.delete_many([link.person_id for link in links])
        if links:
            self.connection.execute(
                insert(person_cards),
                [
                    {
                        "person_id": link.person_id,
                        "uid": link.uid,
                        "filename": link.filename,
                        "card": link.card,
                        "card_hash": link.card_hash,
                        "etag": _pack(link.etag, link.person_hash),
                    }
                    for link in links
                ],
            )

    def uid_of(self, person_id: int) -> str | None:
        """The UID of the person's linked card, if they have one."""
        query = select(person_cards.c.uid).where(person_cards.c.person_id == person_id)
        return self.connection.execute(query).scalar()

    def bury(self, uid: str) -> None:
        """Remember that the card `uid` belonged to a forgotten person: a sync deletes the
        card instead of importing them again. Only a digest of the UID is kept (a UID can
        hold a name), as a setting, so a backup carries the tombstone too."""
        key = _TOMBSTONE + _digest(uid)
        self.connection.execute(delete(settings).where(settings.c.key == key))
        self.connection.execute(insert(settings).values(key=key, value=""))

    def buried(self, uids: Collection[str]) -> set[str]:
        """Those of `uids` that belonged to forgotten people."""
        by_key = {_TOMBSTONE + _digest(uid): uid for uid in uids}
        found: set[str] = set()
        for chunk in _chunks(list(by_key)):
            query = select(settings.c.key).where(settings.c.key.in_(chunk))
            found.update(by_key[key] for key in self.connection.execute(query).scalars())
        return found

    def delete_many(self, person_ids: Sequence[int]) -> None:
        for chunk in _chunks(list(person_ids)):
            self.connection.execute(delete(person_cards).where(person_cards.c.person_id.in_(chunk)))

    # -- whole collection -----------------------------------------------------

    def snapshot(self) -> tuple[dict[str, CardState], dict[int, str | None]]:
        """filename → (person, uid, etag, card hash) of every link, and person → the
        fingerprint of their card fields when last synced, in one query."""
        query = select(
            person_cards.c.filename,
            person_cards.c.person_id,
            person_cards.c.uid,
            person_cards.c.etag,
            person_cards.c.card_hash,
        )
        states: dict[str, CardState] = {}
        hashes: dict[int, str | None] = {}
        for filename, pid, uid, packed, card_hash in self.connection.execute(query).all():
            etag, person_hash = _unpack(packed)
            hashes[pid] = person_hash
            states[filename] = CardState(pid, uid, etag, card_hash)
        return states, hashes

    def cards(self, person_ids: Collection[int]) -> dict[int, str]:
        """The stored card text of these people."""
        found: dict[int, str] = {}
        for chunk in _chunks(sorted(person_ids)):
            query = select(person_cards.c.person_id, person_cards.c.card).where(
                person_cards.c.person_id.in_(chunk)
            )
            found.update((int(pid), card) for pid, card in self.connection.execute(query))
        return found

    def people_without_card(self) -> list[int]:
        """People who should get a card: everyone not archived who has none yet."""
        query = (
            select(people.c.id)
            .where(people.c.tier != Tier.ARCHIVED.value)
            .where(~people.c.id.in_(select(person_cards.c.person_id)))
            .order_by(people.c.id)
        )
        return [int(pid) for pid in self.connection.execute(query).scalars()]

    def card_fields(self, person_ids: Collection[int] | None = None) -> dict[int, CardFields]:
        """The card fields of these people (of everyone with None), five queries a chunk.

        Everyone is read with full scans: a re-sync of a 50,000-card vdir
        fingerprints every linked person, and scans beat 50 IN-lists there.
        """
        if person_ids is None:
            return self._card_fields(None)
        found: dict[int, CardFields] = {}
        for chunk in _chunks(sorted(person_ids)):
            found.update(self._card_fields(chunk))
        return found

    def _card_fields(self, ids: Sequence[int] | None) -> dict[int, CardFields]:
        lists = [
            self._lists(person_emails.c.email, person_emails, ids, person_emails.c.position),
            self._lists(person_phones.c.phone, person_phones, ids, person_phones.c.position),
            self._lists(person_links.c.url, person_links, ids, person_links.c.position),
            self._lists(person_tags.c.tag, person_tags, ids, person_tags.c.tag),
        ]
        query = select(
            people.c.id,
            people.c.name,
            people.c.company,
            people.c.title,
            people.c.birthday,
            people.c.notes,
        )
        if ids is not None:
            query = query.where(people.c.id.in_(ids))
        found: dict[int, CardFields] = {}
        empty: tuple[str, ...] = ()
        emails, phones, links, tags = lists
        for pid, name, company, title, birthday, notes in self.connection.execute(query).all():
            found[pid] = CardFields(
                name,
                emails.get(pid, empty),
                phones.get(pid, empty),
                company,
                title,
                links.get(pid, empty),
                tags.get(pid, empty),
                birthday,
                notes or "",
            )
        return found

    def _lists(
        self, value: Any, table: Any, ids: Sequence[int] | None, order: Any
    ) -> dict[int, tuple[str, ...]]:
        query = select(table.c.person_id, value).order_by(table.c.person_id, order)
        if ids is not None:
            query = query.where(table.c.person_id.in_(ids))
        rows = self.connection.execute(query).all()
        return {pid: tuple(row[1] for row in group) for pid, group in groupby(rows, _first)}


#: Settings key prefix of a forgotten person's card (see `CardRepository.bury`).
_TOMBSTONE = "forgotten-card:"


def _digest(uid: str) -> str:
    return hashlib.sha256(uid.encode("utf-8")).hexdigest()[:40]
