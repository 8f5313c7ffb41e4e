"""Reciprocity: does this person give, ask, or only turn up when they need something?"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from goodwill.domain.dates import counted
from goodwill.domain.model import DerivedState


class Pattern(enum.StrEnum):
    NO_SIGNAL = "no-signal"
    GIVER = "mostly-gives"
    ASKER = "mostly-asks"
    SILENT_ASKER = "asks-after-silence"
    BALANCED = "balanced"


@dataclass(frozen=True, slots=True)
class Reciprocity:
    pattern: Pattern
    summary: str


def classify(state: DerivedState) -> Reciprocity:
    gives, asks, cold = state.their_gives, state.their_asks, state.their_cold_asks
    if gives == 0 and asks == 0:
        return Reciprocity(Pattern.NO_SIGNAL, "no gives or asks from them on record yet")
    counts = f"{counted(gives, 'give')} and {counted(asks, 'ask')} from them"
    if asks >= 2 and cold * 2 >= asks and gives == 0:
        return Reciprocity(
            Pattern.SILENT_ASKER,
            f"only appears after long silences with an ask ({cold} of {asks} asks came cold)",
        )
    if gives > asks:
        return Reciprocity(Pattern.GIVER, f"mostly gives: {counts}")
    if asks > gives:
        return Reciprocity(Pattern.ASKER, f"mostly asks: {counts}")
    return Reciprocity(Pattern.BALANCED, f"gives and asks in balance: {counts}")
