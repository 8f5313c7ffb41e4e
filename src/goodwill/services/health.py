"""Network health: tiers, coverage, give/ask, dormant ties, spread, streak, capacity."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from goodwill.domain.balance import balance_from_anchor
from goodwill.domain.cadence import KEPT_WARM
from goodwill.domain.health import HealthInputs, summarise, under_represented
from goodwill.domain.model import Tier
from goodwill.domain.streak import streak
from goodwill.services.context import Context
from goodwill.services.views import iso
from goodwill.store.database import UnitOfWork

DORMANT_NAMES_SHOWN = 5


def health(ctx: Context, on: date | None = None, n: int | None = None) -> dict[str, Any]:
    day = on or ctx.today()
    plan_size = n or ctx.config.plan_size
    with ctx.db.read() as uow:
        return ctx.cache.get_or_make(
            ("health", day, plan_size),
            uow.settings.generation(),
            lambda: _report(ctx, uow, day, plan_size),
        )


def _report(ctx: Context, uow: UnitOfWork, day: date, plan_size: int) -> dict[str, Any]:
    tiers = uow.stats.by_tier(day)
    gives, asks = uow.stats.gives_and_asks()
    kept_warm = [tiers.get(tier.value, {}) for tier in KEPT_WARM]
    live = [stats for name, stats in tiers.items() if name != Tier.ARCHIVED.value]
    inputs = HealthInputs(
        by_tier={tier.value: int(tiers.get(tier.value, {}).get("people", 0)) for tier in Tier},
        kept_warm=sum(int(s.get("people", 0)) for s in kept_warm),
        kept_warm_on_cadence=sum(int(s.get("on_cadence", 0)) for s in kept_warm),
        deposits=gives,
        withdrawals=asks,
        dormant=sum(int(s["dormant"]) for s in live),
        disciplines=uow.stats.disciplines(),
        new_people=uow.stats.new_people(day),
        streak=streak(uow.plans.completed_days(day), day),
        plan_size=plan_size,
        daily_demand=sum(float(s.get("demand", 0.0)) for s in kept_warm),
    )
    report = summarise(inputs)
    dormant_names = uow.stats.dormant_names(day, DORMANT_NAMES_SHOWN)
    half_life = ctx.half_life(uow)
    old_friends = uow.stats.old_friends(day, DORMANT_NAMES_SHOWN)
    askers, asker_names = uow.stats.only_when_needed(DORMANT_NAMES_SHOWN)
    capacity = asdict(report.capacity)
    capacity["needed_per_day"] = round(report.capacity.needed_per_day, 2)
    return {
        "date": day.isoformat(),
        "people": report.people,
        "by_tier": dict(report.by_tier),
        "coverage": round(report.coverage, 4),
        "give_ask_ratio": None
        if report.give_ask_ratio is None
        else round(report.give_ask_ratio, 2),
        "deposits": inputs.deposits,
        "withdrawals": inputs.withdrawals,
        "dormant": report.dormant,
        "dormant_by_tier": {
            tier.value: int(tiers.get(tier.value, {}).get("dormant", 0))
            for tier in Tier
            if tier is not Tier.ARCHIVED
        },
        "dormant_examples": [
            {"id": pid, "name": name, "last_contact": iso(last)}
            for pid, name, last in dormant_names
        ],
        "disciplines": dict(sorted(report.disciplines.items(), key=lambda kv: (-kv[1], kv[0]))),
        "discipline_count": len(report.disciplines),
        "discipline_evenness": round(report.discipline_evenness, 3),
        "grow": [
            {"discipline": g.discipline, "share": round(g.share, 3), "advice": g.advice}
            for g in under_represented(report.disciplines)
        ],
        "old_friends": [
            {
                "id": pid,
                "name": name,
                "last_contact": iso(last),
                "balance": round(balance_from_anchor(anchor, day, half_life), 2),
            }
            for pid, name, last, anchor in old_friends
        ],
        "only_when_needed": {
            "count": askers,
            "examples": [{"id": pid, "name": name} for pid, name in asker_names],
        },
        "new_people": report.new_people,
        "streak": report.streak,
        "capacity": capacity,
    }
