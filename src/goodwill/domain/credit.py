"""The ask guard's rule: an ask draws on credit, and only deposits build credit.

Touches keep a tie warm (they reset the cadence) but bank no goodwill. Credit
is the sum of what you gave (deposits) minus what you took (your asks, and
what they gave you), each entry decayed by the balance's half-life. It is the
balance without the touches, and it is kept the same way: one stored anchor
per person (`DerivedState.credit_anchor`), current on every ledger write and
folded by `domain.derive.Fold`, the one fold of writes and `reindex`.

An ask is *warm* when there is credit and it covers at least half the ask's
weight (`COVERED_SHARE`): a deposit as large as the ask keeps it warm for one
half-life. Otherwise it is *cold*, and the guard proposes a deposit first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from goodwill.domain.balance import balance_from_anchor, decay, signed_weight
from goodwill.domain.model import Direction, Entry, Person

#: The share of an ask's weight that credit must cover for the ask to be warm.
COVERED_SHARE = 0.5


def shown_against(credit: float, needed: float) -> tuple[str, str]:
    """Credit and what an ask needs, as text: one decimal, or as many more (up to four) as
    it takes for different amounts to read differently ("0.99" against "1.00", never "1.0"
    against "1.0" for an ask refused as cold)."""
    for places in range(1, 5):
        shown = f"{credit:.{places}f}", f"{needed:.{places}f}"
        if shown[0] != shown[1]:
            return shown
    return f"{credit:.1f}", f"{needed:.1f}"


def builds_credit(entry: Entry) -> bool:
    """Deposits and withdrawals move credit; touches (and their asks, stored as touches)
    do not."""
    return entry.direction is not Direction.TOUCH


def credit_on(person: Person, on: date, half_life_days: float) -> float:
    """A person's credit on a day, from the anchor their derived state keeps."""
    return balance_from_anchor(person.state.credit_anchor, on, half_life_days)


def credit_from(entries: Iterable[Entry], on: date, half_life_days: float) -> float:
    """Credit on a day from the entries themselves: for a day before later entries
    (a backdated ask), where the anchor would count what had not happened yet."""
    return sum(
        signed_weight(entry) * decay((on - entry.on).days, half_life_days)
        for entry in entries
        if entry.on <= on and builds_credit(entry)
    )


@dataclass(frozen=True, slots=True)
class AskVerdict:
    """The guard's answer for one ask: the credit there is, what the ask needs."""

    credit: float
    size: float
    needed: float
    cold: bool


def judge_ask(credit: float, size: float) -> AskVerdict:
    """The one rule: an ask of weight `size` is warm when credit is positive and
    covers `COVERED_SHARE` of it."""
    needed = max(size, 0.0) * COVERED_SHARE
    return AskVerdict(
        credit=credit, size=size, needed=needed, cold=not (credit > 0 and credit >= needed)
    )
