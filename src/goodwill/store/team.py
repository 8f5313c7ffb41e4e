"""What one owner's namespace shows a colleague: who they know at a company, and how well.

Only the columns a colleague may see are ever selected (name, company, title, tier, last
touch): notes, emails, the ledger and the balance stay in the query's blind spot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, case, func, literal, select

from goodwill.domain.model import Tier
from goodwill.domain.team import RECENCY_POINTS, TIER_POINTS
from goodwill.store.tables import people


@dataclass(frozen=True, slots=True)
class SharedTie:
    name: str
    company: str | None
    title: str | None
    tier: Tier
    last_touch: date | None


def _points(on: date) -> Any:
    """`domain.team.tie_points` in SQL, so that the strongest ties come first in the limit."""
    tier = case(
        {tier.value: points for tier, points in TIER_POINTS.items()},
        value=people.c.tier,
        else_=0,
    )
    recency = case(
        *(
            (people.c.last_touch >= on - timedelta(days=days), literal(points))
            for days, points in RECENCY_POINTS
        ),
        else_=0,
    )
    return tier + recency


class TeamRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def known_at(self, company: str, on: date, limit: int) -> list[SharedTie]:
        """Non-archived people whose company contains `company` (any case), strongest first.

        A substring cannot seek an index, so the query works in two steps over the index on
        `lower(company)`: the companies that match are found by reading that narrow index
        alone (on SQLite; not the wide table), and their people by seeking it. On 100,000
        people, a company nobody works at is ruled out in about a third of a table scan.
        """
        lowered = func.lower(people.c.company)
        matching = (
            select(lowered).where(lowered.contains(company.strip().lower(), autoescape=True))
        ).distinct()
        query = (
            select(
                people.c.name, people.c.company, people.c.title, people.c.tier, people.c.last_touch
            )
            .where(lowered.in_(matching), people.c.tier != Tier.ARCHIVED.value)
            .order_by(_points(on).desc(), people.c.name_key, people.c.id)
            .limit(limit)
        )
        return [
            SharedTie(row.name, row.company, row.title, Tier(row.tier), row.last_touch)
            for row in self.connection.execute(query)
        ]
