"""Who knows whom, as a rule: which groups make ties, how strong each kind is, and how
warm a person is to ask."""

from __future__ import annotations

from datetime import date

#: A message, meeting or event with more people than this does not make everyone in it
#: know each other (a company-wide mail, a conference): it makes no ties at all.
MAX_GROUP = 30

#: Tie strengths by how two people know each other, strongest first: what a path through
#: them is worth. A tie you state yourself is the surest; one they were introduced through
#: nearly as sure; being in a room or a thread together says less the more people were in it.
STRENGTH = {
    "knows": 0.8,  # you said so (`goodwill knows`)
    "introduced": 0.7,  # one introduced you to the other
    "colleague": 0.5,  # the same company, as your records say
    "together": 0.4,  # logged in one entry with you (a lunch for three)
    "event": 0.3,  # met at the same event
    "co-recipient": 0.3,  # on the same mail thread
    "group-chat": 0.2,  # in the same group chat, which can be large and idle
}

#: Warmth is a floor for being in the network at all, plus goodwill banked, plus recency.
WARMTH_FLOOR = 0.2
#: How much of warmth the balance can give, and the balance at which it gives half of it.
BANKED_WEIGHT, BANKED_HALF = 0.5, 3.0
#: How much of warmth recent contact can give, halving with each year of silence.
RECENCY_WEIGHT, RECENCY_HALF_DAYS = 0.3, 365


def warmth(balance: float, last_contact: date | None, on: date) -> float:
    """0.2 (in the network) .. 1 (much goodwill, recent contact): how readily a person
    would help or introduce you."""
    banked = 1 - 0.5 ** (max(balance, 0.0) / BANKED_HALF)
    recency = (
        0.0
        if last_contact is None
        else 0.5 ** (max((on - last_contact).days, 0) / RECENCY_HALF_DAYS)
    )
    return float(WARMTH_FLOOR + BANKED_WEIGHT * banked + RECENCY_WEIGHT * recency)


def known_directly(last_contact: date | None) -> bool:
    """Someone I have been in touch with (any ledger entry) I can simply ask: a path never
    asks for an introduction to them, and to reach their company, asking them comes
    before any introduction to a colleague of theirs."""
    return last_contact is not None
