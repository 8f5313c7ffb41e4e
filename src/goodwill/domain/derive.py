"""Per-person derived state, folded from ledger entries in date order.

`apply` is what a write does to one person's state; `fold` is what `reindex`
does from the whole history. Both are the same function, so the two cannot
disagree as long as entries arrive in order; a write dated before the
person's latest contact refolds that person's history instead.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date

from goodwill.domain.balance import EPOCH
from goodwill.domain.model import (
    TWO_WAY_CHANNELS,
    DerivedState,
    Direction,
    Entry,
    Initiator,
    is_their_ask,
)

WITHDRAWAL, DEPOSIT, TOUCH = Direction.WITHDRAWAL, Direction.DEPOSIT, Direction.TOUCH
ME = Initiator.ME

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
    folder = Fold(half_life_days, state)
    folder.add(
        entry.on,
        entry.direction,
        entry.channel,
        entry.initiated_by,
        entry.weight,
        entry.by_them,
    )
    return folder.state()


class Fold:
    """One person's history folded entry by entry, in date order: the rules of `apply`
    on a mutable accumulator, so that `reindex` and the bulk import path fold millions
    of rows without building a state per entry.

    `add` takes the stored column values (strings or the enums, which equal them);
    `last_their_ask_touch` remembers their latest ask (a touch from them), which the
    follow-up rule reads.
    """

    __slots__ = (
        "balance_anchor",
        "deposits",
        "entries",
        "half_life_days",
        "last_contact",
        "last_deposit",
        "last_give_or_touch",
        "last_their_ask_touch",
        "last_touch",
        "their_asks",
        "their_cold_asks",
        "their_gives",
        "touches",
        "withdrawals",
    )

    def __init__(self, half_life_days: float, state: DerivedState | None = None) -> None:
        start = state or DerivedState()
        self.half_life_days = half_life_days
        self.last_touch = start.last_touch
        self.last_contact = start.last_contact
        self.last_deposit = start.last_deposit
        self.last_give_or_touch = start.last_give_or_touch
        self.balance_anchor = start.balance_anchor
        self.deposits = start.deposits
        self.withdrawals = start.withdrawals
        self.touches = start.touches
        self.their_gives = start.their_gives
        self.their_asks = start.their_asks
        self.their_cold_asks = start.their_cold_asks
        self.entries = start.entries
        self.last_their_ask_touch: date | None = None

    def add(
        self,
        on: date,
        direction: str,
        channel: str,
        initiated_by: str,
        weight: float,
        by_them: bool,
    ) -> None:
        withdrawal = direction == WITHDRAWAL
        their_ask = by_them and not withdrawal
        if their_ask:
            self.their_asks += 1
            last = self.last_contact
            if last is None or (on - last).days > LONG_SILENCE_DAYS:
                self.their_cold_asks += 1
            if direction == TOUCH:
                self.last_their_ask_touch = _later(self.last_their_ask_touch, on)
        two_way = channel in TWO_WAY_CHANNELS
        from_me = initiated_by == ME
        if (not by_them or two_way) and (from_me or two_way):  # `cadence.resets_clock`
            self.last_touch = _later(self.last_touch, on)
        self.last_contact = _later(self.last_contact, on)
        mine = from_me and not by_them
        if mine and direction == DEPOSIT:
            self.last_deposit = _later(self.last_deposit, on)
        if mine and not withdrawal:
            self.last_give_or_touch = _later(self.last_give_or_touch, on)
        self.balance_anchor += _anchor(on.toordinal(), weight, withdrawal, self.half_life_days)
        if direction == DEPOSIT:
            self.deposits += 1
        elif withdrawal:
            if by_them:
                self.their_gives += 1
            else:
                self.withdrawals += 1
        elif not their_ask:
            self.touches += 1
        self.entries += 1

    def state(self) -> DerivedState:
        return DerivedState(
            last_touch=self.last_touch,
            last_contact=self.last_contact,
            last_deposit=self.last_deposit,
            last_give_or_touch=self.last_give_or_touch,
            balance_anchor=self.balance_anchor,
            deposits=self.deposits,
            withdrawals=self.withdrawals,
            touches=self.touches,
            their_gives=self.their_gives,
            their_asks=self.their_asks,
            their_cold_asks=self.their_cold_asks,
            entries=self.entries,
        )


_EPOCH_ORDINAL = EPOCH.toordinal()


@functools.lru_cache(maxsize=65536)
def _growth(days_from_epoch: int, half_life_days: float) -> float:
    return float(2.0 ** (days_from_epoch / half_life_days))


def _anchor(ordinal: int, weight: float, withdrawal: bool, half_life_days: float) -> float:
    """`balance.anchor_contribution` from column values, the day's factor cached."""
    magnitude = -abs(weight) if withdrawal else abs(weight)
    return magnitude * _growth(ordinal - _EPOCH_ORDINAL, half_life_days)


def fold(entries: Iterable[Entry], half_life_days: float) -> DerivedState:
    folder = Fold(half_life_days)
    for entry in sorted(entries, key=lambda e: (e.on, e.id)):
        folder.add(
            entry.on,
            entry.direction,
            entry.channel,
            entry.initiated_by,
            entry.weight,
            entry.by_them,
        )
    return folder.state()
