"""Aggregates for `health`, each one indexed query over the people table."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, Float, cast, func, literal, select

from goodwill.domain.cadence import KEPT_WARM, TIER_CADENCE_DAYS
from goodwill.domain.model import Tier
from goodwill.store.sql import Repository
from goodwill.store.tables import interaction_people, ledger_days, people

DORMANT_AFTER_DAYS = 365
NEW_WITHIN_DAYS = 90


class StatsRepository(Repository):
    def by_tier(self, on: date) -> dict[str, dict[str, float]]:
        """Per tier: people, on-cadence people, dormant people and daily demand.

        Each number is a count over an index range (see the `ix_people_tier_*`
        indexes), so health never reads the whole people table.
        """
        dormant_before = on - timedelta(days=DORMANT_AFTER_DAYS)
        quiet_since = func.coalesce(people.c.last_contact, people.c.created_on)
        counts: dict[str, int] = {
            str(tier): int(count)
            for tier, count in self.connection.execute(
                select(people.c.tier, func.count()).group_by(people.c.tier)
            )
        }
        result: dict[str, dict[str, float]] = {}
        for tier in Tier:
            in_tier = people.c.tier == tier.value
            on_cadence = self._count(
                in_tier, people.c.next_due >= on, people.c.last_touch.is_not(None)
            )
            dormant = self._count(in_tier, quiet_since < dormant_before)
            result[tier.value] = {
                "people": int(counts.get(tier.value, 0)),
                "on_cadence": on_cadence,
                "dormant": dormant,
                "demand": self._demand(tier),
            }
        return result

    def _count(self, *conditions: ColumnElement[bool]) -> int:
        query = select(func.count()).select_from(people).where(*conditions)
        return int(self.connection.execute(query).scalar_one())

    def _demand(self, tier: Tier) -> float:
        """Outreaches a day the tier needs: people on the tier's cadence plus overrides."""
        default = TIER_CADENCE_DAYS[tier]
        if default is None:
            return 0.0
        in_tier = people.c.tier == tier.value
        on_default = self._count(in_tier, people.c.cadence_days.is_(None))
        overrides = self.connection.execute(
            select(func.sum(literal(1.0) / cast(people.c.cadence_days, Float))).where(
                in_tier, people.c.cadence_days.is_not(None)
            )
        ).scalar()
        return on_default / default + float(overrides or 0.0)

    def gives_and_asks(self) -> tuple[int, int]:
        """Deposits and withdrawals on record, summed over a covering index."""
        row = self.connection.execute(
            select(func.sum(people.c.deposits), func.sum(people.c.withdrawals))
        ).one()
        return int(row[0] or 0), int(row[1] or 0)

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

    def old_friends(self, on: date, limit: int) -> list[tuple[int, str, date | None, float]]:
        """Silent for a year, with the most goodwill banked: old friends to reconnect with.

        The anchor orders people as their balance on any one day does.
        """
        dormant_before = on - timedelta(days=DORMANT_AFTER_DAYS)
        live = [tier.value for tier in Tier if tier is not Tier.ARCHIVED]
        query = (
            select(people.c.id, people.c.name, people.c.last_contact, people.c.balance_anchor)
            .where(people.c.tier.in_(live), people.c.last_contact < dormant_before)
            .where(people.c.balance_anchor > 0)
            .order_by(people.c.balance_anchor.desc(), people.c.id)
            .limit(limit)
        )
        return [
            (int(row.id), row.name, row.last_contact, float(row.balance_anchor))
            for row in self.connection.execute(query)
        ]

    def only_when_needed(self, limit: int) -> tuple[int, list[tuple[int, str]]]:
        """People who gave nothing and asked at least twice, mostly after long silences."""
        condition = (
            (people.c.their_cold_asks >= 2)
            & (people.c.their_gives == 0)
            & (people.c.their_cold_asks * 2 >= people.c.their_asks)
        )
        count = self._count(condition)
        query = (
            select(people.c.id, people.c.name)
            .where(condition)
            .order_by(people.c.their_cold_asks.desc(), people.c.id)
            .limit(limit)
        )
        return count, [(int(row.id), row.name) for row in self.connection.execute(query)]

    def entries_by_day(self, since: date, until: date) -> list[tuple[date, str, bool, int]]:
        """(day, direction, by_them, count) of ledger entries in a date range: the raw
        material of the weekly trends, from the per-day counts the triggers keep."""
        query = select(
            ledger_days.c.day, ledger_days.c.direction, ledger_days.c.by_them, ledger_days.c.entries
        ).where(ledger_days.c.day >= since, ledger_days.c.day <= until, ledger_days.c.entries > 0)
        return [(day, str(d), bool(t), int(n)) for day, d, t, n in self.connection.execute(query)]

    def kept_warm_contact_days(
        self, since: date, until: date, every: int = 1
    ) -> list[tuple[int, date]]:
        """(person, day) of every entry with a kept-warm person in a date range, for one
        person in `every` (by id): from the tier index to each person's entries by the
        (person, day) index, so the cost follows the people sampled, not the ledger."""
        query = (
            select(interaction_people.c.person_id, interaction_people.c.occurred_on)
            .join(people, people.c.id == interaction_people.c.person_id)
            .where(
                self._kept_warm(every),
                interaction_people.c.occurred_on >= since,
                interaction_people.c.occurred_on <= until,
            )
        )
        return [(int(pid), day) for pid, day in self.connection.execute(query)]

    def kept_warm_count(self, every: int = 1) -> int:
        return self._count(self._kept_warm(every))

    @staticmethod
    def _kept_warm(every: int) -> ColumnElement[bool]:
        kept = people.c.tier.in_([tier.value for tier in KEPT_WARM])
        return kept if every == 1 else kept & (people.c.id % every == 0)
