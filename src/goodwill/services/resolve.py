"""Finding the person a user means: by id, email, exact name, prefix, then fuzzy name.

To read (`show`, `balance`, `path`), a prefix or a near spelling that fits one person
names them. To change someone (`log`, `edit`, `snooze`, `knows`...), a query shorter than
`SURE_LETTERS` letters must be whole words of their name: "an" is refused (`TooShort`,
with the candidates) rather than silently meaning Ana, while "Bo" still means Bo Chen.
Letters are counted as typed, not as folded: "Щ" is one letter, though it is spelled
"shch". A query with no letters to look up by ("ъ", which folds to nothing) names nobody.
"""

from __future__ import annotations

import re

from goodwill.domain import limits
from goodwill.domain.errors import Ambiguous, NotFound, TooShort
from goodwill.domain.model import Person
from goodwill.domain.similarity import (
    NAME_LEAD,
    NAME_MATCH,
    NAME_SUGGESTION,
    SAME_NAME,
    SUGGESTION_SPREAD,
    name_words,
)
from goodwill.store.database import UnitOfWork
from goodwill.store.people import name_key

MAX_CANDIDATES = 8
#: Letters a query must have to name someone to change by part of a word, or by a near
#: spelling.
SURE_LETTERS = 3
_WORD = re.compile(r"\w+")
#: One letter (or digit) as typed: a combining accent is part of the letter before it.
_LETTER = re.compile(r"[^\W_]")


def _labels(uow: UnitOfWork, ids: list[int]) -> list[tuple[int, str]]:
    return [
        (person.id, person.name + (f" ({person.fields.company})" if person.fields.company else ""))
        for person in uow.people.get_many(ids[:MAX_CANDIDATES])
    ]


def resolve(uow: UnitOfWork, query: str, *, exact: bool = False, writing: bool = False) -> Person:
    """The one person `query` names, or NotFound / Ambiguous with the candidates.

    `exact` (for deleting and merging) accepts only an #id, an email or the whole
    name: a prefix or a typo must not pick someone to destroy. `writing` (for any other
    change) refuses a query of fewer than `SURE_LETTERS` letters that is not whole words
    of the one name it finds (`TooShort`).
    """
    text = query.strip()
    if not text:
        raise NotFound("a person's name, email or #id is needed")
    limits.check_text("person", text, limits.EMAIL)
    digits = text.removeprefix("#")
    if digits.isascii() and digits.isdecimal():
        if len(digits) > len(str(limits.ROW_ID)) or not limits.names_a_row(int(digits)):
            raise NotFound(f"no person with id {digits}")
        person = uow.people.get(int(digits))
        if person is None:
            raise NotFound(f"no person with id {digits}")
        return person
    if "@" in text:
        found = uow.people.id_by_email(text)
        if found is None:
            raise NotFound(f"no person with email {text}")
        return _one(uow, found)
    key = name_key(text)
    if not key:
        raise NotFound(f"'{text}' has no letters to look up: use their #id or email")
    unsure = writing and len(_LETTER.findall(text)) < SURE_LETTERS
    for prefix in (False,) if exact else (False, True):
        ids = uow.people.ids_by_name_key(key, prefix=prefix, limit=MAX_CANDIDATES + 1)
        if len(ids) == 1:
            person = _one(uow, ids[0])
            if unsure and not _whole_words(key, person.name):
                raise TooShort(text, _labels(uow, ids))
            return person
        if ids:
            raise Ambiguous(text, _labels(uow, ids))
    if exact:
        raise NotFound(f"no one is named exactly '{text}': use their #id, email or whole name")
    return _fuzzy(uow, text, key, unsure=unsure)


def namesakes(uow: UnitOfWork, name: str) -> list[int]:
    """Who already has `name`, as `add` refuses it and an event takes a guest for someone
    known: the same folded name (an indexed lookup), else names near-identical to it
    (`SAME_NAME`), most alike first, then oldest; at most `MAX_CANDIDATES`."""
    key = name_key(name)
    if not key:
        return []
    same = uow.people.ids_by_name_key(key, limit=MAX_CANDIDATES)
    if same:
        return same
    from rapidfuzz import fuzz, process, utils

    # `default_process` makes a stored key (folded, punctuation kept) its `name_words`,
    # at C speed: punctuation to spaces, which the scorer splits on.
    matches = process.extract(
        name_words(name),
        uow.people.name_keys(),
        scorer=fuzz.token_sort_ratio,
        processor=utils.default_process,
        limit=MAX_CANDIDATES,
        score_cutoff=SAME_NAME,
    )
    return [pid for _key, _score, pid in sorted(matches, key=lambda m: (-m[1], m[2]))]


def known_as(uow: UnitOfWork, name: str) -> Person | None:
    """The one person who already has `name` (`namesakes`), None when nobody does, and
    `Ambiguous` with the candidates when several do."""
    found = namesakes(uow, name)
    if len(found) > 1:
        raise Ambiguous(name, _labels(uow, found))
    return _one(uow, found[0]) if found else None


def _whole_words(key: str, name: str) -> bool:
    """The key is whole words of the name, in a row ("bo" of Bo Chen or of Ana Bo, not
    "an" of Ana)."""
    wanted, words = _WORD.findall(key), _WORD.findall(name_key(name))
    return bool(wanted) and any(
        words[at : at + len(wanted)] == wanted for at in range(len(words) - len(wanted) + 1)
    )


def _spelled_like(key: str, name: str) -> bool:
    """Whether each word of the key is a spelling of a word of the name: near it, and with
    its first letter ("Goldburg", "Deigo"), not letters found inside another word ("ana"
    and "naka" in "Tanaka"), which a ratio over the whole name would count as a match."""
    from rapidfuzz import fuzz

    words = _WORD.findall(name)
    return all(
        any(w[0] == word[0] and fuzz.ratio(word, w) >= NAME_SUGGESTION for w in words)
        for word in _WORD.findall(key)
    )


def _one(uow: UnitOfWork, person_id: int) -> Person:
    person = uow.people.get(person_id)
    if person is None:  # pragma: no cover - the id came from the same transaction
        raise NotFound(f"no person with id {person_id}")
    return person


def _fuzzy(uow: UnitOfWork, text: str, key: str, *, unsure: bool) -> Person:
    """The one name near enough to `key`; when `unsure` (a short query for a change), only
    a name that has it as whole words, else it is a candidate."""
    from rapidfuzz import fuzz, process, utils

    names = uow.people.name_keys()
    matches = process.extract(
        utils.default_process(key),
        names,
        scorer=fuzz.WRatio,
        processor=None,
        limit=MAX_CANDIDATES,
        score_cutoff=NAME_SUGGESTION,
    )
    strong = [
        (score, pid)
        for name, score, pid in matches
        if score >= NAME_MATCH and _spelled_like(key, name)
    ]
    if len(strong) == 1 or (len(strong) > 1 and strong[0][0] - strong[1][0] >= NAME_LEAD):
        person = _one(uow, strong[0][1])
        if unsure and not _whole_words(key, person.name):
            raise TooShort(text, _labels(uow, [person.id]))
        return person
    if strong:
        raise Ambiguous(text, _labels(uow, [pid for _score, pid in strong]))
    if matches:
        nearest = matches[0][1]
        close = [pid for _name, score, pid in matches if score >= nearest - SUGGESTION_SPREAD]
        near = ", ".join(label for _pid, label in _labels(uow, close))
        raise NotFound(f"no one matches '{text}'; did you mean: {near}?")
    raise NotFound(f"no one matches '{text}'")
