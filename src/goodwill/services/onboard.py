"""`goodwill onboard`: propose an inner circle and active ties from the evidence, then apply
the user's choices in one transaction. The web app can build its page on the same two
functions and their typed results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from goodwill.domain.errors import BadInput
from goodwill.domain.model import Tier
from goodwill.domain.onboarding import (
    DEFAULT_ACTIVE,
    DEFAULT_INNER,
    RECENT_DAYS,
    Evidence,
    propose_tier,
    score,
)
from goodwill.services.context import Context
from goodwill.services.views import PersonRef, Shape, iso

#: How many people with the most entries are weighed, per place to fill.
CANDIDATES_PER_PLACE = 3
#: Each candidate's newest entries are the evidence: enough to tell a close tie, and a
#: bound on the work whatever the length of someone's ledger.
NEWEST_ENTRIES = 50
MAX_PLACES = 1000


@dataclass(frozen=True, slots=True)
class EvidenceCounts(Shape):
    """The evidence behind a proposal, as results show it."""

    mails: int
    meetings: int
    messages: int
    recommendations: int
    from_them: int
    #: Entries within the last year.
    recent: int
    #: The entries counted (a person's newest ones).
    entries: int
    last_contact: str | None
    known_since: str | None


@dataclass(frozen=True, slots=True)
class CircleCandidate(Shape):
    """One person proposed for a tier, with the evidence behind it."""

    person: PersonRef
    company: str | None
    tier: Tier
    proposed: Tier
    score: float
    reasons: tuple[str, ...]
    evidence: EvidenceCounts


@dataclass(frozen=True, slots=True)
class Proposal(Shape):
    """Whom the evidence puts in the inner circle and among active ties, on `date` (ISO)."""

    date: str
    inner: tuple[CircleCandidate, ...]
    active: tuple[CircleCandidate, ...]

    @property
    def candidates(self) -> tuple[CircleCandidate, ...]:
        return self.inner + self.active


@dataclass(frozen=True, slots=True)
class CirclesApplied(Shape):
    """What `apply` did: how many tiers changed, and how many of the chosen are in each."""

    changed: int
    by_tier: Mapping[str, int]


def _counts(evidence: Evidence) -> EvidenceCounts:
    return EvidenceCounts(
        mails=evidence.mails,
        meetings=evidence.meetings,
        messages=evidence.messages,
        recommendations=evidence.recommendations,
        from_them=evidence.from_them,
        recent=evidence.recent,
        entries=evidence.entries,
        last_contact=iso(evidence.last_contact),
        known_since=iso(evidence.known_since),
    )


def propose(
    ctx: Context,
    on: date | None = None,
    inner: int = DEFAULT_INNER,
    active: int = DEFAULT_ACTIVE,
) -> Proposal:
    """Whom the evidence puts in the inner circle (about `inner`) and among active ties
    (about `active`): mail and calendar frequency and recency, LinkedIn messages,
    recommendations, how long you have known them. Only reads."""
    if inner < 0 or active < 0 or inner + active > MAX_PLACES:
        raise BadInput(f"--inner and --active must be from 0 to {MAX_PLACES} together")
    day = on or ctx.today()
    with ctx.db.read() as uow:
        repository = uow.onboarding
        rows = repository.most_entries(max(inner + active, 1) * CANDIDATES_PER_PLACE)
        counts = repository.counts(
            [row.id for row in rows], day - timedelta(days=RECENT_DAYS), NEWEST_ENTRIES
        )
    weighed: list[tuple[float, Evidence, Any]] = []
    for row in rows:
        counted = counts[row.id]
        known = [d for d in (row.met_on, counted.first_on) if d is not None]
        evidence = Evidence(
            mails=counted.mails,
            meetings=counted.meetings,
            messages=counted.messages,
            recommendations=counted.recommendations,
            from_them=counted.from_them,
            recent=counted.recent,
            entries=counted.examined,
            total=row.entries,
            last_contact=row.last_contact,
            known_since=min(known) if known else None,
        )
        weighed.append((score(evidence, day), evidence, row))
    weighed.sort(key=lambda item: (-item[0], item[2].id))
    tiers = propose_tier([(value, evidence) for value, evidence, _ in weighed], day, inner, active)
    chosen: dict[Tier, list[CircleCandidate]] = {Tier.INNER: [], Tier.ACTIVE: []}
    for (value, evidence, row), tier in zip(weighed, tiers, strict=True):
        if tier is None:
            continue
        chosen[tier].append(
            CircleCandidate(
                person=PersonRef(row.id, row.name),
                company=row.company,
                tier=Tier(row.tier),
                proposed=tier,
                score=value,
                reasons=tuple(evidence.reasons(day)),
                evidence=_counts(evidence),
            )
        )
    return Proposal(day.isoformat(), tuple(chosen[Tier.INNER]), tuple(chosen[Tier.ACTIVE]))


def apply(ctx: Context, choices: Mapping[int, Tier]) -> CirclesApplied:
    """Set each chosen person's tier, all in one transaction; returns counts by tier."""
    with ctx.db.write() as uow:
        found = {p.id: p for p in uow.people.get_many(list(choices))}
        missing = sorted(set(choices) - set(found))
        if missing:
            raise BadInput(f"no person #{missing[0]}: nothing was changed")
        changed = 0
        for person_id, tier in choices.items():
            person = found[person_id]
            if person.tier is not tier:
                uow.people.update_fields(person_id, replace(person.fields, tier=tier))
                changed += 1
    by_tier = {tier.value: sum(1 for t in choices.values() if t is tier) for tier in Tier}
    return CirclesApplied(changed, by_tier)
