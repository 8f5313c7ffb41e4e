"""The invitation triage list."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from goodwill.domain.model import TriageStatus
from goodwill.store.sql import Repository
from goodwill.store.tables import triage


class TriageRepository(Repository):
    def pending(self, *, include_done: bool = False) -> list[Any]:
        query = (
            select(triage)
            .where(triage.c.incoming.is_(True))
            .order_by(triage.c.invited_on, triage.c.id)
        )
        if not include_done:
            query = query.where(triage.c.status == TriageStatus.PENDING)
        return list(self.connection.execute(query))

    def get(self, invitation_id: int) -> Any:
        return self.connection.execute(select(triage).where(triage.c.id == invitation_id)).first()

    def set_status(self, invitation_id: int, status: str, person_id: int | None) -> None:
        self.connection.execute(
            update(triage)
            .where(triage.c.id == invitation_id)
            .values(status=status, person_id=person_id)
        )

    def forget(self, person_id: int, names: list[str], links: list[str]) -> None:
        """Invitations from or about a person: by the link made on accepting, name or URL."""
        condition = (triage.c.person_id == person_id) | triage.c.name.in_(names)
        if links:
            condition = condition | triage.c.link.in_(links)
        self.connection.execute(delete(triage).where(condition))
