"""Per-person derived state, folded from ledger entries in date order.

`apply` is what a write does to one person's state; `fold` is what `reindex`
does from the whole history. Both are the same function, so the two cannot
disagree as long as entries arrive in order; a write dated before the
person's latest contact refolds that person's history instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

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


def is_in_order(state: DerivedState, entry: Entry) -> bool:
    """True when applying `entry` on top of `state` equals refolding the history."""
    return state.last_contact is None or entry.on >= state.last_contact


def is_order_free(state: DerivedState, entry: Entry) -> bool:
    """True when the entry's date cannot matter: sums, counts and latest dates do not
    depend on order; only whether an ask from them came after a silence does."""
    return state.their_asks == 0 and not is_their_ask(entry.by_them, entry.direction)


def apply(state: DerivedState, entry: Entry, half_life_days: float) -> DerivedState:
    folder = Fold(half_life_days, state)
    _add_entry(folder, entry)
    return folder.state()


def _add_entry(folder: Fold, entry: Entry) -> None:
    folder.add(
        entry.on, entry.direction, entry.channel, entry.initiated_by, entry.weight, entry.by_them
    )


class Fold:
    """One person's history folded entry by entry, in date order: the rules of `apply`
    on a mutable accumulator, so that `reindex` and the bulk import path fold millions
    of rows without building a state per entry.

    Days are kept as ordinals (`date.toordinal`) until `state()`. `add` takes one entry's
    stored values (strings, or the enums, which equal them); `extend` takes many rows,
    with the day already an ordinal, as the store reads them.
    """

    __slots__ = (
        "balance_anchor",
        "credit_anchor",
        "deposits",
        "entries",
        "half_life_days",
        "last_contact",
        "last_deposit",
        "last_give_or_touch",
        "last_their_ask",
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
        self.last_touch = _ordinal(start.last_touch)
        self.last_contact = _ordinal(start.last_contact)
        self.last_deposit = _ordinal(start.last_deposit)
        self.last_give_or_touch = _ordinal(start.last_give_or_touch)
        #: Their latest ask (a touch from them), which the follow-up rule reads.
        self.last_their_ask: int | None = None
        self.balance_anchor = start.balance_anchor
        self.credit_anchor = start.credit_anchor
        self.deposits = start.deposits
        self.withdrawals = start.withdrawals
        self.touches = start.touches
        self.their_gives = start.their_gives
        self.their_asks = start.their_asks
        self.their_cold_asks = start.their_cold_asks
        self.entries = start.entries

    def add(
        self,
        on: date,
        direction: str,
        channel: str,
        initiated_by: str,
        weight: float,
        by_them: bool,
    ) -> None:
        self.extend([(0, on.toordinal(), direction, channel, initiated_by, weight, by_them)])

    def extend(self, rows: Iterable[Sequence[Any]]) -> None:
        """Fold rows in date order: (anything, day ordinal, direction, channel,
        initiated_by, weight, by_them, ...), the first and any further values ignored.

        One loop over local variables: `reindex` runs it for every entry of the ledger.
        """
        last_touch, last_contact = self.last_touch, self.last_contact
        last_deposit, last_give_or_touch = self.last_deposit, self.last_give_or_touch
        last_their_ask, anchor = self.last_their_ask, self.balance_anchor
        credit = self.credit_anchor
        deposits, withdrawals, touches = self.deposits, self.withdrawals, self.touches
        their_gives, their_asks, cold_asks = self.their_gives, self.their_asks, self.their_cold_asks
        entries = self.entries
        growth = _growth_table(self.half_life_days)
        for row in rows:
            on, direction, channel, initiated_by, weight, by_them = row[1:7]
            withdrawal = direction == WITHDRAWAL
            if by_them and not withdrawal:  # their ask
                their_asks += 1
                if last_contact is None or on - last_contact > LONG_SILENCE_DAYS:
                    cold_asks += 1
                if direction == TOUCH and (last_their_ask is None or on > last_their_ask):
                    last_their_ask = on
            if direction == DEPOSIT:
                deposits += 1
            elif withdrawal:
                if by_them:
                    their_gives += 1
                else:
                    withdrawals += 1
            elif not by_them:  # a touch, not their ask
                touches += 1
            two_way = channel in TWO_WAY_CHANNELS
            from_me = initiated_by == ME
            # `cadence.resets_clock`: what they hear from me, or a two-way meeting.
            resets_clock = (two_way or not by_them) and (two_way or from_me)
            if resets_clock and (last_touch is None or on > last_touch):
                last_touch = on
            if last_contact is None or on > last_contact:
                last_contact = on
            if from_me and not by_them and not withdrawal:
                if last_give_or_touch is None or on > last_give_or_touch:
                    last_give_or_touch = on
                if direction == DEPOSIT and (last_deposit is None or on > last_deposit):
                    last_deposit = on
            factor = growth.get(on)
            if factor is None:
                factor = growth[on] = _growth(on, self.half_life_days)
            signed = (-abs(weight) if withdrawal else abs(weight)) * factor
            anchor += signed
            if direction != TOUCH:  # `credit.builds_credit`: touches bank nothing
                credit += signed
            entries += 1
        self.last_touch, self.last_contact = last_touch, last_contact
        self.last_deposit, self.last_give_or_touch = last_deposit, last_give_or_touch
        self.last_their_ask, self.balance_anchor = last_their_ask, anchor
        self.credit_anchor = credit
        self.deposits, self.withdrawals, self.touches = deposits, withdrawals, touches
        self.their_gives, self.their_asks, self.their_cold_asks = their_gives, their_asks, cold_asks
        self.entries = entries

    @property
    def their_latest_ask(self) -> date | None:
        return _day(self.last_their_ask)

    @property
    def latest_give_or_touch(self) -> date | None:
        return _day(self.last_give_or_touch)

    def state(self) -> DerivedState:
        return DerivedState(
            last_touch=_day(self.last_touch),
            last_contact=_day(self.last_contact),
            last_deposit=_day(self.last_deposit),
            last_give_or_touch=_day(self.last_give_or_touch),
            balance_anchor=self.balance_anchor,
            credit_anchor=self.credit_anchor,
            deposits=self.deposits,
            withdrawals=self.withdrawals,
            touches=self.touches,
            their_gives=self.their_gives,
            their_asks=self.their_asks,
            their_cold_asks=self.their_cold_asks,
            entries=self.entries,
        )


def _ordinal(day: date | None) -> int | None:
    return None if day is None else day.toordinal()


def _day(ordinal: int | None) -> date | None:
    return None if ordinal is None else date.fromordinal(ordinal)


_EPOCH_ORDINAL = EPOCH.toordinal()
_GROWTH: dict[float, dict[int, float]] = {}


def _growth_table(half_life_days: float) -> dict[int, float]:
    """Day ordinal → the factor that moves a weight of that day to the epoch, per half-life."""
    return _GROWTH.setdefault(half_life_days, {})


def _growth(ordinal: int, half_life_days: float) -> float:
    """`balance.anchor_contribution`'s factor for a day."""
    return float(2.0 ** ((ordinal - _EPOCH_ORDINAL) / half_life_days))


def fold(entries: Iterable[Entry], half_life_days: float) -> DerivedState:
    folder = Fold(half_life_days)
    for entry in sorted(entries, key=lambda e: (e.on, e.id)):
        _add_entry(folder, entry)
    return folder.state()
