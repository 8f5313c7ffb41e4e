"""The daily plan: whom to reach today, and why.

The pick is a pure function of the candidates and the date, so the same
network gives the same plan all day. Candidates come from indexed pools
(soonest due, birthdays, follow-ups, campaign steps, and more as they come);
each pool only marks what it knows on a `Candidate`, and scoring ranks them.

Time-boxed items come first: every due follow-up is picked, earliest deadline
first, and when they outnumber the plan's size the plan grows for them rather
than hide one. The other places are filled greedily, never two people at one
company (`domain.companies.company_key`) and preferably not two of one
discipline.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from goodwill.domain.cadence import cadence_days, days_overdue
from goodwill.domain.companies import company_key
from goodwill.domain.dates import days as count_days
from goodwill.domain.model import Person, Tier

DEFAULT_PLAN_SIZE = 2
#: Nobody touched within this many days is picked again.
RECENT_DAYS = 7
#: Birthdays and anniversaries this many days ahead make a reason.
OCCASION_WINDOW_DAYS = 7
#: Due follow-ups take the plan past its size by at most this many: a ten-minute loop
#: cannot hold more, and the rest (earliest due first) come on the following days.
MOST_EXTRA_FOLLOW_UPS = 10
#: A follow-up (after meeting someone, after their ask) is in the plan from the next day,
#: so that it is done within two days.
FOLLOW_UP_AFTER_DAYS = 1
#: The source of the entry `event add` writes for whom I met: it asks for a follow-up.
EVENT_SOURCE = "event"
#: Follow up within this many days of the event or the ask: the follow-up's due day.
FOLLOW_UP_WITHIN_DAYS = 2

_TIER_POINTS = {Tier.INNER: 15.0, Tier.ACTIVE: 8.0, Tier.ACQUAINTANCE: 0.0}
_SAME_DISCIPLINE_PENALTY = 15.0


@dataclass(frozen=True, slots=True)
class Candidate:
    person: Person
    balance: float
    birthday_on: date | None = None
    anniversary_years: int | None = None
    follow_up_due: bool = False
    #: (campaign, stage) when a campaign has a step to take with this person.
    campaign_step: tuple[str, str] | None = None
    #: Tagged `connector`: someone who knows people you will need, worth keeping warm.
    connector: bool = False
    #: News about them (an occasion such as a new role): timely, so ahead of cadence.
    news: str | None = None
    #: Their current role returns within the window: "2 years at Stripe".
    work_anniversary: str | None = None


@dataclass(frozen=True, slots=True)
class Pick:
    candidate: Candidate
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def person(self) -> Person:
        return self.candidate.person


def follow_up_by(in_plan_from: date) -> date:
    """The day a follow-up is due (to have been done by), given the day it enters the
    plan: what `event add` promises and `brief` repeats."""
    return in_plan_from + timedelta(days=FOLLOW_UP_WITHIN_DAYS - FOLLOW_UP_AFTER_DAYS)


def follow_up_due(person: Person, on: date) -> bool:
    return person.follow_up_on is not None and person.follow_up_on <= on


def is_eligible(person: Person, on: date, recent_days: int = RECENT_DAYS) -> bool:
    if person.tier is Tier.ARCHIVED:
        return False
    if person.snoozed_until is not None and person.snoozed_until > on:
        return False
    if follow_up_due(person, on):
        return True  # a due follow-up (after an event, an ask) beats "touched lately"
    last_touch = person.state.last_touch
    return not (last_touch is not None and (on - last_touch).days < recent_days)


def _ago(days: int) -> str:
    if days < 60:
        return f"{count_days(days)} ago"
    if days < 730:
        return f"{round(days / 30.4)} months ago"
    return f"{round(days / 365.25)} years ago"


def score(candidate: Candidate, on: date) -> tuple[float, tuple[str, ...]]:
    """Points and the reasons, in words, that earned them."""
    person = candidate.person
    points = 0.0
    reasons: list[str] = []
    cadence = cadence_days(person.tier, person.fields.cadence_days)
    overdue = days_overdue(person.next_due, on)
    if person.next_due is not None and person.next_due <= on and cadence:
        points += 100.0 + 50.0 * min(overdue / cadence, 3.0)
        when = "due today" if overdue == 0 else f"overdue by {count_days(overdue)}"
        reasons.append(f"{when} (every {count_days(cadence)})")
    elif person.next_due is not None:
        until = (person.next_due - on).days
        points += max(0.0, 14.0 - until)
    if candidate.news is not None:
        points += 260.0  # more than any overdue cadence earns (at most 250)
        reasons.append(candidate.news)
    if candidate.campaign_step is not None:
        campaign, stage = candidate.campaign_step
        points += 70.0
        step = "ask them" if stage == "to-ask" else "thank them"
        reasons.append(f"campaign {campaign}: {step}")
    if candidate.connector:
        points += 10.0
        reasons.append("a connector: keep them warm")
    if candidate.follow_up_due and person.follow_up_on is not None:
        points += 200.0
        late = (on - person.follow_up_on).days
        reasons.append("a follow-up is due" + (f" (since {_ago(late)})" if late else ""))
    if candidate.birthday_on is not None:
        until = (candidate.birthday_on - on).days
        points += 90.0 if until == 0 else 60.0 - until
        when = "today" if until == 0 else f"on {candidate.birthday_on.strftime('%b %-d')}"
        reasons.append(f"birthday {when}")
    if candidate.anniversary_years:
        points += 30.0
        reasons.append(f"{candidate.anniversary_years} years since you met")
    if candidate.work_anniversary:
        points += 40.0
        reasons.append(f"work anniversary: {candidate.work_anniversary}")
    if candidate.balance < 0:
        points += 20.0 + min(-candidate.balance, 20.0)
        reasons.append(f"balance is negative ({candidate.balance:.1f}): give before you ask")
    elif candidate.balance < 1.0:
        points += 10.0
        reasons.append("little goodwill banked yet")
    tier_points = _TIER_POINTS.get(person.tier, 0.0)
    points += tier_points
    if person.tier is Tier.INNER:
        reasons.append("inner circle")
    last_contact = person.state.last_contact
    if last_contact is None:
        points += 10.0
        reasons.append("no contact on record yet")
    else:
        silence = (on - last_contact).days
        points += min(silence / 365.0 * 10.0, 20.0)
        if silence >= 60:
            reasons.append(f"last contact {_ago(silence)}")
    return points, tuple(reasons)


def _tie_break(person_id: int, on: date) -> int:
    """A stable per-day shuffle so equal scores do not always favour the same ids."""
    return zlib.crc32(f"{on.isoformat()}:{person_id}".encode())


def pick(
    candidates: Iterable[Candidate],
    on: date,
    n: int = DEFAULT_PLAN_SIZE,
    *,
    exclude: Iterable[int] = (),
    taken_companies: Iterable[str] = (),
    recent_days: int = RECENT_DAYS,
    most_follow_ups: int | None = None,
) -> list[Pick]:
    """The people to reach on `on`, best first: the due follow-ups, earliest due first (so
    possibly more than `n`: up to `n + MOST_EXTRA_FOLLOW_UPS`, or `most_follow_ups`), then
    the best others up to `n`, never two at one company.

    `taken_companies` are the company keys already in the day's plan (a replacement).
    """
    if most_follow_ups is None:
        most_follow_ups = n + MOST_EXTRA_FOLLOW_UPS
    excluded = set(exclude)
    scored: list[Pick] = []
    seen: set[int] = set()
    for candidate in candidates:
        person = candidate.person
        if person.id in excluded or person.id in seen or not is_eligible(person, on, recent_days):
            continue
        seen.add(person.id)
        points, reasons = score(candidate, on)
        scored.append(Pick(candidate, points, reasons))
    chosen = sorted(
        (option for option in scored if option.candidate.follow_up_due),
        key=lambda option: (option.person.follow_up_on, option.person.id),
    )[: max(most_follow_ups, 0)]
    rest = [option for option in scored if not option.candidate.follow_up_due]
    companies = {key for key in taken_companies if key}
    disciplines: set[str] = set()
    for option in chosen:
        _take(option.person, companies, disciplines)
    while rest and len(chosen) < n:
        best_index: int | None = None
        best_key: tuple[float, int] | None = None
        for index, option in enumerate(rest):
            if _at_a_company_of(option.person, companies):
                continue
            adjusted = option.score - _discipline_penalty(option.person, disciplines)
            key = (-adjusted, _tie_break(option.person.id, on))
            if best_key is None or key < best_key:
                best_key, best_index = key, index
        if best_index is None:
            break
        best = rest.pop(best_index)
        chosen.append(best)
        _take(best.person, companies, disciplines)
    return chosen


def _take(person: Person, companies: set[str], disciplines: set[str]) -> None:
    key = company_key(person.fields.company)
    if key:
        companies.add(key)
    if person.fields.discipline:
        disciplines.add(person.fields.discipline.casefold())


def _at_a_company_of(person: Person, companies: set[str]) -> bool:
    """One company under two names: equal keys, or one the other's leading words
    ("Fabrikam" of "Fabrikam Labs"), as `domain.companies.company_matches` reads them."""
    key = company_key(person.fields.company)
    if not key:
        return False
    return any(
        key == other or key.startswith(other + " ") or other.startswith(key + " ")
        for other in companies
    )


def _discipline_penalty(person: Person, disciplines: set[str]) -> float:
    discipline = person.fields.discipline
    if discipline and discipline.casefold() in disciplines:
        return _SAME_DISCIPLINE_PENALTY
    return 0.0


def occasion_in_window(month_day: tuple[int, int], on: date, window: int) -> date | None:
    """The next date within `window` days (today included) that falls on month/day."""
    month, day = month_day
    for offset in range(window + 1):
        candidate = on + timedelta(days=offset)
        if (candidate.month, candidate.day) == (month, day):
            return candidate
        # 29 February is celebrated on 28 February in other years.
        if (month, day) == (2, 29) and (candidate.month, candidate.day) == (2, 28):
            following = candidate + timedelta(days=1)
            if following.month == 3:
                return candidate
    return None


def birthday_within(person: Person, on: date, window: int = OCCASION_WINDOW_DAYS) -> date | None:
    """The person's next birthday if it falls within `window` days of `on`."""
    birthday = person.fields.birthday
    if birthday is None:
        return None
    return occasion_in_window((birthday.month, birthday.day), on, window)


def month_day_keys(on: date, window: int) -> Sequence[int]:
    """The `MMDD` keys of the next `window` days, for an indexed occasion lookup."""
    keys = []
    for offset in range(window + 1):
        day = on + timedelta(days=offset)
        keys.append(day.month * 100 + day.day)
        if (day.month, day.day) == (2, 28) and (day + timedelta(days=1)).month == 3:
            keys.append(229)
    return keys
