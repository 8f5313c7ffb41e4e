"""A unit of work in memory, for testing a service's rules without a database.

Modelled on cosmicpython's `FakeUnitOfWork`: `FakeDatabase` hands out `FakeUnitOfWork`s
whose repositories are dictionaries, and is all or nothing as the real one is (a write
that raises leaves the state as it was). Only the repositories and methods the services
under test use are here; a service reaching for anything else fails loudly
(AttributeError), which is how a test learns it needs the real database.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

from goodwill.domain.model import Person, TriageStatus
from goodwill.store.campaigns import CampaignRow, MemberRow


@dataclass
class FakeCampaigns:
    rows: dict[int, CampaignRow] = field(default_factory=dict)
    enrolled: dict[tuple[int, int], MemberRow] = field(default_factory=dict)
    names: dict[int, tuple[str, str | None]] = field(default_factory=dict)

    def add(self, name: str, goal: int, no_reply_days: int, created_on: date) -> int:
        campaign_id = len(self.rows) + 1
        self.rows[campaign_id] = CampaignRow(campaign_id, name, goal, no_reply_days, created_on)
        return campaign_id

    def by_name(self, name: str) -> CampaignRow | None:
        return next((row for row in self.rows.values() if row.name == name), None)

    def all(self) -> list[CampaignRow]:
        return sorted(self.rows.values(), key=lambda row: (row.created_on, row.id), reverse=True)

    def members(self, campaign_id: int, person_id: int | None = None) -> list[MemberRow]:
        return sorted(
            (
                row
                for (cid, pid), row in self.enrolled.items()
                if cid == campaign_id and person_id in (None, pid)
            ),
            key=lambda row: (row.name.lower(), row.person_id),
        )

    def member(self, campaign_id: int, person_id: int) -> MemberRow | None:
        return self.enrolled.get((campaign_id, person_id))

    def enrol(self, campaign_id: int, person_id: int, status: str, on: date) -> None:
        name, company = self.names[person_id]
        self.enrolled[(campaign_id, person_id)] = MemberRow(
            person_id, name, company, status, None, on
        )


@dataclass
class FakeTriage:
    rows: dict[int, SimpleNamespace] = field(default_factory=dict)

    def invite(self, name: str, message: str, on: date, link: str | None = None) -> int:
        """Test setup: an invitation as an import records it."""
        invitation_id = len(self.rows) + 1
        self.rows[invitation_id] = SimpleNamespace(
            id=invitation_id, source="linkedin", name=name, message=message, invited_on=on,
            link=link, status=TriageStatus.PENDING, person_id=None,
        )  # fmt: skip
        return invitation_id

    def pending(self, *, include_done: bool = False) -> list[Any]:
        return [
            row
            for row in sorted(self.rows.values(), key=lambda row: (row.invited_on, row.id))
            if include_done or row.status == TriageStatus.PENDING
        ]

    def get(self, invitation_id: int) -> Any:
        return self.rows.get(invitation_id)

    def set_status(self, invitation_id: int, status: str, person_id: int | None) -> None:
        self.rows[invitation_id].status = status
        self.rows[invitation_id].person_id = person_id


@dataclass
class FakePeople:
    by_id: dict[int, Person] = field(default_factory=dict)

    def get(self, person_id: int) -> Person | None:
        return self.by_id.get(person_id)

    def get_many(self, person_ids: list[int]) -> list[Person]:
        return [self.by_id[pid] for pid in person_ids if pid in self.by_id]


@dataclass
class FakeUnitOfWork:
    campaigns: FakeCampaigns = field(default_factory=FakeCampaigns)
    triage: FakeTriage = field(default_factory=FakeTriage)
    people: FakePeople = field(default_factory=FakePeople)


class FakeDatabase:
    """`Database.read` and `Database.write` over one `FakeUnitOfWork`."""

    def __init__(self) -> None:
        self.uow = FakeUnitOfWork()
        self.writes = 0

    @contextmanager
    def write(self) -> Iterator[FakeUnitOfWork]:
        before = copy.deepcopy(self.uow)
        try:
            yield self.uow
        except BaseException:
            self.uow = before  # all or nothing
            raise
        self.writes += 1

    @contextmanager
    def read(self) -> Iterator[FakeUnitOfWork]:
        before = copy.deepcopy(self.uow)
        yield self.uow
        assert self.uow == before, "a read changed something"
