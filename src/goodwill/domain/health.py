"""Network health from a handful of aggregates the store keeps indexed."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from goodwill.domain.cadence import TIER_CADENCE_DAYS
from goodwill.domain.model import Tier


@dataclass(frozen=True, slots=True)
class HealthInputs:
    by_tier: Mapping[str, int]
    kept_warm: int
    kept_warm_on_cadence: int
    dormant: int
    disciplines: Mapping[str, int]
    new_people: int
    streak: int
    plan_size: int
    #: Sum over inner and active people of 1 / cadence: outreaches a day they need.
    daily_demand: float


@dataclass(frozen=True, slots=True)
class Capacity:
    per_day: int
    needed_per_day: float
    #: How many people on the active tier's cadence `per_day` outreaches keep warm.
    sustainable_active: int
    over: bool
    warning: str | None


def rate_in_words(per_day: float) -> str:
    """A rate of outreach as a person plans it: "2.4 a day", or, below a tenth a day (a
    small or distant network: eight acquaintances need 0.02), "about 3 a month" or "less
    than one a month", never "0.0 a day"."""
    if per_day >= 0.095:
        return f"{per_day:.1f} a day"
    per_month = per_day * 30
    if per_month >= 0.5:
        return f"about {max(1, round(per_month))} a month"
    return "less than one a month" if per_day > 0 else "none yet"


@dataclass(frozen=True, slots=True)
class Health:
    people: int
    by_tier: Mapping[str, int]
    coverage: float
    dormant: int
    disciplines: Mapping[str, int]
    discipline_evenness: float
    new_people: int
    streak: int
    capacity: Capacity


def evenness(counts: Mapping[str, int]) -> float:
    """Pielou's evenness of the spread, 0 (all in one) .. 1 (perfectly even)."""
    values = [count for count in counts.values() if count > 0]
    if len(values) < 2:
        return 0.0
    total = sum(values)
    entropy = -sum(v / total * math.log(v / total) for v in values)
    return entropy / math.log(len(values))


def capacity(plan_size: int, daily_demand: float) -> Capacity:
    active_cadence = TIER_CADENCE_DAYS[Tier.ACTIVE] or 182
    sustainable = plan_size * active_cadence
    over = daily_demand > plan_size
    warning = None
    if over:
        warning = (
            f"your inner and active tiers need {daily_demand:.1f} outreaches a day, "
            f"more than the {plan_size} you plan: raise --n, or move people to "
            "acquaintance (quality over quantity)"
        )
    return Capacity(plan_size, daily_demand, sustainable, over, warning)


def gives_per_ask(gives: int, asks: int) -> float | None:
    """Your gives per ask of yours, to two decimals; None without an ask. The one rule for
    every "gives per ask" shown: the health report's (CLI and API), the Health page's card
    and its chart, all over the same window of weeks (`services.trends.GIVE_ASK_WEEKS`)."""
    return round(gives / asks, 2) if asks else None


def summarise(inputs: HealthInputs) -> Health:
    people = sum(inputs.by_tier.values())
    coverage = inputs.kept_warm_on_cadence / inputs.kept_warm if inputs.kept_warm else 0.0
    return Health(
        people=people,
        by_tier=dict(inputs.by_tier),
        coverage=coverage,
        dormant=inputs.dormant,
        disciplines=dict(inputs.disciplines),
        discipline_evenness=evenness(inputs.disciplines),
        new_people=inputs.new_people,
        streak=inputs.streak,
        capacity=capacity(inputs.plan_size, inputs.daily_demand),
    )


@dataclass(frozen=True, slots=True)
class Growth:
    discipline: str
    share: float
    advice: str


def under_represented(counts: Mapping[str, int], limit: int = 3) -> list[Growth]:
    """Disciplines holding less than half of an even share of the network, smallest first:
    where to grow (a meetup, a professional group, or an intro from a connector)."""
    total = sum(counts.values())
    if total == 0 or len(counts) < 2:
        return []
    even = 1 / len(counts)
    thin = sorted(
        (count / total, name) for name, count in counts.items() if count / total < even / 2
    )
    return [
        Growth(
            name,
            share,
            # "people: 3% of your network" (a discipline may be any word; "people is" misreads).
            f"{name}: {share:.0%} of your network; join one of its meetups or groups, "
            "or ask a connector for an introduction",
        )
        for share, name in thin[:limit]
    ]
