"""What one owner's namespace shows a colleague: who they know at a company, and how well.

Only the columns a colleague may see are ever selected (name, company, title, tier, last
touch): notes, emails, the ledger and the balance stay in the query's blind spot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, literal, select, text

from goodwill.domain.model import Tier
from goodwill.domain.team import RECENCY_POINTS, TIER_POINTS
from goodwill.store.people import at_company
from goodwill.store.sql import Repository
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


class TeamRepository(Repository):
    def known_at(self, company: str, on: date, limit: int) -> list[SharedTie]:
        """Non-archived people at the company `company` names, strongest first: the same
        company once case, accents, punctuation and legal forms are folded, or one whose name
        starts with its whole words (`store.people.at_company`, an index seek)."""
        condition = at_company(self.connection.dialect.name, company)
        if condition is None:
            return []
        where, params = condition
        query = (
            select(
                people.c.name, people.c.company, people.c.title, people.c.tier, people.c.last_touch
            )
            .where(text(where).bindparams(**params), people.c.tier != Tier.ARCHIVED.value)
            .order_by(_points(on).desc(), people.c.name_key, people.c.id)
            .limit(limit)
        )
        return [
            SharedTie(row.name, row.company, row.title, Tier(row.tier), row.last_touch)
            for row in self.connection.execute(query)
        ]
