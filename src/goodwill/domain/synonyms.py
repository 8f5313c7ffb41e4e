"""Other words for the same field of work, so that `help "hiring"` finds a recruiter and
`help "supply chain"` a logistics analyst.

Deliberately small and kept by hand: each group is one field or role as people name it in
titles, disciplines and tags (job-board and LinkedIn usage), not a thesaurus. A word that
means other things elsewhere ("growth", "operations", "acquisition") is left out, or kept
only inside a phrase: a need that names a group (one of its words, or one of its phrases
as consecutive words) is also searched for the group's single words, and those rank below
the words typed (`finder.who_can_help` gives its exact-word bonus to the typed words only).
"""

from __future__ import annotations

from collections.abc import Sequence

#: Groups of words and phrases (words joined by spaces) that name one field or role.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("hiring", "recruiting", "recruiter", "recruitment", "headhunter", "sourcer", "talent",
     "talent acquisition"),
    ("logistics", "supply chain", "procurement", "fulfillment", "warehousing", "freight"),
    ("developer", "programmer", "engineer", "coder", "software engineering",
     "software development"),
    ("ml", "ai", "machine learning", "artificial intelligence", "deep learning"),
    ("sales", "business development", "account executive", "account manager"),
    ("finance", "accounting", "accountant", "controller", "bookkeeping", "cfo"),
    ("ux", "ui", "user experience", "user research", "interaction design", "product design"),
    ("pr", "communications", "comms", "press", "public relations", "media relations"),
    ("legal", "lawyer", "attorney", "counsel", "solicitor", "paralegal"),
    ("investor", "vc", "venture capital", "angel investor", "venture partner"),
    ("hr", "human resources", "people operations", "people partner"),
    ("marketing", "marketer", "brand", "demand generation", "content marketing"),
)  # fmt: skip

#: Words added to one need at most, beyond those typed: each is one more term to match.
MOST_ADDED = 8


def _named_by(words: Sequence[str], member: str) -> bool:
    """Whether the need's words name a group's member: the word itself, or the phrase as
    consecutive words."""
    parts = member.split()
    if len(parts) == 1:
        return member in words
    return any(list(words[i : i + len(parts)]) == parts for i in range(len(words)))


def related(words: Sequence[str]) -> list[str]:
    """The single words of every group the need's `words` (lower-case, as `help` splits
    them) name, but those typed: what else to search for, in the groups' order."""
    added: list[str] = []
    for group in GROUPS:
        if any(_named_by(words, member) for member in group):
            added += [m for m in group if " " not in m and m not in words and m not in added]
    return added[:MOST_ADDED]
