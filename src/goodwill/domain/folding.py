"""Text folded for comparison: case, accents and punctuation do not tell words apart."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+")

#: Letters that Unicode does not decompose into a base letter and an accent, as people
#: type them without it: "Søren" is "soren", "Mærsk" "maersk", "Łódź" "lodz" (after
#: `casefold`, which already makes "ß" "ss").
_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ħ": "h",
     "\u0131": "i", "ŧ": "t", "ŀ": "l"}  # U+0131 is the dotless i
)  # fmt: skip


class _Marks(dict[int, int | None]):
    """`str.translate`'s table that drops combining marks: each character is asked about
    once, and then looked up at C speed (a Python step per letter was most of the cost of
    folding an import's names)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _Marks()


def fold_letters(text: str) -> str:
    """Case and accents folded away, letter by letter (nothing else changes)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    if decomposed.isascii():  # no combining mark left to drop
        return decomposed
    return decomposed.translate(_MARKS)


def fold_text(text: str) -> str:
    """Lower case, accents removed, punctuation as spaces, spaces collapsed."""
    return " ".join(_NOT_WORD.sub(" ", fold_letters(text).replace("_", " ")).split())
