"""Campaigns and where each person in them stands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from goodwill.store.lazy_modules import lazy
from goodwill.store.sql import Repository, in_list

if TYPE_CHECKING:
    import sqlalchemy as sa

    from goodwill.store import tables as t
else:
    sa = lazy("sqlalchemy")
    t = lazy("goodwill.store.tables")

#: Stages where the next step is the user's: ask, or thank.
STEP_STAGES = ("to-ask", "done")


@dataclass(frozen=True, slots=True)
class CampaignRow:
    id: int
    name: str
    goal: int
    no_reply_days: int
    created_on: date


@dataclass(frozen=True, slots=True)
class MemberRow:
    person_id: int
    name: str
    company: str | None
    status: str
    asked_on: date | None
    updated_on: date


class CampaignRepository(Repository):
    def add(self, name: str, goal: int, no_reply_days: int, created_on: date) -> int:
        result = self.connection.execute(
            sa.insert(t.campaigns).values(
                name=name, goal=goal, no_reply_days=no_reply_days, created_on=created_on
            )
        )
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    def by_name(self, name: str) -> CampaignRow | None:
        row = self.connection.execute(
            sa.select(t.campaigns).where(t.campaigns.c.name == name)
        ).first()
        return None if row is None else CampaignRow(*row)

    def all(self) -> list[CampaignRow]:
        query = sa.select(t.campaigns).order_by(
            t.campaigns.c.created_on.desc(), t.campaigns.c.id.desc()
        )
        return [CampaignRow(*row) for row in self.connection.execute(query)]

    def members(self, campaign_id: int, person_id: int | None = None) -> list[MemberRow]:
        query = (
            sa.select(
                t.campaign_people.c.person_id,
                t.people.c.name,
                t.people.c.company,
                t.campaign_people.c.status,
                t.campaign_people.c.asked_on,
                t.campaign_people.c.updated_on,
            )
            .join(t.people, t.people.c.id == t.campaign_people.c.person_id)
            .where(t.campaign_people.c.campaign_id == campaign_id)
            .order_by(t.people.c.name_key, t.people.c.id)
        )
        if person_id is not None:
            query = query.where(t.campaign_people.c.person_id == person_id)
        return [MemberRow(*row) for row in self.connection.execute(query)]

    def member(self, campaign_id: int, person_id: int) -> MemberRow | None:
        found = self.members(campaign_id, person_id)
        return found[0] if found else None

    def enrol(self, campaign_id: int, person_id: int, status: str, on: date) -> None:
        self.connection.execute(
            sa.insert(t.campaign_people).values(
                campaign_id=campaign_id, person_id=person_id, status=status, updated_on=on
            )
        )

    def move(
        self,
        campaign_id: int,
        member: MemberRow,
        status: str,
        on: date,
        asked_on: date | None,
        batch_id: int | None = None,
    ) -> None:
        """Move a member to `status`. With the ledger batch the move
        wrote, the stage it leaves is kept for `undo_batch`."""
        self.connection.execute(
            sa.update(t.campaign_people)
            .where(
                t.campaign_people.c.campaign_id == campaign_id,
                t.campaign_people.c.person_id == member.person_id,
            )
            .values(
                status=status,
                updated_on=on,
                asked_on=asked_on,
                undo_batch_id=batch_id,
                previous_status=None if batch_id is None else member.status,
                previous_asked_on=None if batch_id is None else member.asked_on,
                previous_updated_on=None if batch_id is None else member.updated_on,
            )
        )

    def undo_batch(self, batch_id: int) -> None:
        """Put back the stage a move left, for the moves that wrote ledger batch `batch_id`."""
        self.sql.run(
            "UPDATE campaign_people SET status = previous_status, asked_on = previous_asked_on,"
            " updated_on = previous_updated_on, undo_batch_id = NULL, previous_status = NULL,"
            " previous_asked_on = NULL, previous_updated_on = NULL"
            " WHERE undo_batch_id = :batch",
            {"batch": batch_id},
        )

    def steps(
        self, person_ids: Sequence[int] | None = None, limit: int = 60
    ) -> dict[int, tuple[str, str]]:
        """person → (campaign, stage) for people with a step to take: someone to ask, or
        someone to thank. With `person_ids`, only theirs."""
        stages, params = in_list("stage", STEP_STAGES)
        query = (
            "SELECT m.person_id, c.name, m.status FROM campaign_people AS m "
            f"JOIN campaigns AS c ON c.id = m.campaign_id WHERE m.status IN ({stages})"
        )
        if person_ids is not None:
            listed, ids = in_list("id", person_ids)
            query += f" AND m.person_id IN ({listed})"
            params.update(ids)
        query += " ORDER BY m.updated_on, m.person_id LIMIT :limit"
        found: dict[int, tuple[str, str]] = {}
        for person_id, name, status in self.sql.rows(query, {**params, "limit": limit}):
            found.setdefault(int(person_id), (name, status))
        return found
