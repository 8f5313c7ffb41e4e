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


#: A side "mostly" gives or asks only with at least this many entries of its own...
LEAST_FOR_A_PATTERN = 3
#: ...and at least this many times the other side's: one ask is no habit, and three asks
#: beside two gives are give and take.
PATTERN_RATIO = 2


def classify(state: DerivedState) -> Reciprocity:
    """Their side of the give and take, in words. "They mostly ask" (or give) needs at least
    `LEAST_FOR_A_PATTERN` asks (gives) and `PATTERN_RATIO` times as many as their gives
    (asks): a single ask says nothing of a person yet, and the summary says so."""
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
        said = _said("gave", gives, "asked", asks)
        if _is_pattern(gives, asks):
            return Reciprocity(Pattern.GIVER, f"they mostly give: {said}")
    elif asks > gives:
        said = _said("asked", asks, "gave", gives)
        if _is_pattern(asks, gives):
            return Reciprocity(Pattern.ASKER, f"they mostly ask: {said}")
    else:
        return Reciprocity(Pattern.BALANCED, f"they give as much as they ask: each {_times(gives)}")
    if max(gives, asks) < LEAST_FOR_A_PATTERN:
        return Reciprocity(Pattern.NO_SIGNAL, f"too few to tell a pattern yet: {said}")
    return Reciprocity(Pattern.BALANCED, f"they give and ask alike: {said}")


def _is_pattern(more: int, fewer: int) -> bool:
    return more >= LEAST_FOR_A_PATTERN and more >= PATTERN_RATIO * fewer


def _said(more: str, many: int, less: str, few: int) -> str:
    """ "they asked 3 times and gave once", "they asked once and never gave"."""
    rest = f"{less} {_times(few)}" if few else f"never {less}"
    return f"they {more} {_times(many)} and {rest}"


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"
