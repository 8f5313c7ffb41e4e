"""Who knows whom: `knows`, warm introduction paths (`path`) and `connectors`.

A path runs from me to a first hop I am warm with, who knows the target (or
someone who does). Its score is the first hop's warmth times the strength of
each tie after it, so a strong tie through a friend beats a weak one through
an acquaintance. Someone I have been in touch with is never introduced to me:
I ask them myself, and at a company such a direct ask comes first. The search
reads edges around the target through indexes, two levels deep, and never
loads the whole graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from goodwill.domain import ties
from goodwill.domain.balance import balance_on
from goodwill.domain.companies import company_key
from goodwill.domain.errors import BadInput, NotFound
from goodwill.domain.model import Person
from goodwill.services.context import Context
from goodwill.services.deposits import suggested_deposit
from goodwill.services.drafts import render_draft, render_request
from goodwill.services.guard import is_cold
from goodwill.services.occasion_of import occasion_of
from goodwill.services.resolve import resolve
from goodwill.services.views import Shape
from goodwill.store.database import UnitOfWork

#: How many people at the target's company count as their colleagues, and how many
#: first hops the second level expands.
COLLEAGUES = 50
EXPAND = 50
#: What you would ask a first hop or a connector for: the guard weighs this kind.
INTRO_ASK = "asked-intro"
#: What you would ask someone the path reaches directly: a question (advice).
QUESTION_ASK = "asked-advice"
#: A path's `mode` when its target named a company (else "person").
COMPANY = "company"


@dataclass(frozen=True, slots=True)
class Known(Shape):
    """A tie recorded by `knows`; `added` is false when it was known already. `warm_a`
    (`warm_b`): whether asking A (B) for an introduction to the other is warm on the day,
    by the ask guard's rule: what the tie opens now."""

    a: str
    b: str
    added: bool
    warm_a: bool
    warm_b: bool


@dataclass(frozen=True, slots=True)
class FirstHop(Shape):
    """The person a path starts with: whom you would ask for the introduction."""

    id: int
    name: str
    balance: float
    #: Would asking them be a cold ask?
    cold: bool
    #: When it would: the deposit to make first (what `ask` proposes), else None.
    give_first: str | None = None
    #: What you would ask them: "for an introduction", or, when they are the target or
    #: work at it, "a question".
    asking: str = "for an introduction"


@dataclass(frozen=True, slots=True)
class Path(Shape):
    """A way to someone: me, the first hop, … the target, and the kind of each tie."""

    path: tuple[str, ...]
    score: float
    ties: tuple[str, ...]
    first_hop: FirstHop
    #: The message to send the first hop: the request, or, when asking them would be cold,
    #: the deposit to make first (a draft that asks would contradict "give first").
    draft: str


@dataclass(frozen=True, slots=True)
class Paths(Shape):
    """The warmest paths to a person or a company (`goodwill path`), warmest first."""

    target: str
    #: "person", or "company" when the target named a company.
    mode: str
    paths: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class Bridge(Shape):
    """Someone who knows people at many companies (`goodwill connectors`)."""

    id: int
    name: str
    companies: int
    ties: int
    balance: float
    cold: bool


def knows(
    ctx: Context,
    first: str,
    second: str,
    strength: float = ties.STRENGTH["knows"],
    *,
    on: date | None = None,
) -> Known:
    """Record that two people know each other (what you know, goodwill cannot import), and
    say whether each is warm to ask for an introduction to the other on `on` (today)."""
    if not 0 < strength <= 1:
        raise BadInput("strength is between 0 and 1")
    day = on or ctx.today()
    with ctx.db.write() as uow:
        a, b = resolve(uow, first, writing=True), resolve(uow, second, writing=True)
        if a.id == b.id:
            raise BadInput(f"{a.name} is the same person twice")
        added = uow.edges.add([(a.id, b.id)], "knows", strength)
        half_life = ctx.half_life(uow)
        warm_a, warm_b = (not is_cold(ctx, p, day, half_life, INTRO_ASK) for p in (a, b))
    return Known(a.name, b.name, bool(added), warm_a, warm_b)


def warmth(person: Person, on: date, half_life: float) -> float:
    """The domain's warmth (`domain.ties.warmth`) of a person on a day."""
    return ties.warmth(balance_on(person, on, half_life), person.state.last_contact, on)


@dataclass(frozen=True)
class _Route:
    hops: tuple[int, ...]  # first hop ... target
    strength: float
    kinds: tuple[str, ...]


def _targets(uow: UnitOfWork, target: str) -> tuple[list[int], str]:
    """A person named exactly, else the people at a company of that name, else the person
    `show` would find (a prefix of a name, or a misspelling)."""
    if not target.strip():
        raise BadInput("name a person (#id, email or name) or a company")
    try:
        return [resolve(uow, target, exact=True).id], "person"
    except NotFound:
        pass
    at = uow.edges.at_company(target, COLLEAGUES)
    if at:
        return at, COMPANY
    try:
        return [resolve(uow, target).id], "person"
    except NotFound:
        near = _companies_near(uow, target)
        # Quoted, as a company's name may hold commas and end in a stop ("Contoso, Ltd.").
        listed = ", ".join(f"'{company}'" for company in near)
        hint = f"; companies with a name near it: {listed}" if near else ""
        raise NotFound(
            f"no one named '{target}', and no one at a company of that name{hint}"
        ) from None


#: `fuzz.ratio` of two company keys from which one is offered for the other: "yandex" and
#: "yandeks" (Яндекс) are 77, "fabrikam" and "fabrikan" 88; "acme" and "apex" 50.
COMPANY_SUGGESTION = 75.0


def _companies_near(uow: UnitOfWork, target: str) -> list[str]:
    """Up to three companies whose folded names are near the target's, as written."""
    from rapidfuzz import fuzz, process

    key = company_key(target)
    if not key:
        return []
    companies = uow.people.companies()
    found = process.extract(
        key, list(companies), scorer=fuzz.ratio, score_cutoff=COMPANY_SUGGESTION, limit=3
    )
    return [companies[near] for near, _score, _index in found]


def _known_directly(uow: UnitOfWork, person_ids: list[int]) -> set[int]:
    """Those of these people I know directly (`ties.known_directly`)."""
    contacts = uow.people.last_contacts(person_ids)
    return {pid for pid, last in contacts.items() if ties.known_directly(last)}


def _routes(uow: UnitOfWork, targets: list[int], mode: str, known: set[int]) -> list[_Route]:
    """Routes to the targets, two levels deep. None asks for an introduction to someone
    in `known` (the targets I know directly) or to a first hop I know directly: asking
    them myself is the route offered instead."""
    repository = uow.edges
    target_set = set(targets)
    first: dict[int, list[tuple[int, float, str]]] = repository.neighbours(targets)
    if mode == "person":
        company = uow.people.get(targets[0])
        if company is not None and company.fields.company:
            colleagues = repository.at_company(company.fields.company, COLLEAGUES)
            first.setdefault(targets[0], []).extend(
                (c, ties.STRENGTH["colleague"], "colleague") for c in colleagues
            )
    routes: list[_Route] = [_Route((t,), 1.0, ()) for t in targets]
    level_one: dict[int, _Route] = {}
    for target, around in first.items():
        if target in known:
            continue
        for other, strength, kind in around:
            if other in target_set:
                continue
            route = _Route((other, target), strength, (kind,))
            if other not in level_one or route.strength > level_one[other].strength:
                level_one[other] = route
    routes += level_one.values()
    introducible = set(level_one) - _known_directly(uow, list(level_one))
    strongest = sorted(
        (route for hop, route in level_one.items() if hop in introducible),
        key=lambda r: -r.strength,
    )[:EXPAND]
    second = repository.neighbours([route.hops[0] for route in strongest])
    by_hop = {route.hops[0]: route for route in strongest}
    for hop, around in second.items():
        via = by_hop[hop]
        for other, strength, kind in around:
            if other in target_set or other in level_one:
                continue
            routes.append(_Route((other, *via.hops), strength * via.strength, (kind, *via.kinds)))
    return routes


def path(ctx: Context, target: str, *, on: date | None = None, limit: int = 3) -> Paths:
    """The warmest introduction paths to a person, or to anyone at a company."""
    day = on or ctx.today()
    with ctx.db.read() as uow:
        targets, mode = _targets(uow, target)
        known = _known_directly(uow, targets)
        routes = _routes(uow, targets, mode, known)
        people = {p.id: p for p in uow.people.get_many(sorted({h for r in routes for h in r.hops}))}
        half_life = ctx.half_life(uow)
        scored = sorted(
            (
                (warmth(people[r.hops[0]], day, half_life) * r.strength, r)
                for r in routes
                if r.hops[0] in people
            ),
            key=lambda item: (
                not _asks_someone_known(item[1], known),
                -item[0],
                len(item[1].hops),
                item[1].hops,
            ),
        )
        found = [
            _path(
                ctx,
                uow,
                [people[h] for h in r.hops if h in people],
                r,
                score,
                (day, half_life),
                mode,
            )
            for score, r in scored[:limit]
        ]
    return Paths(target, mode, tuple(found))


def _asks_someone_known(route: _Route, known: set[int]) -> bool:
    """The route asks the target, or someone at the target company, whom I know directly
    (`ties.known_directly`): such routes come first, the warmest of them first."""
    return len(route.hops) == 1 and route.hops[0] in known


def _path(
    ctx: Context,
    uow: UnitOfWork,
    chain: list[Person],
    route: _Route,
    score: float,
    weighed: tuple[date, float],
    mode: str,
) -> Path:
    """One path, with the message to send its first hop: a cold first hop gets the
    deposit to make first; a warm one the request (for an introduction to the target,
    or, when they are the target or work at it, one question). `weighed`: the day and the
    half-life balances are weighed with."""
    first_hop = chain[0]
    day, half_life = weighed
    direct = len(chain) == 1
    cold = is_cold(ctx, first_hop, day, half_life, QUESTION_ASK if direct else INTRO_ASK)
    if cold:
        # Fitted to the day as the plan fits it: a favour to return, news, the last exchange.
        occasion = occasion_of(ctx, uow, first_hop, day)
        deposit = suggested_deposit(ctx, uow, first_hop, occasion)
        give_first: str | None = deposit.text
        draft = render_draft(
            ctx.config,
            first_hop,
            deposit,
            on=day,
            topic=occasion.last_topic,
            occasion=occasion.work_anniversary,
        )
    else:
        give_first = None
        # The first hop is asked for the next person on the path, who may lead further.
        draft = render_request(
            ctx.config,
            first_hop,
            target=None if direct else chain[1].name,
            goal=chain[-1].name if len(chain) > 2 else None,
            about=first_hop.fields.company if direct and mode == COMPANY else None,
        )
    return Path(
        path=("me", *(person.name for person in chain)),
        score=round(score, 3),
        ties=route.kinds,
        first_hop=FirstHop(
            first_hop.id,
            first_hop.name,
            round(balance_on(first_hop, day, half_life), 2),
            cold,
            give_first,
            "a question" if direct else "for an introduction",
        ),
        draft=draft,
    )


def connectors(ctx: Context, limit: int = 10, on: date | None = None) -> tuple[Bridge, ...]:
    """People who know people at many companies: bridges worth keeping warm, with their
    balance on day `on` (today)."""
    day = on or ctx.today()
    with ctx.db.read() as uow:
        bridges = uow.edges.bridges(limit)
        people = {p.id: p for p in uow.people.get_many([pid for pid, _c, _e in bridges])}
        half_life = ctx.half_life(uow)
    return tuple(
        Bridge(
            id=pid,
            name=people[pid].name,
            companies=companies,
            ties=count,
            balance=round(balance_on(people[pid], day, half_life), 2),
            cold=is_cold(ctx, people[pid], day, half_life, INTRO_ASK),
        )
        for pid, companies, count in bridges
        if pid in people
    )
