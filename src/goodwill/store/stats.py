"""Aggregates for `health`, each one indexed query over the people table.

SQL text (see `store.sql`), so that `health` on SQLite never imports SQLAlchemy. Each
expression is written as its index is (`ix_people_tier_quiet_since` on
`coalesce(last_contact, created_on)`, `ix_people_met_or_added` on
`coalesce(met_on, created_on)`), or SQLite would not use the index.
"""

from __future__ import annotations

from datetime import date, timedelta

from goodwill.domain.cadence import KEPT_WARM, TIER_CADENCE_DAYS
from goodwill.domain.model import Tier
from goodwill.store.sql import Params, Repository, day, in_list, known_day

DORMANT_AFTER_DAYS = 365
NEW_WITHIN_DAYS = 90

#: The expression `ix_people_tier_quiet_since` indexes after the tier: the last contact,
#: or the day a never-contacted person was added.
_QUIET_SINCE = "coalesce(last_contact, created_on)"
#: Last contacted before `:before` (never contacted is not silent): said through the
#: quiet-since expression, which equals the last contact wherever there is one, so that
#: `ix_people_tier_quiet_since` finds these people and no index on the last contact alone
#: is needed.
_SILENT_SINCE_CONTACT = f"{_QUIET_SINCE} < :before AND last_contact IS NOT NULL"
#: People who gave nothing and asked at least twice, mostly after long silences.
_ONLY_WHEN_NEEDED = "their_cold_asks >= 2 AND their_gives = 0 AND their_cold_asks * 2 >= their_asks"

_KEPT_WARM_TIERS, _KEPT_WARM_PARAMS = in_list("kept_warm", [tier.value for tier in KEPT_WARM])
_LIVE_TIERS, _LIVE_PARAMS = in_list("live", [t.value for t in Tier if t is not Tier.ARCHIVED])


class StatsRepository(Repository):
    def by_tier(self, on: date) -> dict[str, dict[str, float]]:
        """Per tier: people, on-cadence people, dormant people and daily demand.

        Each number is a count over an index range (see the `ix_people_tier_*`
        indexes), so health never reads the whole people table.
        """
        dormant_before = on - timedelta(days=DORMANT_AFTER_DAYS)
        counts = {
            str(tier): int(count)
            for tier, count in self.sql.rows("SELECT tier, count(*) FROM people GROUP BY tier")
        }
        result: dict[str, dict[str, float]] = {}
        for tier in Tier:
            in_tier = {"tier": tier.value}
            on_cadence = self._count(
                "tier = :tier AND next_due >= :on AND last_touch IS NOT NULL",
                {**in_tier, "on": on},
            )
            dormant = self._count(
                f"tier = :tier AND {_QUIET_SINCE} < :before", {**in_tier, "before": dormant_before}
            )
            result[tier.value] = {
                "people": counts.get(tier.value, 0),
                "on_cadence": on_cadence,
                "dormant": dormant,
                "demand": self._demand(tier),
            }
        return result

    def _count(self, condition: str, params: Params) -> int:
        return int(self.sql.scalar(f"SELECT count(*) FROM people WHERE {condition}", params))

    def _demand(self, tier: Tier) -> float:
        """Outreaches a day the tier needs: people on the tier's cadence plus overrides."""
        default = TIER_CADENCE_DAYS[tier]
        if default is None:
            return 0.0
        in_tier = {"tier": tier.value}
        on_default = self._count("tier = :tier AND cadence_days IS NULL", in_tier)
        overrides = self.sql.scalar(
            "SELECT sum(1.0 / CAST(cadence_days AS FLOAT)) FROM people "
            "WHERE tier = :tier AND cadence_days IS NOT NULL",
            in_tier,
        )
        return on_default / default + float(overrides or 0.0)

    def gives_and_asks(self) -> tuple[int, int]:
        """Deposits and withdrawals on record, all time and once per person an entry names,
        summed over a covering index."""
        row = self.sql.first("SELECT sum(deposits), sum(withdrawals) FROM people")
        assert row is not None
        return int(row[0] or 0), int(row[1] or 0)

    def disciplines(self) -> dict[str, int]:
        rows = self.sql.rows(
            "SELECT discipline, count(*) FROM people "
            "WHERE discipline IS NOT NULL AND tier != :archived GROUP BY discipline",
            {"archived": Tier.ARCHIVED.value},
        )
        return {str(name): int(count) for name, count in rows}

    def new_people(self, on: date) -> int:
        # Met recently, or added recently without a known meeting date: an
        # import of old connections is not growth.
        since = on - timedelta(days=NEW_WITHIN_DAYS)
        return self._count("coalesce(met_on, created_on) > :since", {"since": since})

    def dormant_names(self, on: date, limit: int) -> list[tuple[int, str, date | None]]:
        """The longest-silent kept-warm people, for a few names under the dormant count."""
        rows = self.sql.rows(
            f"SELECT id, name, last_contact FROM people WHERE {_SILENT_SINCE_CONTACT} "
            f"AND tier IN ({_KEPT_WARM_TIERS}) ORDER BY {_QUIET_SINCE} LIMIT :limit",
            {
                "before": on - timedelta(days=DORMANT_AFTER_DAYS),
                "limit": limit,
                **_KEPT_WARM_PARAMS,
            },
        )
        return [(int(pid), name, day(last)) for pid, name, last in rows]

    def old_friends(self, on: date, limit: int) -> list[tuple[int, str, date | None, float]]:
        """Silent for a year, with the most goodwill banked: old friends to reconnect with.

        The anchor orders people as their balance on any one day does.
        """
        rows = self.sql.rows(
            "SELECT id, name, last_contact, balance_anchor FROM people "
            f"WHERE tier IN ({_LIVE_TIERS}) AND {_SILENT_SINCE_CONTACT} "
            "AND balance_anchor > 0 ORDER BY balance_anchor DESC, id LIMIT :limit",
            {"before": on - timedelta(days=DORMANT_AFTER_DAYS), "limit": limit, **_LIVE_PARAMS},
        )
        return [(int(pid), name, day(last), float(anchor)) for pid, name, last, anchor in rows]

    def only_when_needed(self, limit: int) -> tuple[int, list[tuple[int, str]]]:
        """People who gave nothing and asked at least twice, mostly after long silences."""
        count = self._count(_ONLY_WHEN_NEEDED, {})
        rows = self.sql.rows(
            f"SELECT id, name FROM people WHERE {_ONLY_WHEN_NEEDED} "
            "ORDER BY their_cold_asks DESC, id LIMIT :limit",
            {"limit": limit},
        )
        return count, [(int(pid), name) for pid, name in rows]

    def entries_by_day(self, since: date, until: date) -> list[tuple[date, str, bool, int]]:
        """(day, direction, by_them, count) of ledger entries in a date range: the raw
        material of the weekly trends, from the per-day counts the triggers keep."""
        rows = self.sql.rows(
            "SELECT day, direction, by_them, entries FROM ledger_days "
            "WHERE day >= :since AND day <= :until AND entries > 0",
            {"since": since, "until": until},
        )
        return [(known_day(on), str(d), bool(by), int(n)) for on, d, by, n in rows]

    def kept_warm_contact_days(
        self, since: date, until: date, every: int = 1
    ) -> list[tuple[int, date]]:
        """(person, day) of every entry with a kept-warm person in a date range, for one
        person in `every` (by id): from the tier index to each person's entries by the
        (person, day) index, so the cost follows the people sampled, not the ledger."""
        condition, params = self._kept_warm(every, "people.")
        rows = self.sql.rows(
            "SELECT interaction_people.person_id, interaction_people.occurred_on "
            "FROM interaction_people JOIN people ON people.id = interaction_people.person_id "
            f"WHERE {condition} AND interaction_people.occurred_on >= :since "
            "AND interaction_people.occurred_on <= :until",
            {**params, "since": since, "until": until},
        )
        return [(int(pid), known_day(on)) for pid, on in rows]

    def kept_warm_count(self, every: int = 1) -> int:
        return self._count(*self._kept_warm(every))

    @staticmethod
    def _kept_warm(every: int, table: str = "") -> tuple[str, Params]:
        kept = f"{table}tier IN ({_KEPT_WARM_TIERS})"
        if every == 1:
            return kept, dict(_KEPT_WARM_PARAMS)
        return f"{kept} AND {table}id % :every = 0", {**_KEPT_WARM_PARAMS, "every": every}
