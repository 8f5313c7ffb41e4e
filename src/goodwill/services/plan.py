"""The ten-minute daily plan: today, done, skip, snooze, and the streak.

`today` only reads: it shows the saved plan of the day if the user has acted
on it, else computes it (deterministically, so it is the same all day). The
first `done`, `skip` or `snooze` saves the plan as shown, so acting on one
pick never reshuffles the others.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from goodwill.domain import plan as plan_rules
from goodwill.domain.campaign import ASK_KIND, Stage
from goodwill.domain.companies import company_key
from goodwill.domain.errors import BadInput, DatabaseFailed
from goodwill.domain.model import Channel, Direction, Person
from goodwill.domain.occasions import WORK_ANNIVERSARY
from goodwill.domain.streak import streak
from goodwill.domain.suggest import (
    FAVOUR_THANKS,
    RECOMMENDATION_THANKS,
    Occasion,
    Suggestion,
    suggest,
)
from goodwill.services import campaigns, picks
from goodwill.services.campaigns import Moved
from goodwill.services.context import Context
from goodwill.services.deposits import suggested_deposit
from goodwill.services.drafts import introducer, render_draft
from goodwill.services.guard import verdict
from goodwill.services.ledger import Action, LogRequest, build_entry, record
from goodwill.services.occasion_of import occasion_of
from goodwill.services.picks import DONE, OPEN, SKIPPED, SNOOZED
from goodwill.services.resolve import resolve
from goodwill.services.views import Deposit, PersonRef, Shape, iso, ref_of
from goodwill.store.database import UnitOfWork
from goodwill.store.plans import SavedPick

#: The suggestion of a campaign step to take: an ask, shown with the guard's verdict.
CAMPAIGN_ASK = "campaign-ask"
#: Suggestions that a campaign's move records (the ask, through the guard; the thanks),
#: not `done`.
CAMPAIGN_STEPS = (CAMPAIGN_ASK, "campaign-thanks")
#: Suggestions that are not catalogue kinds, and what `done` logs for them (a campaign's
#: steps only when told to with --gave: their move records them, see `done`).
_PLAN_ONLY_KINDS = {
    CAMPAIGN_ASK: "catch-up",
    "campaign-thanks": "thank-you",
    "follow-up": "catch-up",
    RECOMMENDATION_THANKS: "thank-you",
    FAVOUR_THANKS: "thank-you",
    WORK_ANNIVERSARY: "congratulated",
}


@dataclass(frozen=True, slots=True)
class CampaignAsk(Shape):
    """A campaign step is an ask: the guard's verdict on it, and the deposit to make first
    when it would be cold."""

    kind: str
    cold: bool
    credit: float
    needed: float
    deposit_first: Deposit | None


@dataclass(frozen=True, slots=True)
class CampaignStep(Shape):
    """A pick that is a campaign's step: what `campaign move` records for it (`take_step`),
    rather than `done`'s catch-up."""

    campaign: str
    #: Where they are: to-ask, or done (a conversation to thank them for).
    stage: str
    #: Where taking the step moves them: asked (the ask, through the guard), or thanked.
    move_to: str


@dataclass(frozen=True, slots=True)
class Pick(Shape):
    """One person of the day's plan: why them, what to give, and a draft."""

    position: int
    person: PersonRef
    status: str
    reasons: tuple[str, ...]
    suggestion: str
    suggested_kind: str
    #: What `done` logs for this pick without --gave; once done, what it logged.
    done_kind: str
    draft: str
    company: str | None
    tier: str
    email: str | None
    ask: CampaignAsk | None
    #: The campaign step this pick is, or None: take it with `take_step` (campaign move).
    campaign: CampaignStep | None = None
    #: Once done, what was done in words (the entry's kind and note), which stays as it was.
    did: str | None = None


@dataclass(frozen=True, slots=True)
class Plan(Shape):
    """The day's plan (`goodwill today`)."""

    #: The plan's day, ISO.
    date: str
    picks: tuple[Pick, ...]
    streak: int
    #: With no streak, the last day (ISO) whose plan was done, if any: "no streak yet" is
    #: for someone who never had one.
    last_done: str | None
    follow_ups_added: int
    follow_ups_waiting: int
    #: "+2 follow-ups today; 3 more due, for the next days", or None.
    note: str | None
    #: Everyone is still an acquaintance (a first import): choose circles first.
    choose_circles: bool
    #: Picks of the day skipped or snoozed, with nobody to take their place.
    set_aside: int


@dataclass(frozen=True, slots=True)
class Done(Shape):
    """What `done` logged, and whether it completed the day."""

    person: PersonRef
    kind: str
    channel: str
    day_complete: bool
    streak: int


@dataclass(frozen=True, slots=True)
class Replacement(Shape):
    """The pick that took a skipped or snoozed person's place."""

    position: int
    person: PersonRef


@dataclass(frozen=True, slots=True)
class Skipped(Shape):
    skipped: int
    #: Whom the skipped pick was.
    person: PersonRef
    replacement: Replacement | None


@dataclass(frozen=True, slots=True)
class Snoozed(Shape):
    person: PersonRef
    #: The day the snooze ends, ISO.
    until: str
    replacement: Replacement | None
    #: Whether they were in the day's plan (then `replacement` took their place, if anyone).
    was_picked: bool = False


def _pick_view(ctx: Context, uow: UnitOfWork, saved: SavedPick, person: Person, on: date) -> Pick:
    occasion = occasion_of(ctx, uow, person, on)
    suggestion = suggest(person, occasion)
    logged = _logged(uow, saved)
    ask, deposit = (
        _campaign_ask(ctx, uow, person, on, occasion)
        if suggestion.kind == CAMPAIGN_ASK
        else (None, None)
    )
    return Pick(
        position=saved.position,
        person=ref_of(person),
        status=saved.status,
        reasons=tuple(saved.reasons),
        suggestion=suggestion.text,
        suggested_kind=suggestion.kind,
        # A cold campaign ask's pick is its deposit until they are warm: Done logs that.
        done_kind=logged[0] if logged else _logged_as(ctx, (deposit or suggestion).kind)[1],
        did=_did(ctx, logged),
        # A cold campaign ask says "give first": its draft is that deposit, not the ask.
        draft=render_draft(
            ctx.config,
            person,
            deposit or suggestion,
            on=on,
            topic=occasion.last_topic,
            occasion=occasion.work_anniversary,
            introduced_by=introducer(uow, person) if person.state.last_contact is None else None,
        ),
        company=person.fields.company,
        tier=person.tier.value,
        email=person.fields.emails[0] if person.fields.emails else None,
        ask=ask,
        campaign=_campaign_step(occasion.campaign_step, suggestion.kind),
    )


def _campaign_step(step: tuple[str, str] | None, suggested: str) -> CampaignStep | None:
    if step is None or suggested not in CAMPAIGN_STEPS:
        return None
    campaign, stage = step
    return CampaignStep(campaign, stage, _step_target(stage).value)


def _step_target(stage: str) -> Stage:
    """Where a campaign's step moves someone: to-ask → asked, done → thanked."""
    return Stage.ASKED if stage == Stage.TO_ASK.value else Stage.THANKED


def _logged(uow: UnitOfWork, saved: SavedPick) -> tuple[str, str] | None:
    """What a done pick's entry says (its kind and note), if it still has one."""
    if saved.status != DONE or saved.batch_id is None:
        return None
    return uow.ledger.logged_in_batch(saved.batch_id)


def _did(ctx: Context, logged: tuple[str, str] | None) -> str | None:
    """A done pick's entry in words, "shared an article: sent the pricing paper": the plan
    shows what was done, which stays as it was, where the suggestion would be worked out
    again from the new ledger."""
    if logged is None:
        return None
    kind, note = logged
    label = ctx.config.catalogue.phrase(kind)
    return f"{label}: {note}" if note else label


def _campaign_ask(
    ctx: Context, uow: UnitOfWork, person: Person, on: date, occasion: Occasion
) -> tuple[CampaignAsk, Suggestion | None]:
    """The guard's verdict on a campaign's ask, and, when it is cold, the deposit to make
    first, fitted to the day's occasion (news, your last exchange) as the draft is."""
    kind = ctx.config.catalogue.kinds[ASK_KIND]
    found = verdict(ctx, uow, person, on, kind.weight)
    deposit = suggested_deposit(ctx, uow, person, occasion) if found.cold else None
    ask = CampaignAsk(
        kind=kind.name,
        cold=found.cold,
        credit=round(found.credit, 2),
        needed=round(found.needed, 2),
        deposit_first=None if deposit is None else Deposit(deposit.kind, deposit.text),
    )
    return ask, deposit


def today(ctx: Context, on: date | None = None, n: int | None = None) -> Plan:
    """Whom to reach today, why, what to give them, and a draft to start from."""
    day = on or ctx.today()
    size = n or ctx.config.plan_size
    if size < 1:
        raise BadInput("--n must be at least 1")
    with ctx.db.read() as uow:
        plan = ctx.cache.get_or_make(
            ("today", day, size), uow.settings.generation(), lambda: _plan(ctx, uow, day, size)
        )
        # Only the day it really is: a past day's plan would be worked out from the network
        # as it is now, and a day missed then would read as a day with nothing to do.
        unkept = not plan.picks and day == ctx.real_today() and uow.plans.picks(day) is None
    if unkept:
        _nothing_to_do(ctx, day)
    return plan


def _nothing_to_do(ctx: Context, day: date) -> None:
    """Keep that `day`'s plan had nobody in it, as a plan of no picks (unless a plan of the
    day was kept meanwhile): the streak goes over such a day (`domain.streak`). Only a day
    seen with nothing to do is known to have had nothing to do: the plan depends on the
    network as it was, which is not kept. A view never waits for it: while another write
    holds the database (an import), or on a database that cannot be written (a read-only
    copy), the day is not kept, and a later view keeps it."""
    try:
        with ctx.db.write(wait=False) as uow:
            if uow.plans.picks(day) is None:
                uow.plans.save(day, [])
    except DatabaseFailed:
        return


def _plan(ctx: Context, uow: UnitOfWork, day: date, size: int) -> Plan:
    kept = picks.saved_or_computed(ctx, uow, day, size)
    shown = [p for p in kept if p.status in (OPEN, DONE)]
    people = {p.id: p for p in uow.people.get_many([pick.person_id for pick in shown])}
    # Only due follow-ups take the plan beyond its size (a skip or snooze replaces).
    added = max(len(shown) - size, 0)
    in_plan = sum(
        1
        for pick in shown
        if pick.status == OPEN
        and pick.person_id in people
        and plan_rules.follow_up_due(people[pick.person_id], day)
    )
    waiting = max(uow.people.count_follow_ups_due(day) - in_plan, 0)
    note = _growth_note(added, waiting)
    if not shown and uow.people.count() == 0:
        note = EMPTY_NETWORK
    days_in_a_row = streak(uow.plans.streak_days(day), day)
    return Plan(
        date=day.isoformat(),
        picks=tuple(
            _pick_view(ctx, uow, pick, people[pick.person_id], day)
            for pick in shown
            if pick.person_id in people
        ),
        streak=days_in_a_row,
        last_done=None if days_in_a_row else iso(uow.plans.last_done_before(day)),
        follow_ups_added=added,
        follow_ups_waiting=waiting,
        note=note,
        choose_circles=uow.people.circles_unchosen(),
        set_aside=len(kept) - len(shown),
    )


#: The plan's note while there is nobody to plan for.
EMPTY_NETWORK = (
    "nobody in your network yet: add someone (goodwill add NAME) or bring your contacts in "
    "(goodwill import FILE)"
)


def _growth_note(added: int, waiting: int) -> str | None:
    """'+2 follow-ups today', and how many more are due when the plan could not grow for
    them all: the plan grows by at most `MOST_EXTRA_FOLLOW_UPS`, so the rest come, earliest
    due first, in the next days' plans."""
    parts = []
    if added:
        parts.append(f"+{added} follow-up{'s' if added != 1 else ''} today")
    if waiting:
        parts.append(f"{waiting} more due, for the next days")
    return "; ".join(parts) or None


def _acting_on(ctx: Context, on: date | None, what: str) -> date:
    """The day a change to the plan is made (today when None), refused when still to come."""
    return ctx.happened(on, f"{what} on its day")


def _open_pick(saved: list[SavedPick], position: int) -> SavedPick:
    """Pick `position` of the plan, to act on: refused when there is none or it is done."""
    for pick in saved:
        if pick.position == position and pick.status in (OPEN, DONE):
            if pick.status == DONE:
                raise BadInput(f"pick {position} is already done")
            return pick
    shown = ", ".join(str(p.position) for p in saved if p.status in (OPEN, DONE)) or "none"
    raise BadInput(f"no pick {position} in the plan (picks: {shown})")


def _replace(ctx: Context, uow: UnitOfWork, on: date, saved: list[SavedPick]) -> SavedPick | None:
    """Append the best pick not yet in the day's plan."""
    exclude = {pick.person_id for pick in saved}
    kept = [pick.person_id for pick in saved if pick.status in (OPEN, DONE)]
    companies = {company_key(p.fields.company) for p in uow.people.get_many(kept)}
    new = picks.compute(ctx, uow, on, 1, exclude, companies)
    if not new:
        return None
    position = max((pick.position for pick in saved), default=0) + 1
    replacement = SavedPick(position, new[0].person.id, OPEN, new[0].score, new[0].reasons, None)
    uow.plans.save(on, [*saved, replacement])
    return replacement


def done(
    ctx: Context,
    position: int,
    *,
    on: date | None = None,
    kind: str | None = None,
    channel: Channel = Channel.EMAIL,
    note: str = "",
    n: int | None = None,
) -> Done:
    """Mark a pick done: log the give (or a catch-up) and count the day toward the streak."""
    day = on or ctx.today()
    with ctx.db.write() as uow:
        saved = picks.ensure_saved(ctx, uow, day, n or ctx.config.plan_size)
        pick = _open_pick(saved, position)
        person = uow.people.get(pick.person_id)
        assert person is not None
        occasion = occasion_of(ctx, uow, person, day)
        suggested = suggest(person, occasion).kind
        if kind is None and suggested == CAMPAIGN_ASK:
            _, deposit = _campaign_ask(ctx, uow, person, day, occasion)
            suggested = deposit.kind if deposit else suggested  # give first, as the pick says
        if kind is None and suggested in CAMPAIGN_STEPS and occasion.campaign_step is not None:
            raise BadInput(_campaign_step_hint(position, person, *occasion.campaign_step))
        action, kind = _logged_as(ctx, kind or suggested)
        request = LogRequest(people=(), action=action, kind=kind, channel=channel, note=note)
        entry = build_entry(ctx, request, day)
        batch_id = uow.ledger.open_batch(
            f"done {position}: {entry.kind} with {person.name}", ctx.clock()
        )
        record(ctx, uow, entry, [person.id], batch_id)
        uow.plans.set_status(day, position, DONE, batch_id)
        completed = picks.refresh_completion(uow, day)
        return Done(
            person=ref_of(person),
            kind=entry.kind,
            channel=entry.channel.value,
            day_complete=completed,
            streak=streak(uow.plans.streak_days(day), day),
        )


def take_step(
    ctx: Context,
    position: int,
    *,
    anyway: bool = False,
    note: str = "",
    on: date | None = None,
    n: int | None = None,
) -> Moved:
    """Take the campaign step that pick `position` is, as `campaign move` does (the ask
    through the guard, refused when cold unless `anyway`; or the thanks): the Today page's
    Done for a campaign's pick. The move's ledger entry marks the pick done."""
    day = _acting_on(ctx, on, "take a campaign step")
    with ctx.db.read() as uow:
        saved = picks.saved_or_computed(ctx, uow, day, n or ctx.config.plan_size)
        pick = _open_pick(saved, position)
        step = uow.campaigns.steps([pick.person_id]).get(pick.person_id)
    if step is None:
        raise BadInput(f"pick {position} is not a campaign step: mark it done instead")
    campaign, stage = step
    return campaigns.move(
        ctx, campaign, f"#{pick.person_id}", _step_target(stage), anyway=anyway, note=note, on=day
    )


def _campaign_step_hint(position: int, person: Person, campaign: str, stage: str) -> str:
    """What to run instead of `done` for a campaign's step: the move logs the ask (through
    the guard) or the thanks, and moves them along, which a catch-up would not."""
    step = _step_target(stage).value
    return (
        f"pick {position} is a step of campaign '{campaign}': record it with "
        f'goodwill campaign move "{campaign}" "{person.name}" {step} '
        f"(or goodwill done {position} --gave KIND for something else)"
    )


def _logged_as(ctx: Context, kind: str) -> tuple[Action, str]:
    """What `done` logs for a kind: a deposit or a touch (a catch-up, a birthday wish) as
    the catalogue says; a suggestion the catalogue has no kind for (a follow-up, a
    campaign step) is logged as `_PLAN_ONLY_KINDS` says. Without --gave, `kind` is the
    plan's suggestion."""
    kind = _PLAN_ONLY_KINDS.get(kind, kind)
    known = ctx.config.catalogue.get(kind)
    if known is not None and known.direction is Direction.TOUCH:
        return Action.TOUCH, known.name
    # A deposit, or a name `build_entry` refuses with the list of known kinds.
    return Action.GAVE, kind


def skip(ctx: Context, position: int, *, on: date | None = None, n: int | None = None) -> Skipped:
    """Drop a pick for today and put the next best person in its place."""
    day = _acting_on(ctx, on, "skip a pick")
    with ctx.db.write() as uow:
        saved = picks.ensure_saved(ctx, uow, day, n or ctx.config.plan_size)
        pick = _open_pick(saved, position)  # refuses a pick not there or already done
        person = uow.people.get(pick.person_id)
        assert person is not None
        uow.plans.set_status(day, position, SKIPPED, None)
        saved = [replace(p, status=SKIPPED) if p.position == position else p for p in saved]
        replacement = _replacement_view(ctx, uow, day, saved)
        picks.refresh_completion(uow, day)
        return Skipped(skipped=position, person=ref_of(person), replacement=replacement)


def _replacement_view(
    ctx: Context, uow: UnitOfWork, day: date, saved: list[SavedPick]
) -> Replacement | None:
    replacement = _replace(ctx, uow, day, saved)
    if replacement is None:
        return None
    person = uow.people.get(replacement.person_id)
    assert person is not None
    return Replacement(replacement.position, ref_of(person))


def snooze(
    ctx: Context,
    query: str,
    span_days: int | None = None,
    *,
    until: date | None = None,
    on: date | None = None,
    n: int | None = None,
) -> Snoozed:
    """Keep someone out of the plan for a while, or until a date; if picked today, they
    are replaced."""
    day = _acting_on(ctx, on, "snooze someone")
    if until is None:
        until = day + timedelta(days=span_days or 0)
    if until <= day:
        raise BadInput("snooze for at least one day (until a later date)", field="span")
    with ctx.db.write() as uow:
        person = resolve(uow, query, writing=True)
        # Saved before the snooze changes who is eligible, so the others keep their numbers.
        saved = picks.ensure_saved(ctx, uow, day, n or ctx.config.plan_size)
        uow.people.set_snooze(person.id, until)
        replacement = None
        was_picked = False
        for pick in saved:
            if pick.person_id == person.id and pick.status == OPEN:
                was_picked = True
                uow.plans.set_status(day, pick.position, SNOOZED, None)
                saved = [replace(p, status=SNOOZED) if p is pick else p for p in saved]
                replacement = _replacement_view(ctx, uow, day, saved)
                picks.refresh_completion(uow, day)
                break
        return Snoozed(
            person=ref_of(person),
            until=until.isoformat(),
            replacement=replacement,
            was_picked=was_picked,
        )
