"""The catalogue of ledger kinds: what each give, ask or touch is worth.

Users change weights and add kinds in their config file; the catalogue here
is the default. Weights are magnitudes: the direction gives the sign.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from goodwill.domain.errors import BadInput
from goodwill.domain.model import Direction, is_their_ask


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    direction: Direction
    weight: float
    label: str


DEFAULT_KINDS: tuple[Kind, ...] = (
    Kind("shared-article", Direction.DEPOSIT, 2.0, "shared an article"),
    Kind("intro-made", Direction.DEPOSIT, 5.0, "made an introduction"),
    Kind("reference", Direction.DEPOSIT, 6.0, "gave a reference"),
    Kind("advice-given", Direction.DEPOSIT, 3.0, "gave advice"),
    Kind("commented", Direction.DEPOSIT, 1.0, "commented on their work"),
    Kind("congratulated", Direction.DEPOSIT, 1.0, "congratulated them"),
    Kind("welcomed", Direction.DEPOSIT, 1.0, "welcomed them and offered help"),
    Kind("helped", Direction.DEPOSIT, 4.0, "helped with something"),
    Kind("job-lead", Direction.DEPOSIT, 4.0, "passed on a job lead"),
    Kind("thank-you", Direction.DEPOSIT, 1.0, "sent a thank-you"),
    Kind("asked-job", Direction.WITHDRAWAL, 6.0, "asked for a job or referral"),
    Kind("asked-advice", Direction.WITHDRAWAL, 2.0, "asked for advice"),
    Kind("asked-favour", Direction.WITHDRAWAL, 4.0, "asked for a favour"),
    Kind("asked-intro", Direction.WITHDRAWAL, 5.0, "asked for an introduction"),
    Kind("catch-up", Direction.TOUCH, 1.0, "caught up"),
    Kind("birthday", Direction.TOUCH, 0.5, "wished happy birthday"),
)

#: The largest weight a kind may have (NaN and infinity are refused too).
MAX_WEIGHT = 1000.0

#: Short forms users type: `--asked advice` means `asked-advice`.
_ASK_PREFIX = "asked-"
#: The same short forms for what is given, either way (`--gave advice`, `--they-gave
#: advice`): each thing one can ask for can be given too.
_GIVE_SHORT_FORMS = {
    "advice": "advice-given",
    "intro": "intro-made",
    "job": "job-lead",
    "favour": "helped",
}

#: What an ask is for, from the words of its purpose: "a job referral" is a job ask,
#: "intro to their CFO" an introduction, "feedback on my deck" advice. The word named first
#: says what is asked ("advice on hiring" is advice); heavier kinds first break a tie.
_ASK_WORDS = (
    ("job", re.compile(r"\b(jobs?|referrals?|refer|roles?|positions?|hire|hiring|openings?)\b")),
    ("intro", re.compile(r"\b(intros?|introductions?|introduce|connect me)\b")),
    ("advice", re.compile(r"\b(advice|feedback|opinion|review|thoughts|mentoring)\b")),
)


def ask_kind_for(purpose: str) -> str | None:
    """The kind of ask its purpose names (`job`, `intro`, `advice`), or None to leave it to
    the default."""
    text = purpose.casefold()
    found = [
        (match.start(), rank, kind)
        for rank, (kind, words) in enumerate(_ASK_WORDS)
        if (match := words.search(text)) is not None
    ]
    return min(found)[2] if found else None


@dataclass(frozen=True)
class Catalogue:
    kinds: Mapping[str, Kind]

    @classmethod
    def with_overrides(cls, overrides: Mapping[str, Mapping[str, object]]) -> Catalogue:
        """The default kinds, changed or extended by a config's `[kinds.NAME]` tables."""
        kinds = {kind.name: kind for kind in DEFAULT_KINDS}
        for name, table in overrides.items():
            base = kinds.get(name)
            direction_text = table.get("direction", base.direction if base else None)
            if direction_text is None:
                raise BadInput(
                    f"config: kind '{name}' needs a direction (deposit/withdrawal/touch)"
                )
            try:
                direction = Direction(str(direction_text))
            except ValueError:
                raise BadInput(
                    f"config: kind '{name}' has direction '{direction_text}'"
                    " (use deposit, withdrawal or touch)"
                ) from None
            weight = table.get("weight", base.weight if base else 1.0)
            if (
                not isinstance(weight, int | float)
                or isinstance(weight, bool)
                or not 0 <= weight <= MAX_WEIGHT
            ):
                raise BadInput(f"config: kind '{name}' needs a weight from 0 to {MAX_WEIGHT:g}")
            label = str(table.get("label", base.label if base else name.replace("-", " ")))
            kinds[name] = Kind(name, direction, float(weight), label)
        return cls(kinds)

    def resolve(self, name: str, direction: Direction) -> Kind:
        """Find a kind by name or by its short form: `advice` is `asked-advice` on an ask
        and `advice-given` on a give."""
        for candidate in (name, _full_name(name, direction)):
            kind = self.kinds.get(candidate)
            if kind is not None and kind.direction is direction:
                return kind
        known = sorted(k.name for k in self.kinds.values() if k.direction is direction)
        close = [k for k in known if name and name in k]
        hint = f"did you mean {' or '.join(close)}? " if 0 < len(close) <= 2 else ""
        accepted = ", ".join(_with_short_form(k, direction) for k in known)
        raise BadInput(
            f"unknown {direction.value} kind '{name}': {hint}known kinds are {accepted}",
            field="kind",
        )

    def get(self, name: str) -> Kind | None:
        return self.kinds.get(name)

    def phrase(self, name: str, *, by_them: bool = False) -> str:
        """What an entry of this kind did, in words: its label ("congratulated them"), or,
        done by them, "congratulated you"; a kind the catalogue lacks, by its name."""
        kind = self.kinds.get(name)
        label = kind.label if kind is not None else name.replace("-", " ")
        return label.replace(" them", " you") if by_them else label

    def asked_for(self, name: str) -> str:
        """What an ask of this kind is for, in words, from its label ("asked for an
        introduction": "an introduction"); a label that says it otherwise, by the kind's
        name ("asked-demo": "demo")."""
        label = self.phrase(name)
        if label.startswith("asked for "):
            return label.removeprefix("asked for ")
        return name.removeprefix(_ASK_PREFIX).replace("-", " ")

    def stored_weight(self, name: str, direction: Direction, by_them: bool) -> float:
        """The weight an entry is stored with: its kind's, but nothing for their asks
        (and for kinds the catalogue no longer has)."""
        kind = self.kinds.get(name)
        if kind is None or is_their_ask(by_them, direction):
            return 0.0
        return kind.weight


def _full_name(short: str, direction: Direction) -> str:
    """The kind a short form stands for in this direction (itself when it is none)."""
    if direction is Direction.WITHDRAWAL:
        return f"{_ASK_PREFIX}{short}"
    if direction is Direction.DEPOSIT:
        return _GIVE_SHORT_FORMS.get(short, short)
    return short


def _with_short_form(name: str, direction: Direction) -> str:
    """A kind's name as an error lists it: with the short form that also works."""
    short = next((s for s in _GIVE_SHORT_FORMS if _full_name(s, direction) == name), None)
    return f"{name} ({short})" if short else name
