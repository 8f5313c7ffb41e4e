"""Text folded for comparison: case, accents and punctuation do not tell words apart."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+")

#: Letters that Unicode does not decompose into a base letter and an accent, as people
#: type them without it: "Søren" is "soren", "Mærsk" "maersk", "Łódź" "lodz" (after
#: `casefold`, which already makes "ß" "ss"); and the letters that it would, but whose
#: romanisation is a letter of its own, so they are spelled before the accents go:
#: Cyrillic "й" is "y" (not an "i" with a breve), "ё" "yo" (Фёдор is "fyodor"),
#: Macedonian "ѓ" and "ќ" "gj" and "kj"; and a Greek vowel with a diaeresis is a vowel of
#: its own, not one of a pair ("Ταΰγετος" is "taygetos", not "tavgetos").
_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ħ": "h",
     "\u0131": "i", "ŧ": "t", "ŀ": "l", "й": "y", "ї": "yi", "ё": "yo", "ѓ": "gj",
     "ќ": "kj", "ϊ": "i", "ΐ": "i", "ϋ": "y", "ΰ": "y"}  # U+0131 is the dotless i
)  # fmt: skip
#: "ё" after "ж", "ч", "ш" or "щ" is spelled "e", as in Gorbachev and Khrushchev.
_HUSHED_YO = re.compile("(?<=[жчшщ])ё")
#: "đ" is "dj" in Serbian and Croatian, as Cyrillic "ђ" is ("Đuro" and "Ђуро" are both
#: "djuro"), and "d" in Vietnamese ("Đặng" is "dang"). A word is Vietnamese when a vowel
#: in it carries a mark (decomposed): a tone ("ặ", "ế", "ồ", "ữ") or the letters "ă", "â",
#: "ê", "ô", "ơ" and "ư", as Serbian and Croatian mark no vowel; or, unmarked, when it
#: ends as only Vietnamese words do, in "nh", "ng" or "ch" ("Đinh"). Word by word, so
#: that a name's key and its search words, folded a word at a time, agree.
_WORD_WITH_DJ = re.compile(r"\w*đ\w*")
_VIETNAMESE = re.compile("[aeiouy][\u0300-\u036f]|(?:nh|ng|ch)$")

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
#: (Stavros, Evangelos), "γγ" "ng"; and at the start of a word "μπ", "ντ" and "γκ" are
#: "b", "d" and "g" (Babis, Dinos, Gikas), "μπ" within one "mb" (Lambros).
_GREEK = str.maketrans(
    {"α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
     "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
     "ρ": "r", "σ": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o"}
)  # fmt: skip
_GREEK_PAIRS = re.compile(r"(?<!\w)(?P<start>μπ|ντ|γκ)|ου|αυ|ευ|ηυ|γγ|μπ")
_GREEK_PAIR = {"ου": "ou", "αυ": "av", "ευ": "ev", "ηυ": "iv", "γγ": "ng", "μπ": "mb"}
_GREEK_WORD_START = {"μπ": "b", "ντ": "d", "γκ": "g"}
_GREEK_LETTER = re.compile("[\u0370-\u03ff]")


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
    (nothing else changes). Composed and decomposed forms of a letter ("й" typed as one
    character or as "и" and a breve, as some vCards store it) fold alike."""
    if text.isascii():
        return text.casefold()
    lowered = unicodedata.normalize("NFC", text.casefold())  # "ΰ" casefolds to 3 characters
    if "ё" in lowered:
        lowered = _HUSHED_YO.sub("e", lowered)
    if "đ" in lowered:
        lowered = _WORD_WITH_DJ.sub(_dj_unless_vietnamese, lowered)
    decomposed = unicodedata.normalize("NFKD", lowered.translate(_LETTERS))
    if decomposed.isascii():  # no combining mark left to drop
        return decomposed
    folded = decomposed.translate(_MARKS)
    if folded.isascii() or _GREEK_LETTER.search(folded) is None:
        return folded
    return _GREEK_PAIRS.sub(_greek_pair, folded).translate(_GREEK)


def _dj_unless_vietnamese(word: re.Match[str]) -> str:
    vietnamese = _VIETNAMESE.search(unicodedata.normalize("NFD", word[0])) is not None
    return word[0] if vietnamese else word[0].replace("đ", "dj")


def _greek_pair(pair: re.Match[str]) -> str:
    return _GREEK_WORD_START[pair[0]] if pair["start"] else _GREEK_PAIR[pair[0]]


def fold_text(text: str) -> str:
    """Lower case, accents removed, punctuation as spaces, spaces collapsed."""
    return " ".join(_NOT_WORD.sub(" ", fold_letters(text).replace("_", " ")).split())
