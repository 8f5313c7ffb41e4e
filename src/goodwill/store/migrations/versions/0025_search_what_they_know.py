"""Keep in the search documents only the notes that say what a person knows.

Revision ID: 0025
Revises: 0024

`help` used to search the notes of every ledger entry with a person, so what I gave or
asked them ("sent them my notes on Kubernetes pricing") made them someone who could help
with it. Now a document holds the notes of what they gave me and of my touches with them
(`model.tells_what_they_know`); the notes of every document are chosen again so, and
written where they change.
"""

from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter

import sqlalchemy as sa
from alembic import op

from goodwill.store.stemming import stems

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

#: Rows per UPDATE executemany.
CHUNK = 1000
#: The notes kept per person, as `store.search.NOTES_KEPT` is at this revision.
NOTES_KEPT = 4000
#: Each person's notes that say what they know (what they gave me, my touches), oldest
#: first, as a refold reads them. The ledger is read in its stored order and sorted, as
#: `reindex` reads it (`LedgerRepository.all_fold_rows`): SQLite takes the tables in the
#: order written after CROSS JOIN (through the person index instead, 1,000,000 entries
#: took 30 s rather than 2).
_NOTES = (
    "SELECT ip.person_id, i.note FROM interactions i {join} interaction_people ip"
    " ON ip.interaction_id = i.id"
    " WHERE i.note <> '' AND ((i.by_them AND i.direction = 'withdrawal')"
    " OR (NOT i.by_them AND i.direction = 'touch'))"
    " ORDER BY ip.person_id, ip.occurred_on, ip.interaction_id"
)


def _recent(notes: list[str]) -> str:
    """`services.ledger._recent` at this revision, cut as `store.search` stores it."""
    kept: list[str] = []
    size = 0
    for note in reversed(notes):
        kept.append(note)
        size += len(note) + 1
        if size > NOTES_KEPT:
            break
    return " ".join(reversed(kept))[-NOTES_KEPT:]


def _wanted(rows: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    for person_id, notes in groupby(rows, key=itemgetter(0)):
        yield int(person_id), _recent([note for _, note in notes])


def upgrade() -> None:
    bind = op.get_bind()
    join = "CROSS JOIN" if bind.dialect.name == "sqlite" else "JOIN"
    wanted = dict(_wanted(bind.execute(sa.text(_NOTES.format(join=join)))))
    documents = bind.execute(sa.text("SELECT person_id, notes FROM search_docs")).all()
    changed = [
        {"id": pid, "notes": notes, "stems": stems(notes)}
        for pid, stored in documents
        if (notes := wanted.get(pid, "")) != stored
    ]
    statement = sa.text(
        "UPDATE search_docs SET notes = :notes, notes_stems = :stems WHERE person_id = :id"
    )
    for start in range(0, len(changed), CHUNK):
        bind.execute(statement, changed[start : start + CHUNK])


def downgrade() -> None:
    """An older goodwill searches the notes kept here; its `goodwill reindex` brings back
    the others."""
