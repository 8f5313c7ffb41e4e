"""`goodwill ask`: is this ask warm? The guard's rule is `domain.credit`, run by
`services.guard`; recording the ask (`--yes`) refuses a cold one unless `anyway`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from goodwill.domain import balance as balance_rules
from goodwill.domain.kinds import ask_kind_for
from goodwill.domain.model import Direction, Person
from goodwill.services.context import Context
from goodwill.services.deposits import suggested_deposit
from goodwill.services.guard import advice, guard, verdict
from goodwill.services.ledger import Action, LogRequest, build_entry, record
from goodwill.services.occasion_of import occasion_of
from goodwill.services.resolve import resolve
from goodwill.services.views import Deposit, EntryView, PersonRef, Shape, entry_view, ref_of
from goodwill.store.database import UnitOfWork

RECENT_DEPOSITS_SHOWN = 3
#: How many of the latest entries are searched for recent deposits (a bounded read).
RECENT_ENTRIES_READ = 50


@dataclass(frozen=True, slots=True)
class Ask(Shape):
    """The ask as weighed: its kind and what it is for."""

    kind: str
    purpose: str


@dataclass(frozen=True, slots=True)
class AskCheck(Shape):
    """The guard's verdict on an ask (`goodwill ask`), and whether it was recorded."""

    person: PersonRef
    balance: float
    credit: float
    needed: float
    cold: bool
    #: The verdict in a sentence, with the deposit to make first when it is cold.
    advice: str
    suggested_deposit: Deposit
    last_deposits: tuple[EntryView, ...]
    ask: Ask
    recorded: bool


def ask(
    ctx: Context,
    query: str,
    *,
    purpose: str = "",
    kind: str | None = None,
    on: date | None = None,
    record_it: bool = False,
    anyway: bool = False,
) -> AskCheck:
    """Is this ask warm? `record_it` logs the withdrawal: a cold one only `anyway`."""
    day = on or ctx.today()
    kind = kind or ask_kind_for(purpose)  # "a job referral" weighs as a job ask
    request = LogRequest(people=(query,), action=Action.ASKED, kind=kind, on=day, note=purpose)
    entry = build_entry(ctx, request, day)
    with ctx.db.write() if record_it else ctx.db.read() as uow:
        person = resolve(uow, query, writing=record_it)
        found = verdict(ctx, uow, person, day, entry.weight)
        deposit = suggested_deposit(ctx, uow, person, occasion_of(ctx, uow, person, day))
        label = ctx.config.catalogue.kinds[entry.kind].label
        recent = uow.ledger.entries_for(person.id, limit=RECENT_ENTRIES_READ)
        deposits = [
            e for e in recent if e.direction is Direction.DEPOSIT and not e.by_them and e.on <= day
        ]
        result = AskCheck(
            person=ref_of(person),
            balance=round(_balance(ctx, uow, person, day), 2),
            credit=round(found.credit, 2),
            needed=round(found.needed, 2),
            cold=found.cold,
            advice=advice(person, found, deposit, label),
            suggested_deposit=Deposit(deposit.kind, deposit.text),
            last_deposits=tuple(entry_view(e) for e in deposits[:RECENT_DEPOSITS_SHOWN]),
            ask=Ask(entry.kind, purpose),
            recorded=False,
        )
        if not record_it:
            return result
        guard(ctx, uow, [person], entry, anyway=anyway)
        batch_id = uow.ledger.open_batch(f"ask {entry.kind} of {person.name}", ctx.clock())
        record(ctx, uow, entry, [person.id], batch_id)
        return replace(result, recorded=True)


def _balance(ctx: Context, uow: UnitOfWork, person: Person, day: date) -> float:
    """The balance on the ask's day: from the anchor, unless later entries exist."""
    half_life = ctx.half_life(uow)
    last = person.state.last_contact
    if last is None or day >= last:
        return balance_rules.balance_on(person, day, half_life)
    return balance_rules.explain(uow.ledger.entries_for(person.id), day, half_life).total
