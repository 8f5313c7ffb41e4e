"""Campaigns: twenty conversations, one specific question each, and a thank-you after.

A person moves to-ask → asked → scheduled → done → thanked, or to no-reply
when an ask goes unanswered for the campaign's number of days, and from
there asked again or moved-on. "No reply" is derived from the ask's date, so
nothing needs to run for it to happen.
"""

from __future__ import annotations

import enum
from datetime import date

from goodwill.domain.errors import BadInput

#: What a campaign asks for: thirty minutes of advice.
ASK_KIND = "asked-advice"


class Stage(enum.StrEnum):
    TO_ASK = "to-ask"
    ASKED = "asked"
    SCHEDULED = "scheduled"
    DONE = "done"
    THANKED = "thanked"
    NO_REPLY = "no-reply"
    MOVED_ON = "moved-on"


NEXT: dict[Stage, frozenset[Stage]] = {
    Stage.TO_ASK: frozenset({Stage.ASKED, Stage.MOVED_ON}),
    Stage.ASKED: frozenset({Stage.SCHEDULED, Stage.DONE, Stage.NO_REPLY, Stage.MOVED_ON}),
    Stage.SCHEDULED: frozenset({Stage.DONE, Stage.MOVED_ON}),
    Stage.DONE: frozenset({Stage.THANKED}),
    Stage.THANKED: frozenset(),
    Stage.NO_REPLY: frozenset({Stage.ASKED, Stage.SCHEDULED, Stage.MOVED_ON}),
    Stage.MOVED_ON: frozenset({Stage.TO_ASK}),
}

#: What to do next at each stage, in words.
NEXT_STEP: dict[Stage, str] = {
    Stage.TO_ASK: "ask for thirty minutes: their path, and feedback on one specific question",
    Stage.ASKED: "wait for a reply",
    Stage.SCHEDULED: "prepare your one question",
    Stage.DONE: "send a thank-you, with what you will do with their advice",
    Stage.THANKED: "keep them posted when something comes of it",
    Stage.NO_REPLY: "no reply: move on, or ask once more",
    Stage.MOVED_ON: "nothing: moved on",
}


def effective(stage: Stage, asked_on: date | None, on: date, no_reply_days: int) -> Stage:
    """An ask unanswered for `no_reply_days` reads as no-reply."""
    if stage is Stage.ASKED and asked_on is not None and (on - asked_on).days >= no_reply_days:
        return Stage.NO_REPLY
    return stage


def check_move(current: Stage, target: Stage) -> None:
    if target not in NEXT[current]:
        allowed = ", ".join(sorted(NEXT[current])) or "nothing (the last stage)"
        raise BadInput(f"cannot go from {current} to {target}: next can be {allowed}")


def progress(stages: list[Stage], goal: int) -> float:
    """Conversations held (done or thanked) as a share of the goal."""
    held = sum(1 for stage in stages if stage in (Stage.DONE, Stage.THANKED))
    return held / goal if goal else 0.0
