"""Campaigns: an outreach pipeline for a transition (a next role, a new field).

Moving someone to `asked` records the ask in the ledger, `done` the
conversation, `thanked` the thank-you: the ledger stays the one history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from goodwill.domain.campaign import ASK_KIND, NEXT_STEP, Stage, check_move, effective, progress
from goodwill.domain.credit import shown_against
from goodwill.domain.errors import BadInput, NotFound, about
from goodwill.domain.model import Channel, Entry, Person
from goodwill.domain.suggest import Occasion, Suggestion
from goodwill.services import picks
from goodwill.services.context import Context
from goodwill.services.deposits import suggested_deposit
from goodwill.services.drafts import introducer, render_draft
from goodwill.services.guard import guard, verdict
from goodwill.services.ledger import Action, LogRequest, build_entry, record
from goodwill.services.occasion_of import occasion_of
from goodwill.services.resolve import resolve
from goodwill.services.views import PersonRef, Shape, iso, ref_of
from goodwill.store.campaigns import CampaignRow
from goodwill.store.database import UnitOfWork

DEFAULT_NO_REPLY_DAYS = 10

#: What each move writes to the ledger: (action, kind, channel).
_LEDGER = {
    Stage.ASKED: (Action.ASKED, ASK_KIND, Channel.EMAIL),
    Stage.DONE: (Action.TOUCH, "catch-up", Channel.MEETING),
    Stage.THANKED: (Action.GAVE, "thank-you", Channel.EMAIL),
}


@dataclass(frozen=True, slots=True)
class Campaign(Shape):
    """A campaign just started (`goodwill campaign new`)."""

    id: int
    name: str
    #: The conversations to hold.
    goal: int
    #: Days after which an ask without a reply counts as unanswered.
    no_reply_days: int


@dataclass(frozen=True, slots=True)
class Enrolled(Shape):
    """The people put on a campaign's to-ask list (`goodwill campaign add`)."""

    campaign: str
    added: tuple[PersonRef, ...]


@dataclass(frozen=True, slots=True)
class Moved(Shape):
    """Someone moved along a campaign (`goodwill campaign move`)."""

    campaign: str
    person: str
    stage: str
    #: The kind logged in the ledger for the move, or None when nothing was logged.
    logged: str | None


@dataclass(frozen=True, slots=True)
class Member(Shape):
    """Someone in a campaign's pipeline: their stage, the next step, and a draft for an
    ask or a thank-you."""

    id: int
    name: str
    company: str | None
    stage: str
    #: The day of the ask, ISO.
    asked_on: str | None
    #: The next step: for an ask that would be cold, the deposit to make first.
    next: str
    draft: str | None
    #: Whether their ask would be cold today (only someone still to ask).
    cold: bool = False


@dataclass(frozen=True, slots=True)
class Pipeline(Shape):
    """A campaign's pipeline (`goodwill campaign show`)."""

    campaign: str
    goal: int
    #: The share of the goal held so far, 0 to 1.
    progress: float
    #: People per stage, every stage in order.
    counts: Mapping[str, int]
    people: tuple[Member, ...]


@dataclass(frozen=True, slots=True)
class CampaignSummary(Shape):
    """A campaign and its progress (`goodwill campaigns`)."""

    name: str
    goal: int
    people: int
    progress: float
    #: Asks unanswered past the campaign's no-reply days, on the day: to move on from.
    no_reply: int = 0


def _campaign(uow: UnitOfWork, name: str) -> CampaignRow:
    """The campaign of that name, else the one whose name holds it as written in any case
    ("climate" for "Move into climate tech"); several such are an error that lists them."""
    wanted = " ".join(name.split())
    found = uow.campaigns.by_name(wanted)
    if found is not None:
        return found
    folded = wanted.casefold()
    holding = [row for row in uow.campaigns.all() if folded and folded in row.name.casefold()]
    if len(holding) == 1:
        return holding[0]
    if holding:
        listed = "; ".join(row.name for row in holding)
        raise NotFound(f"'{name}' is in the names of several campaigns: {listed}")
    raise NotFound(f"no campaign named '{name}' (goodwill campaigns lists them)")


def new_campaign(
    ctx: Context,
    name: str,
    goal: int = 20,
    no_reply_days: int = DEFAULT_NO_REPLY_DAYS,
    *,
    on: date | None = None,
) -> Campaign:
    """Start a campaign on day `on` (today)."""
    day = _happened(ctx, on, "start a campaign")
    title = " ".join(name.split())
    if not title:
        raise BadInput("a campaign needs a name", field="name")
    if not 1 <= goal <= 1000 or not 1 <= no_reply_days <= 365:
        raise BadInput(
            "the goal must be 1 to 1000 conversations, no-reply 1 to 365 days",
            field="goal" if not 1 <= goal <= 1000 else "no_reply_days",
        )
    with ctx.db.write() as uow:
        repository = uow.campaigns
        if repository.by_name(title) is not None:
            raise BadInput(f"a campaign named '{title}' already exists", field="name")
        campaign_id = repository.add(title, goal, no_reply_days, day)
    return Campaign(campaign_id, title, goal, no_reply_days)


def enrol(ctx: Context, name: str, queries: tuple[str, ...], *, on: date | None = None) -> Enrolled:
    """Put people on the campaign's to-ask list on day `on` (today)."""
    day = _happened(ctx, on, "add someone")
    with ctx.db.write() as uow:
        campaign = _campaign(uow, name)
        repository = uow.campaigns
        added = []
        for query in queries:
            with about("people"):
                person = resolve(uow, query, writing=True)
            if repository.member(campaign.id, person.id) is not None:
                raise BadInput(f"{person.name} is already in '{campaign.name}'", field="people")
            repository.enrol(campaign.id, person.id, Stage.TO_ASK.value, day)
            added.append(ref_of(person))
    return Enrolled(campaign.name, tuple(added))


def move(
    ctx: Context,
    name: str,
    query: str,
    target: Stage,
    *,
    note: str = "",
    anyway: bool = False,
    on: date | None = None,
) -> Moved:
    """Move someone along the pipeline on day `on` (today); asks, conversations and thanks
    go to the ledger, dated that day.

    Moving to `asked` records an ask: the guard refuses a cold one unless `anyway`.
    """
    today = _happened(ctx, on, "move someone")
    with ctx.db.write() as uow:
        campaign = _campaign(uow, name)
        repository = uow.campaigns
        person = resolve(uow, query, writing=True)
        member = repository.member(campaign.id, person.id)
        if member is None:
            raise NotFound(f"{person.name} is not in '{campaign.name}'")
        current = effective(Stage(member.status), member.asked_on, today, campaign.no_reply_days)
        check_move(current, target)
        entry = _ledger_entry(ctx, campaign.name, target, note, today)
        if entry is not None:
            guard(ctx, uow, [person], entry, anyway=anyway)
        asked_on = today if target is Stage.ASKED else member.asked_on
        logged = batch_id = None
        if entry is not None:
            picks.pin_today(ctx, uow, today)
            batch_id = uow.ledger.open_batch(
                f"campaign {campaign.name}: {person.name} {target}", ctx.clock()
            )
            logged = record(ctx, uow, entry, [person.id], batch_id).kind
            picks.mark_logged(uow, [person.id], today, batch_id)
        # `undo` of the batch puts the stage back with the ledger entry.
        repository.move(campaign.id, member, target.value, today, asked_on, batch_id)
    return Moved(campaign.name, person.name, target.value, logged)


def _happened(ctx: Context, on: date | None, what: str) -> date:
    """The day `on` (today when None), refused when it is still to come."""
    return ctx.happened(on, f"{what} once it happened")


def _ledger_entry(ctx: Context, campaign: str, target: Stage, note: str, on: date) -> Entry | None:
    if target not in _LEDGER:
        return None
    action, kind, channel = _LEDGER[target]
    request = LogRequest(
        people=(),
        action=action,
        kind=kind,
        channel=channel,
        note=note or f"{campaign}: {target.value}",
    )
    return build_entry(ctx, request, on)


def show(ctx: Context, name: str, on: date | None = None) -> Pipeline:
    """The pipeline: each person's stage, what to do next, and drafts for asks and thanks."""
    day = on or ctx.today()
    with ctx.db.read() as uow:
        campaign = _campaign(uow, name)
        members = uow.campaigns.members(campaign.id)
        people = {p.id: p for p in uow.people.get_many([m.person_id for m in members])}
        introducers = {pid: introducer(uow, person) for pid, person in people.items()}
        stages = [
            effective(Stage(m.status), m.asked_on, day, campaign.no_reply_days) for m in members
        ]
        first_gives = {
            m.person_id: _give_first(ctx, uow, people[m.person_id], day)
            for m, stage in zip(members, stages, strict=True)
            if stage is Stage.TO_ASK and m.person_id in people
        }
    rows = []
    for member, stage in zip(members, stages, strict=True):
        step, draft = NEXT_STEP[stage], None
        give_first = first_gives.get(member.person_id)
        if stage in (Stage.TO_ASK, Stage.DONE) and member.person_id in people:
            kind = "campaign-ask" if stage is Stage.TO_ASK else "campaign-thanks"
            suggestion = Suggestion(kind, f"working on {campaign.name.lower()}")
            occasion = Occasion()
            if give_first is not None:  # the plan's rule: a cold ask's draft is the deposit
                suggestion, step, occasion = give_first
            draft = render_draft(
                ctx.config,
                people[member.person_id],
                suggestion,
                on=day,
                topic=occasion.last_topic,
                occasion=occasion.work_anniversary,
                introduced_by=introducers[member.person_id],
            )
        rows.append(
            Member(
                id=member.person_id,
                name=member.name,
                company=member.company,
                stage=stage.value,
                asked_on=iso(member.asked_on),
                next=step,
                draft=draft,
                cold=give_first is not None,
            )
        )
    return Pipeline(
        campaign=campaign.name,
        goal=campaign.goal,
        progress=round(progress(stages, campaign.goal), 3),
        counts={stage.value: stages.count(stage) for stage in Stage},
        people=tuple(rows),
    )


def _give_first(
    ctx: Context, uow: UnitOfWork, person: Person, day: date
) -> tuple[Suggestion, str, Occasion] | None:
    """For someone still to ask whose ask would be cold on `day`: the deposit to make
    first, the step that says so, and the occasion it was fitted to (as the plan fits
    it); None when the ask is warm."""
    found = verdict(ctx, uow, person, day, ctx.config.catalogue.kinds[ASK_KIND].weight)
    if not found.cold:
        return None
    occasion = occasion_of(ctx, uow, person, day)
    deposit = suggested_deposit(ctx, uow, person, occasion)
    credit, needed = shown_against(found.credit, found.needed)
    return (
        deposit,
        f"give first: {deposit.text} (the ask would be cold: credit {credit}, needs {needed})",
        occasion,
    )


def list_campaigns(ctx: Context, on: date | None = None) -> tuple[CampaignSummary, ...]:
    """Each campaign's progress on day `on` (today), and its asks gone unanswered."""
    with ctx.db.read() as uow:
        repository = uow.campaigns
        found = [(c, repository.members(c.id)) for c in repository.all()]
    day = on or ctx.today()
    summaries = []
    for campaign, members in found:
        stages = [
            effective(Stage(m.status), m.asked_on, day, campaign.no_reply_days) for m in members
        ]
        summaries.append(
            CampaignSummary(
                name=campaign.name,
                goal=campaign.goal,
                people=len(members),
                progress=round(progress(stages, campaign.goal), 3),
                no_reply=stages.count(Stage.NO_REPLY),
            )
        )
    return tuple(summaries)
