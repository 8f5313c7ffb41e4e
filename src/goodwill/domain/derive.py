"""Per-person derived state, folded from ledger entries in date order.

`apply` is what a write does to one person's state; `fold` is what `reindex`
does from the whole history. Both are the same function, so the two cannot
disagree as long as entries arrive in order; a write dated before the
person's latest contact refolds that person's history instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from goodwill.domain.balance import EPOCH
from goodwill.domain.model import (
    TWO_WAY_CHANNELS,
    Channel,
    DerivedState,
    Direction,
    Entry,
    Initiator,
    is_their_ask,
    tells_what_they_know,
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


#: The values an entry's code packs (`entry_code`), each by its position here.
DIRECTIONS, CHANNELS, INITIATORS = tuple(Direction), tuple(Channel), tuple(Initiator)


def entry_code(direction: str, channel: str, initiated_by: str, by_them: bool) -> int:
    """What folding needs of an entry besides its day and weight, as one small integer.

    The store computes the same number in SQL for every row it folds, so that `reindex`
    reads one integer per entry instead of four strings, and `Fold` looks up what the
    entry does in `_EFFECTS` instead of comparing the strings again for every entry.
    """
    code = DIRECTIONS.index(Direction(direction)) * len(CHANNELS)
    code = (code + CHANNELS.index(Channel(channel))) * len(INITIATORS)
    return (code + INITIATORS.index(Initiator(initiated_by))) * 2 + int(by_them)


#: The counters an entry adds one to (`_Effect.counter`), in `Fold.counts`.
DEPOSITS, WITHDRAWALS, TOUCHES, THEIR_GIVES, NOT_COUNTED = range(5)


class _Effect(NamedTuple):
    """What an entry of one code does to a fold (the rules `Fold.extend` applies)."""

    withdrawal: bool
    their_ask: bool  # an ask from them (stored as a touch or a deposit from them)
    their_touch_ask: bool  # the kind of ask the follow-up rule reads
    counter: int
    resets_clock: bool  # `cadence.resets_clock`: what they hear from me, or a two-way meeting
    gives_or_touches: bool  # mine, and not an ask
    deposit: bool
    builds_credit: bool  # `credit.builds_credit`: touches bank nothing


def _effect(
    direction: Direction, channel: Channel, initiated_by: Initiator, by_them: bool
) -> _Effect:
    withdrawal = direction == WITHDRAWAL
    their_ask = by_them and not withdrawal
    if direction == DEPOSIT:
        counter = DEPOSITS
    elif withdrawal:
        counter = THEIR_GIVES if by_them else WITHDRAWALS
    else:
        counter = NOT_COUNTED if by_them else TOUCHES
    two_way = channel in TWO_WAY_CHANNELS
    from_me = initiated_by == ME
    return _Effect(
        withdrawal=withdrawal,
        their_ask=their_ask,
        their_touch_ask=their_ask and direction == TOUCH,
        counter=counter,
        resets_clock=(two_way or not by_them) and (two_way or from_me),
        gives_or_touches=from_me and not by_them and not withdrawal,
        deposit=direction == DEPOSIT,
        builds_credit=direction != TOUCH,
    )


#: Each code's effect, by code (`entry_code`).
_EFFECTS = tuple(
    _effect(direction, channel, initiated_by, by_them)
    for direction in DIRECTIONS
    for channel in CHANNELS
    for initiated_by in INITIATORS
    for by_them in (False, True)
)


#: Whether an entry of each code tells what the person knows (`tells_what_they_know`),
#: by code: which notes `help` searches, whether written one by one or refolded.
_TELLS_WHAT_THEY_KNOW = tuple(
    tells_what_they_know(by_them, direction)
    for direction in DIRECTIONS
    for _channel in CHANNELS
    for _initiated_by in INITIATORS
    for by_them in (False, True)
)


def code_tells_what_they_know(code: int) -> bool:
    """`tells_what_they_know` of an entry given by its `entry_code`, as the store reads it."""
    return _TELLS_WHAT_THEY_KNOW[code]


class Fold:
    """One person's history folded entry by entry, in date order: the rules of `apply`
    on a mutable accumulator, so that `reindex` and the bulk import path fold millions
    of rows without building a state per entry.

    Days are kept as ordinals (`date.toordinal`) until `state()`, 0 standing for none
    (every real day is later). `add` takes one entry's stored values (strings, or the
    enums, which equal them); `extend` takes many rows, with the day already an ordinal
    and the rest as an `entry_code`, as the store reads them.
    """

    __slots__ = (
        "balance_anchor",
        "counts",
        "credit_anchor",
        "entries",
        "half_life_days",
        "last_contact",
        "last_deposit",
        "last_give_or_touch",
        "last_their_ask",
        "last_touch",
        "their_asks",
        "their_cold_asks",
    )

    def __init__(self, half_life_days: float, state: DerivedState | None = None) -> None:
        start = state or DerivedState()
        self.half_life_days = half_life_days
        self.last_touch = _ordinal(start.last_touch)
        self.last_contact = _ordinal(start.last_contact)
        self.last_deposit = _ordinal(start.last_deposit)
        self.last_give_or_touch = _ordinal(start.last_give_or_touch)
        #: Their latest ask (a touch from them), which the follow-up rule reads.
        self.last_their_ask = 0
        self.balance_anchor = start.balance_anchor
        self.credit_anchor = start.credit_anchor
        #: Entries per counter, in the order of `DEPOSITS` … `NOT_COUNTED`.
        self.counts = [start.deposits, start.withdrawals, start.touches, start.their_gives, 0]
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
        code = entry_code(direction, channel, initiated_by, by_them)
        self.extend([(0, on.toordinal(), code, weight)])

    def extend(self, rows: Iterable[Sequence[Any]]) -> None:
        """Fold rows in date order: (anything, day ordinal, `entry_code`, weight, ...), the
        first and any further values ignored.

        One loop over local variables: `reindex` runs it for every entry of the ledger.
        """
        last_touch, last_contact = self.last_touch, self.last_contact
        last_deposit, last_give_or_touch = self.last_deposit, self.last_give_or_touch
        last_their_ask, anchor = self.last_their_ask, self.balance_anchor
        credit, counts = self.credit_anchor, self.counts
        their_asks, cold_asks = self.their_asks, self.their_cold_asks
        entries = self.entries
        growth = _growth_table(self.half_life_days)
        effects = _EFFECTS
        for row in rows:
            on, code, weight = row[1], row[2], row[3]
            (
                withdrawal,
                their_ask,
                their_touch_ask,
                counter,
                resets_clock,
                gives_or_touches,
                deposit,
                builds_credit,
            ) = effects[code]
            if their_ask:
                their_asks += 1
                if on - last_contact > LONG_SILENCE_DAYS:
                    cold_asks += 1
                if their_touch_ask and on > last_their_ask:
                    last_their_ask = on
            counts[counter] += 1
            if resets_clock and on > last_touch:
                last_touch = on
            if on > last_contact:
                last_contact = on
            if gives_or_touches:
                if on > last_give_or_touch:
                    last_give_or_touch = on
                if deposit and on > last_deposit:
                    last_deposit = on
            factor = growth.get(on)
            if factor is None:
                factor = growth[on] = _growth(on, self.half_life_days)
            signed = (-abs(weight) if withdrawal else abs(weight)) * factor
            anchor += signed
            if builds_credit:
                credit += signed
            entries += 1
        self.last_touch, self.last_contact = last_touch, last_contact
        self.last_deposit, self.last_give_or_touch = last_deposit, last_give_or_touch
        self.last_their_ask, self.balance_anchor = last_their_ask, anchor
        self.credit_anchor = credit
        self.their_asks, self.their_cold_asks = their_asks, cold_asks
        self.entries = entries

    @property
    def their_latest_ask(self) -> date | None:
        return _day(self.last_their_ask)

    @property
    def latest_give_or_touch(self) -> date | None:
        return _day(self.last_give_or_touch)

    def state(self) -> DerivedState:
        deposits, withdrawals, touches, their_gives, _ = self.counts
        return DerivedState(
            last_touch=_day(self.last_touch),
            last_contact=_day(self.last_contact),
            last_deposit=_day(self.last_deposit),
            last_give_or_touch=_day(self.last_give_or_touch),
            balance_anchor=self.balance_anchor,
            credit_anchor=self.credit_anchor,
            deposits=deposits,
            withdrawals=withdrawals,
            touches=touches,
            their_gives=their_gives,
            their_asks=self.their_asks,
            their_cold_asks=self.their_cold_asks,
            entries=self.entries,
        )


def _ordinal(day: date | None) -> int:
    """A day as `Fold` keeps it: its ordinal, or 0 for none."""
    return 0 if day is None else day.toordinal()


def _day(ordinal: int) -> date | None:
    return date.fromordinal(ordinal) if ordinal else None


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
