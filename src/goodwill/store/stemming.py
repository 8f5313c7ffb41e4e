"""English stems for full-text search, the same on SQLite and PostgreSQL.

Words are stemmed with the Snowball English stemmer (Snowball's C stemmers through
PyStemmer, which `snowballstemmer` uses when it is installed, else its pure-Python one: the
same stems) and stored beside the text, so both databases index the same terms and `help "geophysics"` finds a
"Geophysicist" on either. Names and companies are proper nouns: they are only folded
(case and accents), never stemmed.
"""

from __future__ import annotations

import functools
import re
from typing import Protocol

from goodwill.domain.folding import fold_text

_WORD = re.compile(r"\w+", re.UNICODE)
#: A query's stem at least this long also matches longer words that start with it
#: ("geophys" finds "geophysicist"); a shorter one would match too much ("art", "artist").
PREFIX_FROM = 5


class _Stemmer(Protocol):
    def stemWord(self, word: str) -> str: ...


@functools.cache
def _stemmer() -> _Stemmer:
    import snowballstemmer  # loaded by the commands that search or write documents

    stemmer: _Stemmer = snowballstemmer.stemmer("english")
    return stemmer


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of one folded word (cached: a vocabulary repeats)."""
    return _stemmer().stemWord(word)


def folded_text(text: str) -> str:
    """The text folded (case and accents): its words are its runs of word characters."""
    return fold_text(text) if not text.isascii() else text.lower()


#: Texts up to this long are remembered with their stems or folded words: a profile's
#: title, company and how we met repeat across an import's people; notes do not.
SHORT_TEXT = 100


def stems(text: str) -> str:
    """The stems of every word of `text`, in order, as one string of words."""
    return _short_stems(text) if len(text) <= SHORT_TEXT else _stems(text)


def folded(text: str) -> str:
    """The words of a proper noun, folded but not stemmed."""
    return _short_folded(text) if len(text) <= SHORT_TEXT else _folded(text)


def _stems(text: str) -> str:
    if text.isascii():
        return " ".join(map(stem, _WORD.findall(text.lower())))
    return " ".join(filter(None, map(_folded_stems, text.split())))


def _folded(text: str) -> str:
    if text.isascii():
        return " ".join(_WORD.findall(text.lower()))
    return " ".join(filter(None, map(_folded_token, text.split())))


# Folding goes character by character in Python: a note of thousands of characters costs
# milliseconds. Whitespace-separated tokens repeat (words and names do), and folding never
# joins or splits words across whitespace, so a text that is not all ASCII is folded one
# token at a time, each token once.


@functools.lru_cache(maxsize=65536)
def _folded_token(token: str) -> str:
    """The folded words of one token of a text that is not all ASCII."""
    return " ".join(_WORD.findall(fold_text(token)))


@functools.lru_cache(maxsize=65536)
def _folded_stems(token: str) -> str:
    """The stems of the words of one token of a text that is not all ASCII."""
    return " ".join(map(stem, _WORD.findall(fold_text(token))))


_short_stems = functools.lru_cache(maxsize=4096)(_stems)
_short_folded = functools.lru_cache(maxsize=4096)(_folded)


def query_terms(word: str) -> tuple[str, bool]:
    """(stem, as a prefix?) for one word of a query."""
    stemmed = stem(folded(word) or word)
    return stemmed, len(stemmed) >= PREFIX_FROM
