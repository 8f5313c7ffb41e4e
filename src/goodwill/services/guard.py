"""The ask guard's verdict for one or more people, and the refusal of a cold ask.

The rule is `domain.credit`'s; this module reads the credit (from the stored anchor, in
constant time), picks the deposit to make first, and raises `ColdAsk` where an ask would
be recorded cold without the user's say-so (`log --asked`, `ask --yes`, a campaign's
`asked`, the web and the API).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from goodwill.domain.credit import AskVerdict, credit_from, credit_on, judge_ask, shown_against
from goodwill.domain.drafting import first_name
from goodwill.domain.errors import ColdAsk
from goodwill.domain.model import Direction, Entry, Person
from goodwill.domain.suggest import Suggestion
from goodwill.services.context import Context
from goodwill.services.deposits import suggested_deposit
from goodwill.services.views import ref_of
from goodwill.store.database import UnitOfWork


def verdict(ctx: Context, uow: UnitOfWork, person: Person, day: date, size: float) -> AskVerdict:
    """The guard's verdict on an ask of weight `size` on `day`: from the stored credit
    anchor, or, for a day before later entries, from the entries up to that day."""
    half_life = ctx.half_life(uow)
    last = person.state.last_contact
    if last is None or day >= last:
        credit = credit_on(person, day, half_life)
    else:
        credit = credit_from(uow.ledger.entries_for(person.id), day, half_life)
    return judge_ask(credit, size)


def advice(person: Person, found: AskVerdict, deposit: Suggestion, label: str) -> str:
    weighed = _weighed(person, found, label)
    if found.cold:
        return f"This ask would be cold: {weighed}. Make a deposit first: {_first_step(deposit)}."
    return f"Warm enough: {weighed}."


def _weighed(person: Person, found: AskVerdict, label: str) -> str:
    first = first_name(person.name, person.fields.given_name)
    credit, needed = shown_against(found.credit, found.needed)
    return (
        f"your credit with {first} is {credit}, and this ask ({label}, "
        f"weight {found.size:g}) needs {needed}"
    )


def _first_step(deposit: Suggestion) -> str:
    # A suggestion may end with its own full stop ("... at Contoso, Ltd.").
    return deposit.text.rstrip(".")


def _refusal(person: Person, found: AskVerdict, deposit: Suggestion, label: str) -> str:
    """The guard's refusal for one person, as one sentence to go on (with how to record it
    anyway, which each interface words its own way): "cold ask to Ana Núñez: your credit
    ... needs +2.5; make a deposit first: ..."."""
    weighed = _weighed(person, found, label)
    return f"cold ask to {person.name}: {weighed}; make a deposit first: {_first_step(deposit)}"


def cold_ask(person: Person, found: AskVerdict, deposit: Suggestion) -> dict[str, Any]:
    return {
        "person": ref_of(person).to_json(),
        "credit": round(found.credit, 2),
        "needed": round(found.needed, 2),
        "suggested_deposit": {"kind": deposit.kind, "text": deposit.text},
    }


def guard(
    ctx: Context, uow: UnitOfWork, people: Sequence[Person], entry: Entry, *, anyway: bool
) -> None:
    """Refuse a cold ask of mine (raise `ColdAsk`) unless `anyway`; other entries pass."""
    if entry.direction is not Direction.WITHDRAWAL or entry.by_them or anyway:
        return
    kind = ctx.config.catalogue.get(entry.kind)
    label = kind.label if kind is not None else entry.kind
    refused, messages = [], []
    for person in people:
        found = verdict(ctx, uow, person, entry.on, entry.weight)
        if found.cold:
            deposit = suggested_deposit(ctx, uow, person)
            refused.append(cold_ask(person, found, deposit))
            messages.append(_refusal(person, found, deposit, label))
    if refused:
        raise ColdAsk("; ".join(messages), refused)


def is_cold(ctx: Context, person: Person, on: date, half_life: float, kind: str) -> bool:
    """Would an ask of this kind be cold today? For lists that flag it (`path`,
    `connectors`, `help`): the stored credit, the same rule as the guard."""
    known = ctx.config.catalogue.get(kind)
    size = known.weight if known is not None else 0.0
    return judge_ask(credit_on(person, on, half_life), size).cold
