"""The day's picks as computed and as saved: shared by the plan and by `log`.

The plan is computed (deterministically) until the user acts on the day;
the first `done`, `skip`, `snooze` or `log` of the day saves it, so that
acting on one person never renumbers the others. A follow-up that falls due
after the plan was saved joins it at the end, while the plan is still today's
and still open: a past day's plan, or a plan already complete, is left as it
was kept (its day counted for the streak stays counted), and the follow-up
joins the next plan instead (counted meanwhile as waiting, never hidden).

Candidates come from pools (`_POOLS`): each adds people and marks what it
knows about them on their `Candidate`. A new kind of reason to reach someone
is a new pool.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, timedelta

from goodwill.domain import plan as plan_rules
from goodwill.domain.balance import balance_on
from goodwill.domain.model import Person
from goodwill.domain.occasions import LONGEST_NEWS_DAYS, answered_on, is_news
from goodwill.services.context import Context
from goodwill.services.occasions import work_anniversaries
from goodwill.store.database import UnitOfWork
from goodwill.store.plans import SavedPick

#: How many people each candidate pool (soonest due per tier, birthdays,
#: anniversaries) holds; further down a pool nobody outranks them.
CANDIDATE_POOL = 60
#: Due follow-ups read for one plan: as many as any plan size shows, however many are due.
FOLLOW_UPS_READ = 120

OPEN, DONE, SKIPPED, SNOOZED = "open", "done", "skipped", "snoozed"


def candidates(ctx: Context, uow: UnitOfWork, on: date, pool: int) -> list[plan_rules.Candidate]:
    """A bounded pool from indexed lookups: soonest due, occasions (news, birthdays, work
    anniversaries), follow-ups, campaign steps."""
    half_life = ctx.half_life(uow)
    window = plan_rules.OCCASION_WINDOW_DAYS
    people = uow.people.plan_candidates(
        on,
        touched_before=on - timedelta(days=ctx.config.recent_days),
        month_days=plan_rules.month_day_keys(on, window),
        limit=pool,
        follow_up_limit=FOLLOW_UPS_READ,
    )
    steps = uow.campaigns.steps(limit=pool)
    news = _news(uow, on, pool)
    roles = {
        found.person.id: found.label for found in work_anniversaries(uow, on, window, limit=pool)
    }
    known = {person.id for person in people}
    wanted = [pid for pid in dict.fromkeys([*steps, *news, *roles]) if pid not in known]
    people += uow.people.get_many(wanted)
    connectors = uow.people.ids_with_tag("connector", [p.id for p in people])
    candidates = []
    for person in people:
        met_on = person.fields.met_on
        anniversary = None
        if met_on is not None and met_on.year < on.year:
            met_day = plan_rules.occasion_in_window((met_on.month, met_on.day), on, window)
            anniversary = None if met_day is None else met_day.year - met_on.year
        candidates.append(
            plan_rules.Candidate(
                person=person,
                balance=balance_on(person, on, half_life),
                birthday_on=plan_rules.birthday_within(person, on, window),
                anniversary_years=anniversary,
                follow_up_due=plan_rules.follow_up_due(person, on),
                campaign_step=steps.get(person.id),
                connector=person.id in connectors,
                news=_unanswered(news.get(person.id), person),
                work_anniversary=roles.get(person.id),
            )
        )
    candidates.sort(key=lambda c: c.person.id)
    return candidates


def _unanswered(news: tuple[str, date] | None, person: Person) -> str | None:
    """The news, unless something from me (a congratulation) has followed it."""
    if news is None:
        return None
    return None if answered_on(news[1], person.state.last_give_or_touch) else news[0]


def _news(uow: UnitOfWork, on: date, pool: int) -> dict[int, tuple[str, date]]:
    """person → (label, day) of their newest occasion still news on `on` (each kind is
    news for its own span: `domain.occasions.news_days`)."""
    found = uow.occasions.between(on - timedelta(days=LONGEST_NEWS_DAYS), on, limit=pool)
    news: dict[int, tuple[str, date]] = {}
    for row in found:  # newest first
        if is_news(row.kind, row.on, on):
            news.setdefault(row.person_id, (row.label, row.on))
    return news


def compute(
    ctx: Context,
    uow: UnitOfWork,
    on: date,
    n: int,
    exclude: set[int],
    taken_companies: Collection[str] = (),
    most_follow_ups: int | None = None,
) -> list[plan_rules.Pick]:
    pool = max(CANDIDATE_POOL, (n + len(exclude)) * 10)
    return plan_rules.pick(
        candidates(ctx, uow, on, pool),
        on,
        n,
        exclude=exclude,
        taken_companies=taken_companies,
        recent_days=ctx.config.recent_days,
        most_follow_ups=most_follow_ups,
    )


def _saved(picks: list[plan_rules.Pick], after: int = 0) -> list[SavedPick]:
    return [
        SavedPick(position, pick.person.id, OPEN, pick.score, pick.reasons, None)
        for position, pick in enumerate(picks, start=after + 1)
    ]


def _late_follow_ups(
    ctx: Context, uow: UnitOfWork, on: date, n: int, saved: list[SavedPick]
) -> list[SavedPick]:
    """Follow-ups due today that the saved plan does not hold: they join at its end, while
    the plan has grown past its size `n` by fewer than `MOST_EXTRA_FOLLOW_UPS`."""
    shown = sum(1 for pick in saved if pick.status in (OPEN, DONE))
    room = n + plan_rules.MOST_EXTRA_FOLLOW_UPS - shown
    if room <= 0 or not uow.people.has_follow_ups_due(on):
        return []
    listed = {pick.person_id for pick in saved}
    found = compute(ctx, uow, on, 0, listed, most_follow_ups=room)
    late = [pick for pick in found if pick.candidate.follow_up_due]
    return _saved(late, after=max((pick.position for pick in saved), default=0))


def _takes_late_follow_ups(ctx: Context, on: date, saved: list[SavedPick]) -> bool:
    """Whether a saved plan may still grow: a past day's plan is history, and a complete
    plan was reported complete (the streak counted it); either growing would reopen a day
    the user already closed."""
    return on >= ctx.today() and not is_complete(saved)


def is_complete(saved: Sequence[SavedPick]) -> bool:
    """A plan is complete once something in it was done and nothing is left open."""
    return any(p.status == DONE for p in saved) and not any(p.status == OPEN for p in saved)


def saved_or_computed(ctx: Context, uow: UnitOfWork, on: date, n: int) -> list[SavedPick]:
    """The day's plan as saved, else as computed. A plan saved with nobody in it (the day
    had nothing to do when it was seen) holds nobody back: someone added since is due."""
    saved = uow.plans.picks(on)
    if saved:
        if not _takes_late_follow_ups(ctx, on, saved):
            return saved
        return saved + _late_follow_ups(ctx, uow, on, n, saved)
    return _saved(compute(ctx, uow, on, n, set()))


def ensure_saved(ctx: Context, uow: UnitOfWork, on: date, n: int) -> list[SavedPick]:
    saved = uow.plans.picks(on)
    if not saved:  # never saved, or saved with nobody in it
        saved = _saved(compute(ctx, uow, on, n, set()))
        uow.plans.save(on, saved)
        return saved
    if not _takes_late_follow_ups(ctx, on, saved):
        return saved
    late = _late_follow_ups(ctx, uow, on, n, saved)
    if late:
        saved = saved + late
        uow.plans.save(on, saved)
    return saved


def refresh_completion(uow: UnitOfWork, on: date) -> bool:
    completed = is_complete(uow.plans.picks(on) or [])
    uow.plans.set_completed(on, completed)
    return completed


def pin_today(ctx: Context, uow: UnitOfWork, on: date) -> None:
    """Before recording something done with people on day `on`: when that is today, save
    the day's plan as it stands, so that a picked person the write touches stays in it (to
    be marked done by `mark_logged`) rather than dropping out of a plan worked out again."""
    if on == ctx.today():
        ensure_saved(ctx, uow, on, ctx.config.plan_size)


def mark_logged(uow: UnitOfWork, person_ids: Sequence[int], on: date, batch_id: int) -> None:
    """A `log` (or an event, or a campaign move) with someone picked on its day counts as
    doing that pick, today's or, logged afterwards, an earlier day's saved plan (a
    follow-up this very log puts in the plan is not done by it)."""
    saved = uow.plans.picks(on) or []
    hits = [p for p in saved if p.person_id in person_ids and p.status == OPEN]
    for pick in hits:
        uow.plans.set_status(on, pick.position, DONE, batch_id)
    if hits:
        refresh_completion(uow, on)
