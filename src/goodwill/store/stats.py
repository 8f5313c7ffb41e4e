"""Aggregates for `health`, each one indexed query over the people table."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection, Float, and_, case, cast, func, literal, select

from goodwill.domain.cadence import KEPT_WARM, TIER_CADENCE_DAYS
from goodwill.domain.model import Tier
from goodwill.store.tables import people

DORMANT_AFTER_DAYS = 365
NEW_WITHIN_DAYS = 90


class StatsRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def by_tier(self, on: date) -> dict[str, dict[str, float]]:
        """Per tier: people, on-cadence people, dormant people, daily demand, gives, asks."""
        dormant_before = on - timedelta(days=DORMANT_AFTER_DAYS)
        tier_cadence = case(
            *[
                (people.c.tier == tier.value, literal(days))
                for tier, days in TIER_CADENCE_DAYS.items()
                if days is not None
            ],
            else_=None,
        )
        cadence = func.coalesce(people.c.cadence_days, tier_cadence)
        on_cadence = case(
            (and_(people.c.last_touch.is_not(None), people.c.next_due >= on), 1), else_=0
        )
        dormant = case(
            (
                func.coalesce(people.c.last_contact, people.c.created_on) < dormant_before,
                1,
            ),
            else_=0,
        )
        query = select(
            people.c.tier,
            func.count().label("people"),
            func.sum(on_cadence).label("on_cadence"),
            func.sum(dormant).label("dormant"),
            func.sum(literal(1.0) / cast(cadence, Float)).label("demand"),
            func.sum(people.c.deposits).label("deposits"),
            func.sum(people.c.withdrawals).label("withdrawals"),
        ).group_by(people.c.tier)
        return {
            row.tier: {
                "people": int(row.people),
                "on_cadence": int(row.on_cadence or 0),
                "dormant": int(row.dormant or 0),
                "demand": float(row.demand or 0.0),
                "deposits": int(row.deposits or 0),
                "withdrawals": int(row.withdrawals or 0),
            }
            for row in self.connection.execute(query)
        }

    def disciplines(self) -> dict[str, int]:
        query = (
            select(people.c.discipline, func.count())
            .where(people.c.discipline.is_not(None), people.c.tier != Tier.ARCHIVED.value)
            .group_by(people.c.discipline)
        )
        return {str(name): int(count) for name, count in self.connection.execute(query)}

    def new_people(self, on: date) -> int:
        since = on - timedelta(days=NEW_WITHIN_DAYS)
        # Met recently, or added recently without a known meeting date: an
        # import of old connections is not growth.
        met_or_added = func.coalesce(people.c.met_on, people.c.created_on)
        query = select(func.count()).select_from(people).where(met_or_added > since)
        return int(self.connection.execute(query).scalar_one())

    def dormant_names(self, on: date, limit: int) -> list[tuple[int, str, date | None]]:
        """The longest-silent kept-warm people, for a few names under the dormant count."""
        dormant_before = on - timedelta(days=DORMANT_AFTER_DAYS)
        query = (
            select(people.c.id, people.c.name, people.c.last_contact)
            .where(people.c.last_contact < dormant_before)
            .where(people.c.tier.in_([tier.value for tier in KEPT_WARM]))
            .order_by(people.c.last_contact)
            .limit(limit)
        )
        return [(int(row.id), row.name, row.last_contact) for row in self.connection.execute(query)]
