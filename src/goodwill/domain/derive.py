"""Per-person derived state, folded from ledger entries in date order.

`apply` is what a write does to one person's state; `fold` is what `reindex`
does from the whole history. Both are the same function, so the two cannot
disagree as long as entries arrive in order; a write dated before the
person's latest contact refolds that person's history instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from goodwill.domain.balance import anchor_contribution
from goodwill.domain.cadence import resets_clock
from goodwill.domain.model import DerivedState, Direction, Entry, Initiator, is_their_ask

#: Silence (days) after which an ask from them counts as "only appears to ask".
LONG_SILENCE_DAYS = 182


def _later(current: date | None, candidate: date) -> date:
    return candidate if current is None or candidate > current else current


def is_in_order(state: DerivedState, entry: Entry) -> bool:
    """True when applying `entry` on top of `state` equals refolding the history."""
    return state.last_contact is None or entry.on >= state.last_contact


def is_order_free(state: DerivedState, entry: Entry) -> bool:
    """True when the entry's date cannot matter: sums, counts and latest dates do not
    depend on order; only whether an ask from them came after a silence does."""
    return state.their_asks == 0 and not is_their_ask(entry.by_them, entry.direction)


def apply(state: DerivedState, entry: Entry, half_life_days: float) -> DerivedState:
    their_give = entry.by_them and entry.direction is Direction.WITHDRAWAL
    their_ask = is_their_ask(entry.by_them, entry.direction)
    cold_ask = their_ask and (
        state.last_contact is None or (entry.on - state.last_contact).days > LONG_SILENCE_DAYS
    )
    from_me = entry.initiated_by is Initiator.ME and not entry.by_them
    give_or_touch = from_me and entry.direction is not Direction.WITHDRAWAL
    return replace(
        state,
        last_touch=_later(state.last_touch, entry.on) if resets_clock(entry) else state.last_touch,
        last_contact=_later(state.last_contact, entry.on),
        last_deposit=(
            _later(state.last_deposit, entry.on)
            if from_me and entry.direction is Direction.DEPOSIT
            else state.last_deposit
        ),
        last_give_or_touch=(
            _later(state.last_give_or_touch, entry.on)
            if give_or_touch
            else state.last_give_or_touch
        ),
        balance_anchor=state.balance_anchor + anchor_contribution(entry, half_life_days),
        deposits=state.deposits + (entry.direction is Direction.DEPOSIT),
        withdrawals=state.withdrawals
        + (entry.direction is Direction.WITHDRAWAL and not their_give),
        touches=state.touches + (entry.direction is Direction.TOUCH and not their_ask),
        their_gives=state.their_gives + their_give,
        their_asks=state.their_asks + their_ask,
        their_cold_asks=state.their_cold_asks + cold_ask,
        entries=state.entries + 1,
    )


def fold(entries: Iterable[Entry], half_life_days: float) -> DerivedState:
    state = DerivedState()
    for entry in sorted(entries, key=lambda e: (e.on, e.id)):
        state = apply(state, entry, half_life_days)
    return state
