"""Network health: tiers, coverage, give/ask, dormant ties, spread, streak, capacity."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from goodwill.domain.balance import balance_from_anchor
from goodwill.domain.cadence import KEPT_WARM
from goodwill.domain.health import HealthInputs, summarise, under_represented
from goodwill.domain.model import Tier
from goodwill.domain.streak import streak
from goodwill.services.context import Context
from goodwill.services.trends import GivesPerAsk, recent_gives_per_ask
from goodwill.services.views import PersonRef, Shape, frozen, iso
from goodwill.store.database import UnitOfWork

DORMANT_NAMES_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Dormant(Shape):
    """Someone silent for a year or more."""

    id: int
    name: str
    #: ISO, or None when never in contact.
    last_contact: str | None


@dataclass(frozen=True, slots=True)
class OldFriend(Shape):
    """A dormant tie with goodwill still banked: the easiest to reconnect with."""

    id: int
    name: str
    last_contact: str | None
    balance: float


@dataclass(frozen=True, slots=True)
class Growth(Shape):
    """A discipline the network is thin in, and what to do about it."""

    discipline: str
    share: float
    advice: str


@dataclass(frozen=True, slots=True)
class OnlyWhenNeeded(Shape):
    """People who appear after long silences to ask: how many, and some of them."""

    count: int
    examples: tuple[PersonRef, ...]


@dataclass(frozen=True, slots=True)
class Capacity(Shape):
    """What the daily plan can keep warm against what the tiers ask for."""

    per_day: int
    needed_per_day: float
    sustainable_active: int
    over: bool
    warning: str | None


@dataclass(frozen=True, slots=True)
class Health(Shape):
    """The health of the network on a day (`goodwill health`)."""

    #: The day, ISO.
    date: str
    people: int
    by_tier: Mapping[str, int]
    #: The share of inner and active people heard from within their cadence.
    coverage: float
    #: Your gives per ask over the last four weeks (`gives_per_ask.weeks`), as the Health
    #: page shows it; None without an ask of yours in them.
    give_ask_ratio: float | None
    #: The window `give_ask_ratio` is worked out over: its weeks, first day, gives, asks.
    gives_per_ask: GivesPerAsk
    #: Deposits and withdrawals on record, all time, once per person an entry names.
    deposits: int
    withdrawals: int
    dormant: int
    dormant_by_tier: Mapping[str, int]
    dormant_examples: tuple[Dormant, ...]
    #: People per discipline, most first.
    disciplines: Mapping[str, int]
    discipline_count: int
    discipline_evenness: float
    grow: tuple[Growth, ...]
    old_friends: tuple[OldFriend, ...]
    only_when_needed: OnlyWhenNeeded
    #: People added in the last 90 days.
    new_people: int
    streak: int
    #: With no streak, the last day (ISO) whose plan was done, if any.
    last_done: str | None
    capacity: Capacity


def health(ctx: Context, on: date | None = None, n: int | None = None) -> Health:
    day = on or ctx.today()
    plan_size = n or ctx.config.plan_size
    with ctx.db.read() as uow:
        return ctx.cache.get_or_make(
            ("health", day, plan_size),
            uow.settings.generation(),
            lambda: _report(ctx, uow, day, plan_size),
        )


def _report(ctx: Context, uow: UnitOfWork, day: date, plan_size: int) -> Health:
    tiers = uow.stats.by_tier(day)
    deposits, withdrawals = uow.stats.gives_and_asks()
    kept_warm = [tiers.get(tier.value, {}) for tier in KEPT_WARM]
    live = [stats for name, stats in tiers.items() if name != Tier.ARCHIVED.value]
    inputs = HealthInputs(
        by_tier={tier.value: int(tiers.get(tier.value, {}).get("people", 0)) for tier in Tier},
        kept_warm=sum(int(s.get("people", 0)) for s in kept_warm),
        kept_warm_on_cadence=sum(int(s.get("on_cadence", 0)) for s in kept_warm),
        dormant=sum(int(s["dormant"]) for s in live),
        disciplines=uow.stats.disciplines(),
        new_people=uow.stats.new_people(day),
        streak=streak(uow.plans.streak_days(day), day),
        plan_size=plan_size,
        daily_demand=sum(float(s.get("demand", 0.0)) for s in kept_warm),
    )
    report = summarise(inputs)
    dormant_names = uow.stats.dormant_names(day, DORMANT_NAMES_SHOWN)
    half_life = ctx.half_life(uow)
    old_friends = uow.stats.old_friends(day, DORMANT_NAMES_SHOWN)
    askers, asker_names = uow.stats.only_when_needed(DORMANT_NAMES_SHOWN)
    capacity = report.capacity
    recent = recent_gives_per_ask(uow, day)
    return Health(
        date=day.isoformat(),
        people=report.people,
        by_tier=frozen(report.by_tier),
        coverage=round(report.coverage, 4),
        give_ask_ratio=recent.ratio,
        gives_per_ask=recent,
        deposits=deposits,
        withdrawals=withdrawals,
        dormant=report.dormant,
        dormant_by_tier=frozen(
            {
                tier.value: int(tiers.get(tier.value, {}).get("dormant", 0))
                for tier in Tier
                if tier is not Tier.ARCHIVED
            }
        ),
        dormant_examples=tuple(Dormant(pid, name, iso(last)) for pid, name, last in dormant_names),
        disciplines=frozen(
            dict(sorted(report.disciplines.items(), key=lambda kv: (-kv[1], kv[0])))
        ),
        discipline_count=len(report.disciplines),
        discipline_evenness=round(report.discipline_evenness, 3),
        grow=tuple(
            Growth(g.discipline, round(g.share, 3), g.advice)
            for g in under_represented(report.disciplines)
        ),
        old_friends=tuple(
            OldFriend(pid, name, iso(last), round(balance_from_anchor(anchor, day, half_life), 2))
            for pid, name, last, anchor in old_friends
        ),
        only_when_needed=OnlyWhenNeeded(
            askers, tuple(PersonRef(pid, name) for pid, name in asker_names)
        ),
        new_people=report.new_people,
        streak=report.streak,
        last_done=None if report.streak else iso(uow.plans.last_done_before(day)),
        capacity=Capacity(
            per_day=capacity.per_day,
            needed_per_day=round(capacity.needed_per_day, 2),
            sustainable_active=capacity.sustainable_active,
            over=capacity.over,
            warning=capacity.warning,
        ),
    )
