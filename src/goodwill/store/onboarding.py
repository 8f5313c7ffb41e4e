"""The evidence `goodwill onboard` weighs: who the ledger says you are close to.

The people with the most ledger entries, then, for those few hundred only, each one's
newest entries counted by channel, kind and who began them (`ix_interaction_people_person_on`):
the ledger is never scanned. Finding the first few hundred reads the people table once and
sorts it (100,000 people: tens of milliseconds, once, when a network is set up); an index on
the entry counts, which every ledger write and every import would keep up, is not worth it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from goodwill.domain.model import Tier
from goodwill.store.sql import Repository
from goodwill.store.tables import interaction_people, interactions, people


@dataclass
class LedgerCounts:
    """One person's entries counted the ways onboarding weighs them."""

    mails: int = 0
    meetings: int = 0
    messages: int = 0
    recommendations: int = 0
    from_them: int = 0
    recent: int = 0
    #: How many of the person's entries were counted (the newest ones).
    examined: int = 0
    first_on: date | None = None


@dataclass(frozen=True, slots=True)
class CandidateRow:
    id: int
    name: str
    given_name: str | None
    company: str | None
    tier: str
    entries: int
    last_contact: date | None
    met_on: date | None
    created_on: date


_MEETING_CHANNELS = ("meeting", "coffee", "call", "event")


class OnboardingRepository(Repository):
    def most_entries(self, limit: int) -> list[CandidateRow]:
        """People not archived with the most ledger entries, most first."""
        query = (
            select(
                people.c.id,
                people.c.name,
                people.c.given_name,
                people.c.company,
                people.c.tier,
                people.c.entries,
                people.c.last_contact,
                people.c.met_on,
                people.c.created_on,
            )
            .where(people.c.tier.in_([Tier.INNER, Tier.ACTIVE, Tier.ACQUAINTANCE]))
            .where(people.c.entries > 0)
            .order_by(people.c.entries.desc(), people.c.id)
            .limit(limit)
        )
        return [CandidateRow(*row) for row in self.connection.execute(query)]

    def counts(
        self, person_ids: Sequence[int], recent_since: date, newest: int
    ) -> dict[int, LedgerCounts]:
        """Each person's newest `newest` entries counted by channel, kind and initiator.

        One index range per person, newest first and bounded: a tie of 5,000 entries costs
        what one of `newest` does (each entry is a lookup into the ledger by its key).
        """
        found: dict[int, LedgerCounts] = {}
        for person_id in person_ids:
            counted = found[person_id] = LedgerCounts()
            message_days: set[date] = set()  # a day's messages, both ways, are one day
            query = (
                select(
                    interactions.c.channel,
                    interactions.c.kind,
                    interactions.c.initiated_by,
                    interaction_people.c.occurred_on,
                )
                .join(interactions, interactions.c.id == interaction_people.c.interaction_id)
                .where(interaction_people.c.person_id == person_id)
                .order_by(interaction_people.c.occurred_on.desc())
                .limit(newest)
            )
            for channel, kind, initiated_by, occurred_on in self.connection.execute(query):
                counted.examined += 1
                if kind == "reference":
                    counted.recommendations += 1
                elif channel == "email":
                    counted.mails += 1
                elif channel == "message":
                    message_days.add(occurred_on)
                elif channel in _MEETING_CHANNELS:
                    counted.meetings += 1
                counted.from_them += initiated_by == "them"
                counted.recent += occurred_on >= recent_since
            counted.messages = len(message_days)
            counted.first_on = self._first_entry(person_id)
        return found

    def _first_entry(self, person_id: int) -> date | None:
        """The day of a person's oldest entry: one step into the (person, day) index."""
        return self.connection.execute(
            select(interaction_people.c.occurred_on)
            .where(interaction_people.c.person_id == person_id)
            .order_by(interaction_people.c.occurred_on)
            .limit(1)
        ).scalar()
