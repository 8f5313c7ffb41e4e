"""Topics: the words that recur in what a user wrote about a person.

A brief lists them so that a meeting starts from what the two of you talk about. Tags come
first (the user chose them); then the words that recur most in notes, without the common
words of English that say nothing about a topic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*[^\W_]|[^\W\d_]", re.UNICODE)

#: Words too common, or too much about the ledger itself, to name a topic.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "let",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "via",
        "met",
        "meet",
        "meeting",
        "call",
        "coffee",
        "sent",
        "said",
        "asked",
        "told",
        "got",
        "get",
        "will",
        "re",
        "fwd",
        "thanks",
        "thank",
        "hi",
        "hello",
        "chat",
        "catch",
        "catch-up",
        # The words of how an entry came about, not what it was about ("they suggested a
        # catch-up", "reached out about", "passed on the opening"): the ledger says those.
        "suggested",
        "suggest",
        "reached",
        "reach",
        "passed",
        "reviewed",
        "working",
        "work",
        "talked",
        "spoke",
        "discussed",
        "mentioned",
        "commented",
        "shared",
        "sharing",
        "explained",
        "sent",
        "told",
        "said",
        "showed",
        "wrote",
        "gave",
        "runs",
        "someone",
        "something",
        "intro",
        "introduced",
        "introduction",
        "follow",
        "followed",
        "new",
        "back",
        "see",
        "saw",
        "know",
        "want",
        "wants",
        "like",
        "one",
        "two",
        "next",
        "last",
        "week",
        "month",
        "year",
        "today",
        "yesterday",
        "tomorrow",
        # The kind of gathering where you met ("met at Berlin Product Night", "the PMI
        # chapter meetup last night"): how you met is its own line of a brief.
        "meetup",
        "night",
        "evening",
        "morning",
        "conference",
        "event",
        "summit",
        "workshop",
        "webinar",
        "dinner",
        "lunch",
        "breakfast",
        "drinks",
        "party",
        # Words of courtesy and of asking that any note may hold.
        "ask",
        "asks",
        "asking",
        "great",
        "good",
        "love",
        "loves",
        "loved",
        "connect",
        "connecting",
        "refer",
        "open",
        "useful",
        "introduce",
        "help",
        "helped",
        "helping",
        "happy",
        "nice",
        "quick",
        "please",
    ]
)


def topics(
    tags: Iterable[str], texts: Iterable[str], limit: int = 8, about: tuple[str, ...] = ()
) -> list[str]:
    """The tags, then the meaningful words of `texts` by the number of texts they are in
    (a word a note repeats counts once; ties by first use); never a word of `about`: the
    person's own name ("Congrats, Maya!" is not a topic), nor the user's."""
    chosen = list(dict.fromkeys(t for t in tags if t))
    named = {
        _bare(word)
        for name in about
        for spelled in (name.lower(), name.lower().replace("-", " "))  # "jean-luc", "jean"
        for word in _WORD.findall(spelled)
    }
    counts: Counter[str] = Counter()
    for text in texts:
        words = [_bare(word) for word in _WORD.findall(text.lower())]
        kept = (w for w in words if len(w) > 2 and w not in STOP_WORDS and w not in named)
        counts.update(dict.fromkeys(kept).keys())
    _fold_plurals(counts)
    taken = {_singular(tag.lower()) for tag in chosen}
    # `most_common` keeps the order words were first counted in among equals.
    for word, _count in counts.most_common():
        if len(chosen) >= limit:
            break
        if word not in taken:
            chosen.append(word)
            taken.add(word)
    return chosen[:limit]


def _bare(word: str) -> str:
    """A word without its possessive, whichever apostrophe it has: "maya's" is "maya"."""
    word = word.replace("\u2019", "'")
    return word[:-2] if word.endswith("'s") else word


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _fold_plurals(counts: Counter[str]) -> None:
    """A plural counts as its singular when both appear ("mentors" and "mentor")."""
    for word in [w for w in counts if _singular(w) != w and _singular(w) in counts]:
        counts[_singular(word)] += counts.pop(word)
