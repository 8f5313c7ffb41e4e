"""The deposit to make for someone: what the guard proposes before an ask, and what the
plan suggests to give.

`domain.suggest` chooses among deposits from what is known of the person; this module
adds what only the store knows: someone in your network to introduce them to.
"""

from __future__ import annotations

from dataclasses import replace

from goodwill.domain.companies import company_in_prose, company_key
from goodwill.domain.drafting import first_name
from goodwill.domain.model import Entry, Person
from goodwill.domain.owed import unanswered_asks
from goodwill.domain.suggest import Occasion, Suggestion, deposit_for
from goodwill.services.context import Context
from goodwill.store.database import UnitOfWork

#: How many people of their discipline are weighed for an introduction.
INTRO_CANDIDATES = 20
#: How many of their latest entries are searched for an open request of theirs.
OPEN_REQUESTS_READ = 50
#: The kind of what they gave you that a mentor's thank-you is about.
THEIR_ADVICE = "advice-given"


def open_request(uow: UnitOfWork, person: Person) -> Entry | None:
    """Their latest ask that nothing from you has answered yet, among their latest entries
    (never looked for when they never asked)."""
    if person.state.their_asks == 0:
        return None
    owed = unanswered_asks(uow.ledger.entries_for(person.id, limit=OPEN_REQUESTS_READ))
    return owed[0] if owed else None


def gave_advice(uow: UnitOfWork, person: Person) -> bool:
    """Whether the ledger holds advice they gave you (never looked for when they gave you
    nothing at all)."""
    return person.state.their_gives > 0 and uow.ledger.gave_me(person.id, THEIR_ADVICE)


def intro_for(uow: UnitOfWork, person: Person) -> str | None:
    """Someone you keep warm in their discipline, at another company, whom they do not
    know yet (no tie on record): the one with the most goodwill banked with you."""
    discipline = person.fields.discipline
    if not discipline:
        return None
    candidates = uow.people.kept_warm_in(discipline, besides=person.id, limit=INTRO_CANDIDATES)
    if not candidates:
        return None
    ties = uow.edges.neighbours([person.id]).get(person.id, [])
    known = {other for other, _strength, _kind in ties}
    theirs = company_key(person.fields.company)
    fitting = [
        c
        for c in candidates
        if c.id not in known and not (theirs and company_key(c.fields.company) == theirs)
    ]
    if not fitting:
        return None
    # Anchors share one epoch: the largest anchor is the largest balance on any day.
    best = max(fitting, key=lambda c: (c.state.balance_anchor, -c.id))
    company = company_in_prose(best.fields.company)
    where = f" at {company}" if company else ""
    return f"{best.name} ({discipline}{where})"


def suggested_deposit(
    ctx: Context, uow: UnitOfWork, person: Person, occasion: Occasion | None = None
) -> Suggestion:
    """A deposit fitted to the person, naming whom to introduce them to when someone fits;
    but their open request to you first, when they have one: answering it is the deposit
    they are waiting for."""
    owed = open_request(uow, person)
    if owed is not None:
        first = first_name(person.name, person.fields.given_name)
        what = owed.note or ctx.config.catalogue.asked_for(owed.kind)
        return Suggestion("helped", f"answer {first}'s open request of {owed.on}: {what}")
    hints = replace(
        occasion or Occasion(),
        intro_to=intro_for(uow, person),
        gave_advice=gave_advice(uow, person),
    )
    return deposit_for(person, hints)
