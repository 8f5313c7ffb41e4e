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

#: Words of a need that ask for what a group's people give, one way only: a need for a job
#: is searched among those who hire, but `help hiring` is not searched for "job" (which
#: would find the people looking for one).
ASKING_FOR: dict[str, str] = {
    "job": "hiring", "jobs": "hiring", "opening": "hiring", "openings": "hiring",
    "referral": "hiring", "investment": "investor", "funding": "investor",
}  # fmt: skip
#: Tags of people who are looking for the same thing themselves (`suggest` gives them job
#: leads): for a need of a job they rank low, whatever words they share with it.
SEEKING = {"hiring": frozenset({"job-seeker", "looking", "open-to-work"})}

#: Words added to one need at most, beyond those typed: each is one more term to match.
MOST_ADDED = 8


def _named_by(words: Sequence[str], member: str) -> bool:
    """Whether the need's words name a group's member: the word itself, or the phrase as
    consecutive words."""
    parts = member.split()
    if len(parts) == 1:
        return member in words
    return any(list(words[i : i + len(parts)]) == parts for i in range(len(words)))


def _groups_named(words: Sequence[str]) -> list[tuple[str, ...]]:
    """The groups a need names: by one of their members, or by asking for what they give."""
    asked = {ASKING_FOR[word] for word in words if word in ASKING_FOR}
    return [
        group
        for group in GROUPS
        if group[0] in asked or any(_named_by(words, member) for member in group)
    ]


def related(words: Sequence[str]) -> list[str]:
    """The single words of every group the need's `words` (lower-case, as `help` splits
    them) name, but those typed: what else to search for, in the groups' order."""
    added: list[str] = []
    for group in _groups_named(words):
        added += [m for m in group if " " not in m and m not in words and m not in added]
    return added[:MOST_ADDED]


def seekers(words: Sequence[str]) -> frozenset[str]:
    """The tags of people who look for what the need asks for themselves (a job seeker,
    for a need of a job): they are not who can give it."""
    return frozenset().union(*(SEEKING.get(group[0], ()) for group in _groups_named(words)))


def is_tagged(tags: Sequence[str], wanted: frozenset[str]) -> bool:
    """Whether any of a person's tags, as typed ("Job-Seeker"), is one of `wanted`."""
    return bool(wanted) and any(" ".join(tag.lower().split()) in wanted for tag in tags)
