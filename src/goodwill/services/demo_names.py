"""The word lists behind `demo_data`, and the unique names, addresses and links drawn from them.

The lists are package data (`demo_names.json`, read when the demo is made). Everything is
fictitious: companies live on reserved `.example` domains, and
names are combined at random from per-culture pools. Note templates use the
placeholders `{topic}`, `{company}`, `{other}`, `{role}`, `{cafe}`, `{conf}`,
`{city}`, `{discipline}`, `{news}` and `{mine}`; `demo_data` fills them all every time.
"""

from __future__ import annotations

import json
import random
import unicodedata
from collections.abc import Sequence
from importlib import resources
from typing import Any, NamedTuple, TypeVar

from goodwill.domain.model import Channel

T = TypeVar("T")


class Culture(NamedTuple):
    weight: int
    given: tuple[str, ...]
    family: tuple[str, ...]
    cities: tuple[str, ...]
    #: Family name first, as in "Nguyễn Thị Lan"; the last given word is the call name.
    family_first: bool = False


class Company(NamedTuple):
    name: str
    domain: str
    weight: int
    #: The local part of work addresses there: "{g}.{f}", "{g}{f}", "{i}{f}" or "{g}".
    pattern: str = "{g}.{f}"


class Discipline(NamedTuple):
    name: str
    weight: int
    titles: tuple[str, ...]
    topics: tuple[str, ...]


def _frozen(value: Any) -> Any:
    """JSON arrays as tuples, all the way down: the lists are constants."""
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


_WORDS: dict[str, Any] = _frozen(
    json.loads(resources.files(__package__).joinpath("demo_names.json").read_text("utf-8"))
)

#: Per-culture pools: weight, given and family names, home cities, name order.
CULTURES = tuple(Culture(**culture) for culture in _WORDS["cultures"])
#: Whole names used at most once each: (display name, romanised given, romanised family, city).
RARE_NAMES: tuple[tuple[str, str, str, str], ...] = _WORDS["rare_names"]
HUB_CITIES: tuple[str, ...] = _WORDS["hub_cities"]
COMPANIES = tuple(Company(**company) for company in _WORDS["companies"])
#: Where investors work; only people tagged `investor` are placed here.
FUNDS = tuple(Company(**fund) for fund in _WORDS["funds"])
#: The demo user's own past employers: where former colleagues come from.
MY_EMPLOYERS: tuple[str, ...] = _WORDS["my_employers"]
PERSONAL_DOMAINS: tuple[str, ...] = _WORDS["personal_domains"]
DISCIPLINES = tuple(Discipline(**discipline) for discipline in _WORDS["disciplines"])
DISCIPLINE = {discipline.name: discipline for discipline in DISCIPLINES}
#: Kinds (with weights) for what I give, what I ask, what they ask and what they give.
GIVE_KINDS: tuple[tuple[str, int], ...] = _WORDS["give_kinds"]
ASK_KINDS: tuple[tuple[str, int], ...] = _WORDS["ask_kinds"]
THEIR_ASK_KINDS: tuple[tuple[str, int], ...] = _WORDS["their_ask_kinds"]
THEIR_GIVE_KINDS: tuple[tuple[str, int], ...] = _WORDS["their_give_kinds"]
#: What I give in answer to their ask, when I answer.
ANSWERS: dict[str, str] = _WORDS["answers"]
#: Gives a tag makes likelier: job leads for job-seekers, comments for writers...
TAG_GIVES: dict[str, str] = _WORDS["tag_gives"]
#: Tags and how often they are drawn; a person has none, one or two.
TAGS: tuple[tuple[str, int], ...] = _WORDS["tags"]
CONFERENCES: tuple[str, ...] = _WORDS["conferences"]
MEETUPS: tuple[str, ...] = _WORDS["meetups"]
CAFES: tuple[str, ...] = _WORDS["cafes"]
SCHOOLS: tuple[str, ...] = _WORDS["schools"]
MET_HOW: tuple[str, ...] = _WORDS["met_how"]
NEWS: tuple[str, ...] = _WORDS["news"]
ARCHIVED_NOTES: tuple[str, ...] = _WORDS["archived_notes"]
PERSON_NOTES: tuple[str, ...] = _WORDS["person_notes"]
#: Note templates keyed "side:kind" or "side:kind:channel" (side is "me" or "them").
NOTES: dict[str, tuple[str, ...]] = _WORDS["notes"]
TEAM_NOTES: tuple[str, ...] = _WORDS["team_notes"]
#: Notes for a catch-up with two or three people at once; TEAM_NOTES when they share a company.
GROUP_NOTES: tuple[str, ...] = _WORDS["group_notes"]
#: Channels (with weights) by "side:kind", falling back to "side:*".
CHANNELS: dict[str, tuple[tuple[Channel, int], ...]] = {
    key: tuple((Channel(channel), weight) for channel, weight in options)
    for key, options in _WORDS["channels"].items()
}


def fill_ins(
    rng: random.Random, discipline: str | None, company: str | None, city: str | None
) -> dict[str, str]:
    """Fresh values for every note placeholder, fitted to the person."""
    field = DISCIPLINE[discipline or "product"]
    other = rng.choice(COMPANIES).name
    values = {
        "topic": rng.choice(field.topics),
        "company": company or other,
        "other": other,
        "role": rng.choice(rng.choice(DISCIPLINES).titles),
        "cafe": rng.choice(CAFES),
        "conf": rng.choice(CONFERENCES),
        "city": city if city and city != "Remote" else rng.choice(HUB_CITIES[:-1]),
        "discipline": field.name,
        "mine": rng.choice(MY_EMPLOYERS),
        "meetup": rng.choice(MEETUPS),
        "school": rng.choice(SCHOOLS),
    }
    values["news"] = rng.choice(NEWS).format(**values)
    return values


_FOLD = str.maketrans(
    {"ø": "o", "æ": "ae", "ß": "ss", "ł": "l", "đ": "d", "\u0131": "i", "ð": "d", "þ": "th"}
)


def fold(text: str) -> str:
    """ASCII letters and digits only, lower-cased: `Núñez` -> `nunez`, `Bjørn` -> `bjorn`."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    return "".join(char for char in decomposed if char.isascii() and char.isalnum())


def weighted(rng: random.Random, options: Sequence[tuple[T, int]]) -> T:
    return rng.choices([value for value, _ in options], [weight for _, weight in options])[0]


class NameBook:
    """Draws names, email addresses and LinkedIn slugs, none of them used twice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.addresses: set[str] = set()
        self.slugs: set[str] = set()
        self.rare = list(RARE_NAMES)
        rng.shuffle(self.rare)

    def name(self) -> tuple[str, str, str, str]:
        """A unique display name, the romanised call name and family name, and a home city."""
        rng = self.rng
        for attempt in range(60):
            if self.rare and rng.random() < 0.05:
                name, first, last, city = self.rare.pop()
            else:
                culture = weighted(rng, [(c, c.weight) for c in CULTURES])
                given, last = rng.choice(culture.given), rng.choice(culture.family)
                city = rng.choice(culture.cities)
                if culture.family_first:
                    name, first = f"{last} {given}", given.split()[-1]
                else:
                    first = given.split()[0]
                    if attempt >= 30:  # the pools run short in big networks: add an initial
                        given = f"{given} {rng.choice('ABCDEFGHJKLMNPRSTW')}."
                    name = f"{given} {last}"
            if name not in self.names:
                break
        base, number = name, 1
        while name in self.names:
            number += 1
            name = f"{base} {number}"
        self.names.add(name)
        return name, first, last, city

    def emails(self, first: str, last: str, company: Company | None) -> tuple[str, ...]:
        """A work address where they work; a personal one without a job, or as a second."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.12:
            return ()
        given, family = fold(first), fold(last)
        addresses = []
        if company is not None:
            addresses.append(self._address(company.pattern, given, family, company.domain))
        if company is None or roll > 0.87:
            pattern = rng.choice(("{g}.{f}", "{g}{f}", "{f}.{g}"))
            addresses.append(self._address(pattern, given, family, rng.choice(PERSONAL_DOMAINS)))
        return tuple(addresses)

    def _address(self, pattern: str, given: str, family: str, domain: str) -> str:
        address, number = f"{pattern.format(g=given, f=family, i=given[:1])}@{domain}", 1
        while address in self.addresses:
            number += 1
            address = f"{given}.{family}{number}@{domain}"
        self.addresses.add(address)
        return address

    def slug(self, first: str, last: str) -> str:
        """`ana-nunez`, or `ana-nunez-4b2a1c` as LinkedIn gives when the plain one is taken."""
        slug = "-".join(fold(word) for word in f"{first} {last}".split() if fold(word))
        if slug in self.slugs or self.rng.random() < 0.4:
            slug = f"{slug}-{self.rng.randrange(16**6):06x}"
        self.slugs.add(slug)
        return slug
