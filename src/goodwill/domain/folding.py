"""Text folded for comparison: case, accents and punctuation do not tell words apart."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+")


def fold_text(text: str) -> str:
    """Lower case, accents removed, punctuation as spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", stripped.replace("_", " ")).split())
