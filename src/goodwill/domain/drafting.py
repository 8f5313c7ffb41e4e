"""The words of a draft that depend on the person: whom to greet, how we know each other,
what our last exchange was about, and how it ends. Pure rules, tested on real-looking names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

#: Forms of address before a name, compared without a dot and case-folded.
HONORIFICS = frozenset(
    {"dr", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "rev", "fr"}
)
#: Longest topic a draft quotes: longer ones are cut back to a clause, or left out.
TOPIC_LENGTH = 60
#: Contact within this many days needs no "it has been a while".
RECENT_CONTACT_DAYS = 45
DEFAULT_SIGN_OFF = "Best,"

_REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|sv|vs|tr)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_GREETING = re.compile(
    r"^\s*(hi|hello|hey|dear|hallo|bonjour|good (morning|afternoon|evening))\b[^,.!?\n]{0,40}[,.!]\s*",
    re.IGNORECASE,
)
#: Openings of a message that carry no topic.
_SMALL_TALK = re.compile(
    r"(thanks|thank you|many thanks|cheers|congrat\w*|great to|nice to|good to|lovely to|"
    r"glad to|hope you|how are you|ok\b|okay|sounds good|see you|\()",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[.!?;\n]|\s[-\u2013\u2014]\s")  # a hyphen, en or em dash
#: A nickname in straight or curly double quotes: `Robert "Bob" Smith`. (Not single quotes:
#: "D'Angelo O'Brien" has two apostrophes; not brackets: "Maya Patel (Acme)".)
_NICKNAME = re.compile(r"[\"\u201c]([^\"\u201d]+)[\"\u201d]")


def _is_honorific(word: str) -> bool:
    return word.rstrip(".").casefold() in HONORIFICS


def _has_letters(word: str) -> bool:
    return any(ch.isalpha() for ch in word)


def first_name(name: str, given_name: str | None = None) -> str:
    """The name to greet someone by.

    The given name a source gave wins while it is still part of the name (a later rename
    to "Kobby Asante" makes "Kwabena" stale); else a nickname in quotes (`Robert "Bob"
    Smith`); else the first word that is neither a form of address ("Dr.", "Prof", "Sir")
    nor an emoji. A name of nothing else ("Dr. Who"? "Sir") keeps its last word.
    """
    words = name.split()
    if given_name:
        given = " ".join(w for w in given_name.split() if not _is_honorific(w))
        if given and given.casefold() in name.casefold():
            return given
    nickname = _NICKNAME.search(name)
    if nickname and len(words) > 1 and nickname[1].strip():
        return nickname[1].strip()
    for word in words:
        if not _is_honorific(word) and _has_letters(word):
            return word.strip(",")
    return words[-1] if words else name


def topic_phrase(note: str, about: str | None = None) -> str | None:
    """A last exchange as a short clean phrase, or None when there is none to quote.

    A phrase that names `about` (the first name of the person the draft is to) was written
    about them, not to them (a recommendation of them, my own note): it is never quoted back.

    A mail's subject loses its "Re:"/"Fwd:"; a message's text loses its greeting ("Hi
    Alex,") and its small talk ("Thanks!", "great to connect"), and gives its first clause
    left; a clause cut short by an importer ("…") is never quoted, nor one longer than
    `TOPIC_LENGTH`. Never half a sentence with an ellipsis.
    """
    text = _GREETING.sub("", _REPLY_PREFIX.sub("", " ".join(note.split())))
    truncated = text.endswith(("…", "..."))
    clauses = [part.strip(" ,") for part in _CLAUSE_END.split(text.rstrip("…").strip())]
    if truncated and clauses:
        clauses.pop()  # the importer cut it: its end, and so its meaning, is lost
    for clause in clauses:
        phrase = clause.rstrip(" ,;:?!")
        if _SMALL_TALK.match(phrase):
            continue
        if len(phrase.split()) >= 2 and len(phrase) <= TOPIC_LENGTH:
            return None if about and _names(phrase, about) else phrase
        return None
    return None


def _names(phrase: str, first_name: str) -> bool:
    """Whether `phrase` has `first_name` as a word of its own (case folded)."""
    wanted = first_name.casefold()
    return any(word.casefold() == wanted for word in re.findall(r"\w+", phrase))


@dataclass(frozen=True, slots=True)
class Acquaintance:
    """What is on record about how we know someone, for a first message."""

    met_on: date | None = None
    met_how: str | None = None
    introduced_by: str | None = None


def how_we_know(facts: Acquaintance) -> str | None:
    """One sentence on how we know each other, for someone never contacted; None if unknown.

    The introducer wins (a person is the warmest reason), then how and when we met: "We met
    at the PMI meetup in 2026.", "We connected on LinkedIn in 2019.".
    """
    year = f" in {facts.met_on.year}" if facts.met_on else ""
    if facts.introduced_by:
        return f"{facts.introduced_by} introduced us{year}."
    how = " ".join((facts.met_how or "").split()).rstrip(".")
    if not how:
        return f"We connected{year}." if facts.met_on else None
    lowered = how[0].lower() + how[1:]  # "Met at ..." as written by hand, not a proper name
    if lowered.startswith(("met ", "connected ", "worked ", "studied ")):
        return f"We {lowered}{year}."
    if lowered.startswith("invited to connect"):
        return f"You {lowered}{year}."
    return f"We know each other from {how}{year}."


def opener(last_contact: date | None, on: date, facts: Acquaintance) -> str:
    """The first line after the greeting: how we know them when never in touch, a note
    that it has been a while when it has, nothing when we spoke recently."""
    if last_contact is None:
        known = how_we_know(facts)
        return f"{known} I have been meaning to get in touch." if known else ""
    if (on - last_contact).days <= RECENT_CONTACT_DAYS:
        return ""
    return "It has been a while since we last spoke."


def sign_off(signature: str | None, my_name: str | None) -> str:
    """How a draft ends: the configured signature, else "Best," and my first name."""
    if signature:
        return signature.strip("\n")
    if my_name and my_name.split():
        return f"{DEFAULT_SIGN_OFF}\n{first_name(my_name)}"
    return DEFAULT_SIGN_OFF


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def when_ahead(day: date, on: date) -> str:
    """A day still to come as a message written on `on` names it: "today", "tomorrow",
    its weekday within the week ("Friday"), else its date ("December 12"); in English
    whatever the machine's locale, like the rest of the drafts."""
    ahead = (day - on).days
    if ahead <= 0:
        return "today"
    if ahead == 1:
        return "tomorrow"
    if ahead < 7:
        return _WEEKDAYS[day.weekday()]
    return f"{_MONTHS[day.month - 1]} {day.day}"
