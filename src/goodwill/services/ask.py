"""The ask guard: check the balance before a withdrawal, warn when the ask is cold."""

from __future__ import annotations

from datetime import date
from typing import Any

from goodwill.domain import balance as balance_rules
from goodwill.domain.cadence import TIER_CADENCE_DAYS, cadence_days
from goodwill.domain.model import Direction, Tier
from goodwill.domain.suggest import Occasion, suggest
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest, build_entry, record
from goodwill.services.resolve import resolve
from goodwill.services.views import entry_json, person_ref

RECENT_DEPOSITS_SHOWN = 3


def ask(
    ctx: Context,
    query: str,
    *,
    purpose: str = "",
    kind: str | None = None,
    on: date | None = None,
    record_it: bool = False,
) -> dict[str, Any]:
    """Is this ask warm? `record_it` logs the withdrawal once the user confirms."""
    day = on or ctx.today()
    request = LogRequest(people=(query,), action=Action.ASKED, kind=kind, on=day, note=purpose)
    entry = build_entry(ctx, request, day)
    with ctx.db.write() if record_it else ctx.db.read() as uow:
        person = resolve(uow, query)
        half_life = ctx.half_life(uow)
        entries = uow.ledger.entries_for(person.id)
        breakdown = balance_rules.explain(entries, day, half_life)
        window = cadence_days(person.tier, person.fields.cadence_days) or (
            TIER_CADENCE_DAYS[Tier.ACQUAINTANCE] or 365
        )
        last_warm = person.state.last_give_or_touch
        silent_days = None if last_warm is None else (day - last_warm).days
        cold = silent_days is None or silent_days > window
        deposit = suggest(person, Occasion())
        first_name = person.name.split()[0]
        if cold:
            since = "ever" if silent_days is None else f"in {silent_days} days"
            advice = (
                f"This ask would be cold: {first_name} has heard nothing from you {since} "
                f"(cadence {window} days). Make a deposit first: {deposit.text}."
            )
        elif breakdown.total < 0:
            advice = (
                f"You are in contact, but the balance is negative ({breakdown.total:.1f}): "
                f"consider giving first: {deposit.text}."
            )
        else:
            advice = f"Warm enough: balance {breakdown.total:.1f}, last contact from you {silent_days} days ago."
        deposits = [e for e in entries if e.direction is Direction.DEPOSIT and not e.by_them]
        result: dict[str, Any] = {
            "person": person_ref(person),
            "balance": round(breakdown.total, 2),
            "cold": cold,
            "advice": advice,
            "suggested_deposit": {"kind": deposit.kind, "text": deposit.text},
            "last_deposits": [entry_json(e) for e in deposits[:RECENT_DEPOSITS_SHOWN]],
            "ask": {"kind": entry.kind, "purpose": purpose},
            "recorded": False,
        }
        if record_it:
            batch_id = uow.ledger.open_batch(f"ask {entry.kind} of {person.name}", ctx.clock())
            record(ctx, uow, entry, [person.id], batch_id)
            result["recorded"] = True
        return result
