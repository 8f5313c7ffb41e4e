"""`goodwill help NEED`: who in the network can help, and how warm the ask would be.

People are found by full-text search over their profile and the notes of
the ledger entries that say what they know (what they gave me, our
conversations: `ledger.searched_notes`), then ranked by relevance times warmth: the expert you
gave to last month comes before the one you have not written to in years.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from goodwill.domain.balance import balance_on
from goodwill.domain.errors import BadInput
from goodwill.domain.model import Tier
from goodwill.domain.synonyms import is_tagged, related, seekers
from goodwill.services.context import Context
from goodwill.services.guard import is_cold
from goodwill.services.paths import warmth
from goodwill.services.views import PersonRef, Shape, iso
from goodwill.store.search import Document, words

#: Candidates ranked with warmth: the best profiles that match, and as many of the newest
#: notes (`SearchRepository.matching`); the 200 of both together cost about 15 ms at
#: 100,000 people, most of it reading the people.
CANDIDATES = 100
#: How much more a document counts when it holds the need's words as written, not only
#: their variants: "pricing" ranks a "Pricing analyst" before a "Price analyst".
EXACT_BONUS = 0.5
#: The weight of someone found only by another word for the need's field (`synonyms`).
RELATED_ONLY = 0.3
#: The weight of someone looking for what the need asks for themselves (a job seeker, for
#: a job): they share its words, but are the last who can give it.
SEEKING_IT = 0.1


@dataclass(frozen=True, slots=True)
class Helper(Shape):
    """Someone who can help: why they matched, and how warm the ask would be."""

    person: PersonRef
    company: str | None
    title: str | None
    #: The need's words their profile or notes hold, as written or as a variant.
    matched: tuple[str, ...]
    last_contact: str | None
    balance: float
    cold: bool
    score: float


@dataclass(frozen=True, slots=True)
class Connector(Shape):
    """Someone who may know someone who can help: tagged `connector`, or knowing people at
    many companies (`goodwill connectors`)."""

    id: int
    name: str
    company: str | None
    #: Why they are suggested: "tagged connector", "knows people at 3 companies".
    why: str


@dataclass(frozen=True, slots=True)
class Helpers(Shape):
    """Who can help with a need (`goodwill help`), best first; connectors when nobody."""

    need: str
    #: The need as searched: its words, folded.
    words: tuple[str, ...]
    people: tuple[Helper, ...]
    connectors: tuple[Connector, ...]


def who_can_help(ctx: Context, need: str, *, on: date | None = None, limit: int = 10) -> Helpers:
    terms = words(need)
    if not terms:
        raise BadInput("say what you need help with, in a few words")
    # Other words for the fields the need names ("hiring": a recruiter), searched too but
    # given no exact-word bonus: the words typed rank first.
    searched = terms + related(terms)
    seeking = seekers(terms)
    day = on or ctx.today()
    with ctx.db.read() as uow:
        search = uow.search
        found = search.matching(searched, CANDIDATES)
        people = {p.id: p for p in uow.people.get_many([pid for pid, _ in found])}
        documents = search.documents([pid for pid, _ in found])
        half_life = ctx.half_life(uow)
    best = max((rank for _, rank in found), default=0.0) or 1.0
    exact = {
        pid: sum(document.has_word(term) for term in terms) / len(terms)
        for pid, document in documents.items()
    }
    # Found only by another word for the field: below whoever holds a word typed.
    typed = {
        pid
        for pid, document in documents.items()
        if any(document.has_word(term) or document.has_variant(term) for term in terms)
    }
    ranked = sorted(
        (
            (
                rank
                / best
                * (1 + EXACT_BONUS * exact.get(pid, 0.0))
                * (1.0 if pid in typed else RELATED_ONLY)
                * (SEEKING_IT if is_tagged(people[pid].fields.tags, seeking) else 1.0)
                * (0.5 + warmth(people[pid], day, half_life)),
                pid,
            )
            for pid, rank in found
            if pid in people
        ),
        key=lambda item: (-item[0], item[1]),
    )
    results = []
    for score, pid in ranked[:limit]:
        person = people[pid]
        document = documents.get(pid)
        results.append(
            Helper(
                person=PersonRef(pid, person.name),
                company=person.fields.company,
                title=person.fields.title,
                matched=_matched(document, terms, searched[len(terms) :]),
                last_contact=iso(person.state.last_contact),
                balance=round(balance_on(person, day, half_life), 2),
                cold=is_cold(ctx, person, day, half_life, "asked-advice"),
                score=round(score, 3),
            )
        )
    suggestions = () if results else _connectors(ctx)
    return Helpers(need, tuple(terms), tuple(results), suggestions)


def _matched(document: Document | None, typed: list[str], related: list[str]) -> tuple[str, ...]:
    """What a person was found by: the words typed they hold, as written or as a variant;
    then the field's other words they hold as written ("recruiter", not also "recruiting"
    and "recruitment", which share its stem), else those they hold as variants."""
    if document is None:
        return ()
    found = [term for term in typed if document.has_word(term) or document.has_variant(term)]
    written = [term for term in related if document.has_word(term)]
    return tuple(found + (written or [term for term in related if document.has_variant(term)]))


#: Connectors suggested when nobody matches a need.
CONNECTORS_SUGGESTED = 3


def _connectors(ctx: Context) -> tuple[Connector, ...]:
    """Who may know someone who can help: the people tagged `connector` (an indexed
    lookup), then those who know people at the most companies."""
    with ctx.db.read() as uow:
        tagged = uow.people.tagged("connector", CONNECTORS_SUGGESTED)
        why = dict.fromkeys(tagged, "tagged connector")
        if len(why) < CONNECTORS_SUGGESTED:
            for pid, companies, _ties in uow.edges.bridges(CONNECTORS_SUGGESTED * 2):
                why.setdefault(pid, f"knows people at {companies} companies")
        people = {p.id: p for p in uow.people.get_many(list(why))}
    found = [
        Connector(pid, people[pid].name, people[pid].fields.company, reason)
        for pid, reason in why.items()
        if pid in people and people[pid].fields.tier is not Tier.ARCHIVED
    ]
    return tuple(found[:CONNECTORS_SUGGESTED])
