"""How alike two names must be to count as one: the thresholds of goodwill's fuzzy matches.

Each is a rapidfuzz score from 0 to 100 (the scorer named beside it), chosen so that the
cost of a wrong match decides how sure goodwill must be: merging strangers or sending a
note to the wrong person is worse than asking.

Names are compared as `name_words`: folded, punctuation as spaces, so a hyphen or a comma
never makes a second person of one ("Lefèvre-Dubois" is "Lefevre Dubois").
"""

from __future__ import annotations

from goodwill.domain.folding import fold_text

#: `token_sort_ratio` of two folded names from which `dupes` shows them as likely one
#: person: "Ana Nunez" and "Ana Núñez" pass, "Ana Lima" and "Ana Luz" do not. A merge is
#: confirmed by the user, so this may propose a few pairs that are not.
SAME_PERSON_NAME = 88.0

#: `token_sort_ratio` of two names (as `name_words`) from which they are one name: adding
#: the second is refused (unless the user says so) and an event's guest of that name is
#: the person already known. "Maria Ivanova" and "Мария Иванова" ("mariya ivanova", 96)
#: are; "Lee Park" and "Lee Parker" (89) or "Jon Smith" and "John Smith" (94.7) are not.
#: A letter more in a long name passes ("Michaela Jordan" is "Michael Jordan", 97): the
#: event says whom it took the guest for ("met again"), and an #id names anyone else.
SAME_NAME = 95.0

#: `token_set_ratio` of two companies from which they are one: "Acme" and "Acme Corp",
#: or "ACME Corporation" and "Acme Corporation". An import merges a same-named person
#: only at the same company, so a lower bar would merge namesakes.
SAME_COMPANY = 85.0

#: `WRatio` a typed name must reach for `show "Ana Nunes"` to mean one person, who must
#: lead the next by `NAME_LEAD` (else goodwill lists the look-alikes and asks).
NAME_MATCH = 80.0
NAME_LEAD = 5.0

#: `WRatio` from which a name is offered as "did you mean …?" when none matches, and how
#: far below the nearest one another may be. At 60, three letters in common were enough
#: ("Nobody" offered "Tobi Oyelaran", "Rahj" also "Fatima Zahra"); misspellings of a
#: name ("Goldburg", "Fatma", "Deigo") score 72 and more.
NAME_SUGGESTION = 65.0
SUGGESTION_SPREAD = 10.0


def name_words(name: str) -> str:
    """A name as the words that tell people apart: case, accents and script folded, and
    punctuation as spaces. The stored name key keeps punctuation (lookups by it stay
    exact); the similarity of two names is measured on this."""
    return fold_text(name)


def name_likeness(a: str, b: str) -> float:
    """How alike two names are, 0 to 100, word order aside (`token_sort_ratio` of their
    `name_words`)."""
    from rapidfuzz import fuzz

    return float(fuzz.token_sort_ratio(name_words(a), name_words(b)))
