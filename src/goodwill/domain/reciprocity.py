"""Reciprocity: does this person give, ask, or only turn up when they need something?"""

from __future__ import annotations

import enum
from dataclasses import dataclass

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
    # Their side only, said of them: "0 gives" read as mine beside my own gives.
    if asks >= 2 and cold * 2 >= asks and gives == 0:
        return Reciprocity(
            Pattern.SILENT_ASKER,
            f"only appears after long silences with an ask ({cold} of {asks} asks came cold)",
        )
    if gives > asks:
        return Reciprocity(
            Pattern.GIVER, f"they mostly give: {_said('gave', gives, 'asked', asks)}"
        )
    if asks > gives:
        return Reciprocity(Pattern.ASKER, f"they mostly ask: {_said('asked', asks, 'gave', gives)}")
    return Reciprocity(Pattern.BALANCED, f"they give as much as they ask: each {_times(gives)}")


def _said(more: str, many: int, less: str, few: int) -> str:
    """ "they asked 3 times and gave once", "they asked once and never gave"."""
    rest = f"{less} {_times(few)}" if few else f"never {less}"
    return f"they {more} {_times(many)} and {rest}"


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"
