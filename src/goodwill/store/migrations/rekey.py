"""Keys and search words computed again from the text as written: what a migration runs
when folding changes (0028, 0029), as `goodwill reindex` computes them, with today's
folding (these migrations exist to store what it now makes of the same text)."""

from collections.abc import Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

import sqlalchemy as sa

from goodwill.domain.companies import company_key
from goodwill.domain.folding import fold_letters
from goodwill.store.stemming import folded, stems

#: Rows per SELECT and per UPDATE executemany.
CHUNK = 1000
_PEOPLE = (
    "SELECT id, name, name_key, company, company_key, location, title, discipline, met_how,"
    " notes FROM people WHERE id > :after ORDER BY id LIMIT :chunk"
)
#: Tags in the order a refold reads them (`PeopleRepository.get_profiles`: the database's).
_TAGS = (
    "SELECT person_id, tag FROM person_tags WHERE person_id BETWEEN :first AND :last"
    " ORDER BY person_id, tag"
)
_DOCUMENTS = (
    "SELECT person_id, notes, profile_stems, notes_stems FROM search_docs"
    " WHERE person_id BETWEEN :first AND :last"
)


def _name_key(name: str) -> str:
    """`store.people.name_key`."""
    return " ".join(fold_letters(name).split())


def _profile_stems(row: Any, tags: list[str]) -> str:
    """`store.search.profile_stems`: proper nouns folded, the rest stemmed."""
    nouns = (row.name, row.company, row.location)
    prose = (row.title, row.discipline, " ".join(tags), row.met_how, row.notes)
    return " ".join(
        [folded(part) for part in nouns if part] + [stems(part) for part in prose if part]
    )


def _chunks(bind: sa.Connection) -> Iterator[Sequence[Any]]:
    """Everyone, `CHUNK` people at a time in id order: each chunk's tags and documents
    are then read by its range of ids."""
    after = 0
    while rows := bind.execute(sa.text(_PEOPLE), {"after": after, "chunk": CHUNK}).all():
        yield rows
        after = rows[-1].id


def rekey(bind: sa.Connection) -> None:
    """Every person's name and company keys and search words, computed from what is
    written as `goodwill reindex` computes them, and stored where they differ."""
    for people in _chunks(bind):
        bounds = {"first": people[0].id, "last": people[-1].id}
        tags = {
            pid: [tag for _, tag in found]
            for pid, found in groupby(bind.execute(sa.text(_TAGS), bounds), key=itemgetter(0))
        }
        documents = {row.person_id: row for row in bind.execute(sa.text(_DOCUMENTS), bounds)}
        keys = []
        words = []
        for person in people:
            wanted = (_name_key(person.name), company_key(person.company) or None)
            if wanted != (person.name_key, person.company_key):
                keys.append({"id": person.id, "name_key": wanted[0], "company_key": wanted[1]})
            document = documents.get(person.id)
            if document is None:
                continue
            found = (_profile_stems(person, tags.get(person.id, [])), stems(document.notes))
            if found != (document.profile_stems, document.notes_stems):
                words.append({"id": person.id, "profile": found[0], "notes": found[1]})
        if keys:
            bind.execute(
                sa.text(
                    "UPDATE people SET name_key = :name_key, company_key = :company_key"
                    " WHERE id = :id"
                ),
                keys,
            )
        if words:
            bind.execute(
                sa.text(
                    "UPDATE search_docs SET profile_stems = :profile, notes_stems = :notes"
                    " WHERE person_id = :id"
                ),
                words,
            )
