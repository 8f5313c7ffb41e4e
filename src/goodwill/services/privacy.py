"""`goodwill forget`: remove a person completely, leaving none of their data in the file."""

from __future__ import annotations

from typing import Any

from goodwill.domain import derive
from goodwill.services.context import Context
from goodwill.services.resolve import resolve
from goodwill.store.triage import TriageRepository


def forget(ctx: Context, query: str) -> dict[str, Any]:
    """Delete a person with every ledger entry about them (shared ones too), their import
    traces, synced card and invitations; then compact the database file.

    Unlike `rm`, which keeps entries other people share, nothing that mentions them stays.
    """
    with ctx.db.write() as uow:
        person = resolve(uow, query, exact=True)
        entry_ids, others = uow.ledger.interactions_of(person.id)
        uow.ledger.delete_entries(entry_ids)
        uow.ledger.drop_empty_batches()
        TriageRepository(uow.connection).forget(person.id, [person.name], list(person.fields.links))
        uow.people.remove(person.id)
        half_life = ctx.half_life(uow)
        for other in others:
            uow.people.save_state(other, derive.fold(uow.ledger.entries_for(other), half_life))
    ctx.db.compact()
    return {"forgotten": person.name, "entries": len(entry_ids), "others_refolded": len(others)}
