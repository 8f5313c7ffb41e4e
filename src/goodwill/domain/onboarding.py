"""Who should be inner circle and who an active tie, judged from what the ledger shows.

After a first import everyone is an acquaintance, due once a year: week one would be notes
to strangers. Onboarding proposes the few people the evidence says you are close to. The
score is deliberately plain, so that the evidence shown beside it explains it: meetings
count most (two-way, arranged), then recommendations you wrote, then mail and messages,
among a person's newest entries; the number of all their entries adds its logarithm;
what happened in the last year counts double; a contact in the last three months and a
tie of many years add a little; people who only ever wrote to you count less.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from goodwill.domain.model import Tier

DEFAULT_INNER = 15
DEFAULT_ACTIVE = 50
#: Below these scores a person is not proposed at all, however few candidates there are.
MIN_INNER_SCORE = 12.0
MIN_ACTIVE_SCORE = 3.0
#: Inner circle means recent and repeated: nobody silent for longer than this, nor anyone
#: with fewer entries, is proposed for it.
INNER_SILENCE_DAYS = 365
MIN_INNER_ENTRIES = 3
RECENT_DAYS = 365

_WEIGHTS = {"meetings": 3.0, "recommendations": 4.0, "mails": 1.0, "messages": 1.0}


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the ledger says about one person."""

    mails: int = 0
    meetings: int = 0
    messages: int = 0
    recommendations: int = 0
    from_them: int = 0
    #: Entries within the last `RECENT_DAYS`.
    recent: int = 0
    #: The entries counted above (a person's newest ones), and all of the person's entries.
    entries: int = 0
    total: int = 0
    last_contact: date | None = None
    known_since: date | None = None

    def reasons(self, on: date) -> list[str]:
        """The evidence in words, strongest first: what the user sees to decide in seconds."""
        found: list[str] = []
        if self.total > self.entries:
            found.append(f"{self.total:,} entries in all; of the newest {self.entries}:")
        for count, one, many in (
            (self.meetings, "meeting", "meetings"),
            (self.recommendations, "recommendation you wrote", "recommendations you wrote"),
            (self.mails, "mail thread-day", "mail thread-days"),
            (self.messages, "LinkedIn message day", "LinkedIn message days"),
        ):
            if count:
                found.append(f"{count} {one if count == 1 else many}")
        if self.recent:
            found.append(f"{self.recent} in the last year")
        if self.last_contact is not None:
            found.append(f"last contact {self.last_contact.isoformat()}")
        if self.known_since is not None:
            years = (on - self.known_since).days // 365
            if years >= 1:
                found.append(f"known {years} year{'s' if years != 1 else ''}")
        return found


def score(evidence: Evidence, on: date) -> float:
    """How close the evidence says you are: higher is closer (see the module's docstring)."""
    weighted = float(sum(getattr(evidence, name) * weight for name, weight in _WEIGHTS.items()))
    share_recent = evidence.recent / evidence.entries if evidence.entries else 0.0
    value = weighted * (1.0 + share_recent) + math.log2(1 + max(evidence.total, evidence.entries))
    if evidence.entries and evidence.from_them == evidence.entries:
        value *= 0.5  # only they ever wrote: a tie you have not kept up yourself
    if evidence.last_contact is not None:
        silent = (on - evidence.last_contact).days
        value += 5.0 if silent <= 90 else 2.0 if silent <= RECENT_DAYS else 0.0
    if evidence.known_since is not None:
        value += min((on - evidence.known_since).days / 365, 10.0) * 0.3
    return round(value, 2)


def propose_tier(
    ranked: list[tuple[float, Evidence]], on: date, inner: int, active: int
) -> list[Tier | None]:
    """For people ranked by score (highest first): inner, active, or None (not proposed).

    The top `inner` with a score of at least `MIN_INNER_SCORE`, a contact in the last year
    and `MIN_INNER_ENTRIES` entries go inner; the next `active` with at least
    `MIN_ACTIVE_SCORE` and more than one exchange (or a recommendation you wrote) go active.
    """
    tiers: list[Tier | None] = []
    inner_left, active_left = inner, active
    for value, evidence in ranked:
        recent = (
            evidence.last_contact is not None
            and (on - evidence.last_contact).days <= INNER_SILENCE_DAYS
        )
        repeated = evidence.entries >= MIN_INNER_ENTRIES
        if inner_left and value >= MIN_INNER_SCORE and recent and repeated:
            tiers.append(Tier.INNER)
            inner_left -= 1
        elif (
            active_left
            and value >= MIN_ACTIVE_SCORE
            and (evidence.entries >= 2 or evidence.recommendations)
        ):
            tiers.append(Tier.ACTIVE)
            active_left -= 1
        else:
            tiers.append(None)
    return tiers
