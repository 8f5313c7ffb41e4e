"""goodwill stems with Snowball's C stemmers (PyStemmer); documents written before were
stemmed by `snowballstemmer`'s pure-Python one. Both must give the same stems, or a search
would miss what an older version indexed."""

from __future__ import annotations

import re
from pathlib import Path

import snowballstemmer.english_stemmer

from goodwill.store import stemming

ROOT = Path(__file__).parents[2]
#: Real English: the exports in the fixtures, and the README and docs.
TEXTS = [
    ROOT / "README.md",
    *(ROOT / "docs").rglob("*.md"),
    *(ROOT / "tests" / "fixtures").rglob("*"),
]
#: Words whose stems Snowball's English algorithm treats specially.
TRICKY = [
    "generously",
    "dying",
    "lying",
    "tying",
    "news",
    "skies",
    "innings",
    "outing",
    "canning",
    "herring",
    "earring",
    "proceed",
    "exceed",
    "succeed",
    "gently",
    "early",
    "only",
    "singly",
    "andes",
    "atlas",
    "bias",
    "cosmos",
    "howe",
    "idly",
    "ugly",
    "geophysicist",
    "geophysics",
    "pricing",
    "priced",
    "experiments",
    "experimental",
    "communism",
    "communication",
    "arsenal",
    "arsenic",
    "universal",
    "university",
    "organization",
    "organise",
    "generalization",
    "relational",
]


def test_the_c_stemmer_gives_the_pure_python_stems() -> None:
    words = set(TRICKY)
    for path in TEXTS:
        if path.is_file():
            words.update(re.findall(r"[^\W\d_]+", path.read_bytes().decode("utf-8", "replace")))
    words = {stemming.folded(word) for word in words} - {""}
    assert len(words) > 2000
    stemmer = stemming._stemmer()
    assert type(stemmer).__module__ == "Stemmer", "PyStemmer is a dependency: it should be used"
    pure = snowballstemmer.english_stemmer.EnglishStemmer()
    differ = [(w, stemmer.stemWord(w), pure.stemWord(w)) for w in sorted(words)]
    assert [row for row in differ if row[1] != row[2]] == []
