"""Aggregates for `health`, each one indexed query over the people table."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from goodwill.domain.cadence import KEPT_WARM, TIER_CADENCE_DAYS
from goodwill.domain.model import Tier
from goodwill.store.lazy_modules import lazy
from goodwill.store.sql import Repository

if TYPE_CHECKING:
    import sqlalchemy as sa

    from goodwill.store import tables as t
else:
    sa = lazy("sqlalchemy")
    t = lazy("goodwill.store.tables")

DORMANT_AFTER_DAYS = 365
NEW_WITHIN_DAYS = 90


class StatsRepository(Repository):
    def by_tier(self, on: date) -> dict[str, dict[str, float]]:
        """Per tier: people, on-cadence people, dormant people and daily demand.

        Each number is a count over an index range (see the `ix_people_tier_*`
        indexes), so health never reads the whole people table.
        """
        dormant_before = on - timedelta(days=DORMANT_AFTER_DAYS)
        quiet_since = _quiet_since()
        counts: dict[str, int] = {
            str(tier): int(count)
            for tier, count in self.connection.execute(
                sa.select(t.people.c.tier, sa.func.count()).group_by(t.people.c.tier)
            )
        }
        result: dict[str, dict[str, float]] = {}
        for tier in Tier:
            in_tier = t.people.c.tier == tier.value
            on_cadence = self._count(
                in_tier, t.people.c.next_due >= on, t.people.c.last_touch.is_not(None)
            )
            dormant = self._count(in_tier, quiet_since < dormant_before)
            result[tier.value] = {
                "people": int(counts.get(tier.value, 0)),
                "on_cadence": on_cadence,
                "dormant": dormant,
                "demand": self._demand(tier),
            }
        return result

    def _count(self, *conditions: sa.ColumnElement[bool]) -> int:
        query = sa.select(sa.func.count()).select_from(t.people).where(*conditions)
        return int(self.connection.execute(query).scalar_one())

    def _demand(self, tier: Tier) -> float:
        """Outreaches a day the tier needs: people on the tier's cadence plus overrides."""
        default = TIER_CADENCE_DAYS[tier]
        if default is None:
            return 0.0
        in_tier = t.people.c.tier == tier.value
        on_default = self._count(in_tier, t.people.c.cadence_days.is_(None))
        overrides = self.connection.execute(
            sa.select(
                sa.func.sum(sa.literal(1.0) / sa.cast(t.people.c.cadence_days, sa.Float))
            ).where(in_tier, t.people.c.cadence_days.is_not(None))
        ).scalar()
        return on_default / default + float(overrides or 0.0)

    def gives_and_asks(self) -> tuple[int, int]:
        """Deposits and withdrawals on record, all time and once per person an entry names,
        summed over a covering index."""
        row = self.connection.execute(
            sa.select(sa.func.sum(t.people.c.deposits), sa.func.sum(t.people.c.withdrawals))
        ).one()
        return int(row[0] or 0), int(row[1] or 0)

    def disciplines(self) -> dict[str, int]:
        query = (
            sa.select(t.people.c.discipline, sa.func.count())
            .where(t.people.c.discipline.is_not(None), t.people.c.tier != Tier.ARCHIVED.value)
            .group_by(t.people.c.discipline)
        )
        return {str(name): int(count) for name, count in self.connection.execute(query)}

    def new_people(self, on: date) -> int:
        since = on - timedelta(days=NEW_WITHIN_DAYS)
        # Met recently, or added recently without a known meeting date: an
        # import of old connections is not growth.
        met_or_added = sa.func.coalesce(t.people.c.met_on, t.people.c.created_on)
        query = sa.select(sa.func.count()).select_from(t.people).where(met_or_added > since)
        return int(self.connection.execute(query).scalar_one())

    def dormant_names(self, on: date, limit: int) -> list[tuple[int, str, date | None]]:
        """The longest-silent kept-warm people, for a few names under the dormant count."""
        dormant_before = on - timedelta(days=DORMANT_AFTER_DAYS)
        quiet_since = _quiet_since()
        query = (
            sa.select(t.people.c.id, t.people.c.name, t.people.c.last_contact)
            .where(_silent_since_contact(dormant_before))
            .where(t.people.c.tier.in_([tier.value for tier in KEPT_WARM]))
            .order_by(quiet_since)
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
            sa.select(
                t.people.c.id, t.people.c.name, t.people.c.last_contact, t.people.c.balance_anchor
            )
            .where(t.people.c.tier.in_(live), _silent_since_contact(dormant_before))
            .where(t.people.c.balance_anchor > 0)
            .order_by(t.people.c.balance_anchor.desc(), t.people.c.id)
            .limit(limit)
        )
        return [
            (int(row.id), row.name, row.last_contact, float(row.balance_anchor))
            for row in self.connection.execute(query)
        ]

    def only_when_needed(self, limit: int) -> tuple[int, list[tuple[int, str]]]:
        """People who gave nothing and asked at least twice, mostly after long silences."""
        condition = (
            (t.people.c.their_cold_asks >= 2)
            & (t.people.c.their_gives == 0)
            & (t.people.c.their_cold_asks * 2 >= t.people.c.their_asks)
        )
        count = self._count(condition)
        query = (
            sa.select(t.people.c.id, t.people.c.name)
            .where(condition)
            .order_by(t.people.c.their_cold_asks.desc(), t.people.c.id)
            .limit(limit)
        )
        return count, [(int(row.id), row.name) for row in self.connection.execute(query)]

    def entries_by_day(self, since: date, until: date) -> list[tuple[date, str, bool, int]]:
        """(day, direction, by_them, count) of ledger entries in a date range: the raw
        material of the weekly trends, from the per-day counts the triggers keep."""
        query = sa.select(
            t.ledger_days.c.day,
            t.ledger_days.c.direction,
            t.ledger_days.c.by_them,
            t.ledger_days.c.entries,
        ).where(
            t.ledger_days.c.day >= since, t.ledger_days.c.day <= until, t.ledger_days.c.entries > 0
        )
        return [(day, str(d), bool(t), int(n)) for day, d, t, n in self.connection.execute(query)]

    def kept_warm_contact_days(
        self, since: date, until: date, every: int = 1
    ) -> list[tuple[int, date]]:
        """(person, day) of every entry with a kept-warm person in a date range, for one
        person in `every` (by id): from the tier index to each person's entries by the
        (person, day) index, so the cost follows the people sampled, not the ledger."""
        query = (
            sa.select(t.interaction_people.c.person_id, t.interaction_people.c.occurred_on)
            .join(t.people, t.people.c.id == t.interaction_people.c.person_id)
            .where(
                self._kept_warm(every),
                t.interaction_people.c.occurred_on >= since,
                t.interaction_people.c.occurred_on <= until,
            )
        )
        return [(int(pid), day) for pid, day in self.connection.execute(query)]

    def kept_warm_count(self, every: int = 1) -> int:
        return self._count(self._kept_warm(every))

    @staticmethod
    def _kept_warm(every: int) -> sa.ColumnElement[bool]:
        kept = t.people.c.tier.in_([tier.value for tier in KEPT_WARM])
        return kept if every == 1 else kept & (t.people.c.id % every == 0)


def _quiet_since() -> sa.ColumnElement[date]:
    """The last contact, or the day a never-contacted person was added: the expression
    `ix_people_tier_quiet_since` indexes after the tier."""
    return sa.func.coalesce(t.people.c.last_contact, t.people.c.created_on)


def _silent_since_contact(before: date) -> sa.ColumnElement[bool]:
    """Last contacted before `before` (never contacted is not silent): said through the
    quiet-since expression, which equals the last contact wherever there is one, so that
    `ix_people_tier_quiet_since` finds these people and no index on the last contact
    alone is needed."""
    return sa.and_(_quiet_since() < before, t.people.c.last_contact.is_not(None))
