"""Text folded for comparison: case, accents and punctuation do not tell words apart."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+")

#: Letters that Unicode does not decompose into a base letter and an accent, as people
#: type them without it: "Søren" is "soren", "Mærsk" "maersk", "Łódź" "lodz" (after
#: `casefold`, which already makes "ß" "ss"); and the Cyrillic letters that it would, but
#: whose romanisation is a letter of its own ("й" is "y", not an "i" with a breve).
_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ħ": "h",
     "\u0131": "i", "ŧ": "t", "ŀ": "l", "й": "y", "ї": "yi"}  # U+0131 is the dotless i
)  # fmt: skip

#: Cyrillic and Greek letters in Latin ones, as names are spelled in Latin script (the
#: common English-style romanisation; a spelling a letter off, "Sergei" for "Sergey", is
#: found by the fuzzy match): "Мария Иванова" is "mariya ivanova", "Παπαδόπουλος"
#: "papadopoulos". Other scripts stay as they are: Chinese characters or kanji have no
#: spelling without a dictionary of readings.
_CYRILLIC = {
    # Russian, then Ukrainian, Belarusian, Serbian and Macedonian letters
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "є": "ye", "і": "i", "ґ": "g", "ў": "u", "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj",
    "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
}  # fmt: skip
#: Greek letters (final sigma is already sigma after `casefold`), after the pairs that
#: are spelled together: "ου" is "ou" (Papadopoulos), "αυ" and "ευ" "av" and "ev"
#: (Stavros, Evangelos), "γγ" "ng".
_GREEK = str.maketrans(
    {"α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
     "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
     "ρ": "r", "σ": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o"}
)  # fmt: skip
_GREEK_PAIRS = re.compile("ου|αυ|ευ|ηυ|γγ")
_GREEK_PAIR = {"ου": "ou", "αυ": "av", "ευ": "ev", "ηυ": "iv", "γγ": "ng"}
_GREEK_WORD = re.compile("[\u0370-\u03ff]+")


class _Marks(dict[int, int | str | None]):
    """`str.translate`'s table that drops combining marks and romanises Cyrillic letters:
    each character is asked about once, and then looked up at C speed (a Python step per
    letter was most of the cost of folding an import's names)."""

    def __missing__(self, code: int) -> int | str | None:
        char = chr(code)
        kept = None if unicodedata.combining(char) else _CYRILLIC.get(char, code)
        self[code] = kept
        return kept


_MARKS = _Marks()


def fold_letters(text: str) -> str:
    """Case and accents folded away, and Cyrillic and Greek letters spelled in Latin ones
    (nothing else changes)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    if decomposed.isascii():  # no combining mark left to drop
        return decomposed
    folded = decomposed.translate(_MARKS)
    if folded.isascii():
        return folded
    return _GREEK_WORD.sub(_romanised_greek, folded)


def _romanised_greek(word: re.Match[str]) -> str:
    paired = _GREEK_PAIRS.sub(lambda pair: _GREEK_PAIR[pair[0]], word[0])
    return paired.translate(_GREEK)


def fold_text(text: str) -> str:
    """Lower case, accents removed, punctuation as spaces, spaces collapsed."""
    return " ".join(_NOT_WORD.sub(" ", fold_letters(text).replace("_", " ")).split())
