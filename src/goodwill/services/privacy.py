"""`goodwill forget`: remove a person completely, leaving none of their data in the file."""

from __future__ import annotations

from dataclasses import dataclass

from goodwill.domain import derive
from goodwill.services import ledger
from goodwill.services.context import Context
from goodwill.services.resolve import resolve
from goodwill.services.views import Shape

#: What undo labels say instead of a forgotten person's name.
FORGOTTEN = "someone forgotten"


@dataclass(frozen=True, slots=True)
class Forgotten(Shape):
    """Whom `forget` removed, how many entries went with them, whose state was refolded,
    and the copies kept before upgrades that still hold them (forget names, never
    rewrites, backups)."""

    forgotten: str
    entries: int
    others_refolded: int
    copies_not_cleaned: tuple[str, ...]


def forget(ctx: Context, query: str) -> Forgotten:
    """Delete a person with every ledger entry about them (shared ones too), their import
    traces, synced card and invitations; then compact the database file.

    Unlike `rm`, which keeps entries other people share, nothing that mentions them stays.
    """
    with ctx.db.write() as uow:
        person = resolve(uow, query, exact=True)
        entry_ids, others = uow.ledger.interactions_of(person.id)
        uow.ledger.delete_entries(entry_ids)
        uow.ledger.drop_empty_batches()
        # Undo labels that remain ("done 1: shared-article with NAME") must not name them.
        uow.ledger.scrub_batch_labels(person.name, FORGOTTEN)
        # A synced card would bring them back at the next `sync vdir`: leave a tombstone.
        cards = uow.cards
        uid = cards.uid_of(person.id)
        if uid is not None:
            cards.bury(uid)
        uow.triage.forget(person.id, [person.name], list(person.fields.links))
        uow.people.remove(person.id)
        half_life = ctx.half_life(uow)
        search = uow.search
        for other in others:
            entries = uow.ledger.entries_for(other)
            uow.people.save_state(other, derive.fold(entries, half_life))
            # Shared entries' notes named the forgotten person: rebuild what search keeps.
            search.set_notes(other, ledger.searched_notes(entries))
    ctx.db.compact()
    copies = tuple(str(copy) for copy in ctx.db.upgrade_copies())
    return Forgotten(person.name, len(entry_ids), len(others), copies)
