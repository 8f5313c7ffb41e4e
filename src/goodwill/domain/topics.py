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
    ]
)


def topics(tags: Iterable[str], texts: Iterable[str], limit: int = 8, about: str = "") -> list[str]:
    """The tags, then the most frequent meaningful words of `texts` (ties by first use);
    never a word of `about`, the person's own name ("Congrats, Maya!" is not a topic)."""
    chosen = list(dict.fromkeys(t for t in tags if t))
    named = set(_WORD.findall(about.lower()))
    counts: Counter[str] = Counter()
    for text in texts:
        for word in _WORD.findall(text.lower()):
            if len(word) > 2 and word not in STOP_WORDS and word not in named:
                counts[word] += 1
    for word, _count in counts.most_common():
        if len(chosen) >= limit:
            break
        if word not in chosen:
            chosen.append(word)
    return chosen[:limit]
