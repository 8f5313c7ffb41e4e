"""The goodwill balance: deposits add, withdrawals subtract, old entries fade.

Each entry counts `weight x 2^(-age / half_life)`. Because the decay is
exponential, the sum over all entries on any day equals one stored number,
the *anchor* (the sum expressed at a fixed epoch), times the decay from the
epoch to that day. The store keeps the anchor current on every write, so a
balance is read without reading the ledger.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from goodwill.domain.model import Direction, Entry, Person

EPOCH = date(2000, 1, 1)
DEFAULT_HALF_LIFE_DAYS = 365


def signed_weight(entry: Entry) -> float:
    """Deposits and touches add, withdrawals subtract; weights are magnitudes."""
    magnitude = abs(entry.weight)
    return -magnitude if entry.direction is Direction.WITHDRAWAL else magnitude


def decay(age_days: float, half_life_days: float) -> float:
    """How much an entry of this age still counts (1 today, 1/2 after a half-life)."""
    return float(0.5 ** (max(age_days, 0.0) / half_life_days))


def anchor_contribution(entry: Entry, half_life_days: float) -> float:
    """The entry's share of the anchor: its weight moved to the epoch."""
    days_from_epoch = (entry.on - EPOCH).days
    return signed_weight(entry) * float(2.0 ** (days_from_epoch / half_life_days))


def balance_from_anchor(anchor: float, on: date, half_life_days: float) -> float:
    return anchor * decay_since_epoch(on, half_life_days)


def decay_since_epoch(on: date, half_life_days: float) -> float:
    """What the anchors of a day's balances are multiplied by: the same for every person,
    so a list of many balances computes it once."""
    return float(0.5 ** ((on - EPOCH).days / half_life_days))


@dataclass(frozen=True, slots=True)
class DayBalance:
    """Balances on one day from stored anchors, rounded to the cent as a person's view
    shows them: calling it gives one. `decay` is the day's `decay_since_epoch`, for writers
    of whole lists that turn an anchor straight into text (`domain.listing.json_cents`)."""

    decay: float

    def __call__(self, anchor: float) -> float:
        return round(anchor * self.decay, 2)


def balance_on(person: Person, on: date, half_life_days: float) -> float:
    """A person's balance on a day, from the anchor their derived state keeps."""
    return balance_from_anchor(person.state.balance_anchor, on, half_life_days)


@dataclass(frozen=True, slots=True)
class BalanceLine:
    """One ledger entry's part in a balance: the line-by-line explanation."""

    entry: Entry
    age_days: int
    factor: float
    points: float


@dataclass(frozen=True, slots=True)
class Breakdown:
    on: date
    total: float
    lines: tuple[BalanceLine, ...]


def explain(entries: Iterable[Entry], on: date, half_life_days: float) -> Breakdown:
    """The balance on a day and the entries that make it, newest first.

    Entries dated after `on` are not yet part of the balance.
    """
    lines = []
    for entry in entries:
        if entry.on > on:
            continue
        age = (on - entry.on).days
        factor = decay(age, half_life_days)
        lines.append(BalanceLine(entry, age, factor, signed_weight(entry) * factor))
    lines.sort(key=lambda line: (line.entry.on, line.entry.id), reverse=True)
    return Breakdown(on, sum(line.points for line in lines), tuple(lines))
