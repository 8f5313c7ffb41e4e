"""A seeded, synthetic professional network for `goodwill demo`.

Pure and deterministic: the same `(today, seed, size)` always gives the same
network, drawn from one `random.Random(seed)`; nothing here reads the clock,
the disk or the database. Histories are shaped so that a newcomer sees every
part of the app at work on day one: people overdue today, birthdays this week,
dormant ties, over-asked accounts, people who only show up to ask, and givers.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from goodwill.domain.cadence import TIER_CADENCE_DAYS
from goodwill.domain.model import Channel, Direction, Initiator, PersonFields, Tier
from goodwill.services import demo_names as words

#: The demo history covers three years ending today.
HISTORY_DAYS = 3 * 365


@dataclass(frozen=True, slots=True)
class DemoEntry:
    """One ledger entry; `people` index `DemoNetwork.people` (two or three for a group)."""

    people: tuple[int, ...]
    on: date
    direction: Direction
    kind: str
    channel: Channel
    initiated_by: Initiator
    by_them: bool
    note: str


@dataclass(frozen=True, slots=True)
class DemoNetwork:
    #: (fields, created_on), in the order they were added, so ids grow with time.
    people: tuple[tuple[PersonFields, date], ...]
    #: Sorted by date.
    entries: tuple[DemoEntry, ...]


def generate_demo_network(today: date, seed: int = 7, size: int = 300) -> DemoNetwork:
    """About `size` people and three years of ledger ending on `today` (nothing after it)."""
    return _Generator(today, seed, max(size, 0)).run()


class _Shape(enum.Enum):
    """The story a person's history tells."""

    STEADY = "a healthy mix up to today"
    GIVER = "a healthy mix, and they give back: intros, references, leads"
    OVERDUE = "healthy, but I went quiet just past their cadence"
    DORMANT = "warm once, then nothing for over a year"
    OVER_ASKED = "I kept asking them: the balance is negative"
    COLD_ASKER = "only ever shows up, after long silences, to ask"
    NEW = "added in the last 90 days"
    ARCHIVED = "faded out long ago"


class _Act(enum.Enum):
    GIVE = "I gave"
    ASK = "I asked"
    CATCH_UP = "I caught up"
    THEY_CATCH_UP = "they reached out"
    THEY_ASK = "they asked"
    THEY_GIVE = "they gave"


#: How each act is stored: (direction, initiated_by, by_them), as `domain.derive` reads them.
#: What they give me is a withdrawal (I owe them); what they ask is a touch marked by_them.
_STORED: dict[_Act, tuple[Direction, Initiator, bool]] = {
    _Act.GIVE: (Direction.DEPOSIT, Initiator.ME, False),
    _Act.ASK: (Direction.WITHDRAWAL, Initiator.ME, False),
    _Act.CATCH_UP: (Direction.TOUCH, Initiator.ME, False),
    _Act.THEY_CATCH_UP: (Direction.TOUCH, Initiator.THEM, False),
    _Act.THEY_ASK: (Direction.TOUCH, Initiator.THEM, True),
    _Act.THEY_GIVE: (Direction.WITHDRAWAL, Initiator.THEM, True),
}
_THEIRS = (_Act.THEY_CATCH_UP, _Act.THEY_ASK, _Act.THEY_GIVE)

_KINDS = {
    _Act.GIVE: words.GIVE_KINDS,
    _Act.ASK: words.ASK_KINDS,
    _Act.CATCH_UP: (("catch-up", 1),),
    _Act.THEY_CATCH_UP: (("catch-up", 1),),
    _Act.THEY_ASK: words.THEIR_ASK_KINDS,
    _Act.THEY_GIVE: words.THEIR_GIVE_KINDS,
}
#: Act weights by shape, in `_Act` order: GIVE, ASK, CATCH_UP, THEY_CATCH_UP, THEY_ASK, THEY_GIVE.
_MIX: dict[_Shape, tuple[int, ...]] = {
    _Shape.STEADY: (32, 5, 32, 14, 9, 3),
    _Shape.GIVER: (25, 8, 27, 12, 8, 20),
    _Shape.OVERDUE: (32, 5, 32, 14, 9, 3),
    _Shape.DORMANT: (40, 4, 32, 14, 6, 4),
    _Shape.OVER_ASKED: (6, 30, 30, 14, 2, 0),
    _Shape.NEW: (30, 5, 40, 15, 7, 3),
    _Shape.ARCHIVED: (25, 10, 35, 15, 10, 5),
}
#: Mean days between contacts: how busy a history is, not when someone falls due.
_MEAN_GAP = {Tier.INNER: 30, Tier.ACTIVE: 80, Tier.ACQUAINTANCE: 150, Tier.ARCHIVED: 150}
#: Tier sizes in a network of 300; acquaintances fill the rest.
_TIERS_PER_300 = ((Tier.INNER, 15), (Tier.ACTIVE, 70), (Tier.ARCHIVED, 25))
_WARM = (Tier.INNER, Tier.ACTIVE)
_TAG_CLASHES = {frozenset({"job-seeker", other}) for other in ("investor", "founder", "hiring")}


def _on_or_before(day: date, year: int) -> date:
    """The day's anniversary in `year`; a 29 February falls on the 28th in other years."""
    try:
        return day.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


@dataclass(slots=True)
class _Spec:
    """What a person is to be, decided before their fields and history are drawn."""

    tier: Tier
    shape: _Shape = _Shape.STEADY
    created_on: date = date.min
    cadence: int | None = None
    birthday_soon: bool = False


class _Generator:
    def __init__(self, today: date, seed: int, size: int) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.start = today - timedelta(days=HISTORY_DAYS)
        self.size = size
        self.people: list[tuple[PersonFields, date]] = []
        self.entries: list[DemoEntry] = []
        self.book = words.NameBook(self.rng)

    def run(self) -> DemoNetwork:
        specs = self._specs()
        for index, spec in enumerate(specs):
            fields = self._person(spec)
            self.people.append((fields, spec.created_on))
            self._history(index, spec, fields)
        self._together(specs)
        self.entries.sort(key=lambda entry: (entry.on, entry.people))
        return DemoNetwork(tuple(self.people), tuple(self.entries))

    # -- who ---------------------------------------------------------------

    def _scaled(self, per_300: int) -> int:
        return max(1, round(self.size * per_300 / 300))

    def _pick(self, specs: list[_Spec], per_300: int, fits: Callable[[_Spec], bool]) -> list[_Spec]:
        pool = [spec for spec in specs if fits(spec)]
        return self.rng.sample(pool, min(len(pool), self._scaled(per_300)))

    def _assign(
        self, specs: list[_Spec], shape: _Shape, per_300: int, tiers: Sequence[Tier]
    ) -> None:
        for spec in self._pick(
            specs, per_300, lambda s: s.shape is _Shape.STEADY and s.tier in tiers
        ):
            spec.shape = shape

    def _specs(self) -> list[_Spec]:
        rng = self.rng
        specs = [
            _Spec(tier)
            for tier, per_300 in _TIERS_PER_300
            for _ in range(round(self.size * per_300 / 300))
        ]
        specs += [_Spec(Tier.ACQUAINTANCE) for _ in range(max(self.size - len(specs), 0))]
        del specs[self.size :]
        for spec in specs:
            if spec.tier is Tier.ARCHIVED:
                spec.shape = _Shape.ARCHIVED
        self._assign(specs, _Shape.DORMANT, 10, _WARM)
        self._assign(specs, _Shape.OVERDUE, 12, _WARM)
        self._assign(specs, _Shape.COLD_ASKER, 4, (Tier.ACQUAINTANCE,))
        self._assign(specs, _Shape.OVER_ASKED, 5, (Tier.ACTIVE, Tier.ACQUAINTANCE))
        self._assign(specs, _Shape.GIVER, 15, (*_WARM, Tier.ACQUAINTANCE))
        self._assign(specs, _Shape.NEW, 10, (Tier.ACTIVE, Tier.ACQUAINTANCE))
        steady = (_Shape.STEADY, _Shape.GIVER)
        for spec in self._pick(specs, 10, lambda s: s.tier is not Tier.INNER and s.shape in steady):
            spec.cadence = rng.choice((45, 60, 90, 90, 120))
        for spec in self._pick(specs, 4, lambda s: s.tier in _WARM):
            spec.birthday_soon = True
        for spec in specs:
            spec.created_on = self._created_on(spec.shape)
        rng.shuffle(specs)
        specs.sort(key=lambda spec: spec.created_on)
        return specs

    def _created_on(self, shape: _Shape) -> date:
        """Early for the long stories; a first import, then a steady trickle; NEW in 90 days."""
        rng = self.rng
        if shape is _Shape.NEW:
            return self.today - timedelta(days=rng.randint(0, 89))
        if shape in (_Shape.DORMANT, _Shape.COLD_ASKER, _Shape.ARCHIVED):
            latest = 150
        elif shape is _Shape.OVERDUE:
            latest = 400
        elif rng.random() < 0.45:
            latest = 60
        else:
            return self.start + timedelta(days=rng.randint(61, HISTORY_DAYS - 91))
        return self.start + timedelta(days=rng.randint(0, latest))

    def _person(self, spec: _Spec) -> PersonFields:
        rng = self.rng
        name, first, last, home = self.book.name()
        tags = self._tags(spec)
        discipline = words.weighted(rng, [(d, d.weight) for d in words.DISCIPLINES])
        if "investor" in tags:
            discipline = words.DISCIPLINE["finance"]
        company, title = self._job(discipline, tags)
        location = home if rng.random() < 0.55 else rng.choice(words.HUB_CITIES)
        employer = company.name if company else None
        ctx = words.fill_ins(rng, discipline.name, employer, location)
        met_on, met_how = self._met(spec, tags, ctx)
        notes = ""
        if "job-seeker" in tags:
            notes = f"Between roles; looking at {discipline.name} roles in {ctx['city']}."
        elif spec.shape is _Shape.ARCHIVED and rng.random() < 0.5:
            notes = rng.choice(words.ARCHIVED_NOTES).format(**ctx)
        elif rng.random() < 0.25:
            notes = rng.choice(words.PERSON_NOTES).format(**ctx)
        links = []
        if rng.random() < 0.82:
            links.append(f"https://www.linkedin.com/in/{self.book.slug(first, last)}")
        if ("writer" in tags or "speaker" in tags) and rng.random() < 0.6:
            links.append(f"https://{words.fold(first)}{words.fold(last)}.example/blog")
        return PersonFields(
            name=name,
            emails=self.book.emails(first, last, company),
            company=employer,
            title=title,
            discipline=discipline.name,
            location=location,
            links=tuple(links),
            tags=tags,
            tier=spec.tier,
            cadence_days=spec.cadence,
            birthday=self._birthday(spec.birthday_soon),
            met_on=met_on,
            met_how=met_how,
            notes=notes,
        )

    def _tags(self, spec: _Spec) -> tuple[str, ...]:
        rng = self.rng
        count = words.weighted(rng, ((0, 45), (1, 40), (2, 15)))
        tags: list[str] = []
        if spec.shape is _Shape.GIVER:
            tags.append(rng.choice(("connector", "mentor", "connector", "hiring")))
        elif spec.shape is _Shape.COLD_ASKER and rng.random() < 0.5:
            tags.append("job-seeker")
        while len(tags) < count:
            tag = words.weighted(rng, words.TAGS)
            if tag not in tags and all(frozenset({tag, t}) not in _TAG_CLASHES for t in tags):
                tags.append(tag)
        return tuple(tags)

    def _job(
        self, discipline: words.Discipline, tags: Sequence[str]
    ) -> tuple[words.Company | None, str]:
        rng = self.rng
        if "investor" in tags:
            return rng.choice(words.FUNDS), rng.choice(("Partner", "Principal", "Investor"))
        if "job-seeker" in tags:
            return None, rng.choice(discipline.titles)
        if rng.random() < 0.06:
            return None, f"Independent {discipline.name} consultant"
        if "founder" in tags:
            small = [(c, 1) for c in words.COMPANIES if c.weight <= 2]
            titles = ("Founder & CEO", "Co-founder", f"Co-founder, {discipline.name}")
            return words.weighted(rng, small), rng.choice(titles)
        company = words.weighted(rng, [(c, c.weight) for c in words.COMPANIES])
        return company, rng.choice(discipline.titles)

    def _birthday(self, soon: bool) -> date | None:
        rng = self.rng
        if soon:
            day = self.today + timedelta(days=rng.randint(1, 6))
        elif rng.random() < 0.28:
            day = date(2001, 1, 1) + timedelta(days=rng.randrange(365))
        else:
            return None
        year = rng.randint(1965, 1999)
        if (day.month, day.day) == (2, 29):
            year -= year % 4  # a leap year between 1964 and 1996
        return date(year, day.month, day.day)

    def _met(
        self, spec: _Spec, tags: Sequence[str], ctx: dict[str, str]
    ) -> tuple[date | None, str | None]:
        rng = self.rng
        if "former-colleague" in tags:
            years_ago = timedelta(days=rng.randint(100, 3000))
            return self.start - years_ago, f"former colleague at {ctx['mine']}"
        if spec.shape is not _Shape.NEW and rng.random() < 0.25:
            return None, None
        template = rng.choice(words.MET_HOW)
        if "{via}" in template and not self.people:
            template = "met at {conf}"
        via = rng.choice(self.people)[0].name if self.people else ""
        if spec.shape is _Shape.NEW or rng.random() < 0.5:
            met_on: date | None = spec.created_on - timedelta(days=rng.randint(0, 14))
        else:
            met_on = spec.created_on - timedelta(days=rng.randint(30, 2500))
        if rng.random() < 0.2:
            met_on = None  # remembered how, not when
        return met_on, template.format(via=via, **ctx)

    def _context(self, fields: PersonFields) -> dict[str, str]:
        return words.fill_ins(self.rng, fields.discipline, fields.company, fields.location)

    # -- what happened -----------------------------------------------------

    def _history(self, index: int, spec: _Spec, fields: PersonFields) -> None:
        rng, today, who = self.rng, self.today, (index,)
        if spec.shape is _Shape.COLD_ASKER:
            on = spec.created_on + timedelta(days=rng.randint(0, 60))
            while on <= today:  # gaps beyond derive.LONG_SILENCE_DAYS make each ask "cold"
                self._add(who, on, _Act.THEY_ASK, fields)
                on += timedelta(days=rng.randint(200, 420))
            return
        if spec.shape is _Shape.NEW and rng.random() < 0.3:
            return  # added, not contacted yet
        cadence = spec.cadence or TIER_CADENCE_DAYS.get(spec.tier) or 365
        end = today
        if spec.shape is _Shape.DORMANT:
            end -= timedelta(days=rng.randint(400, 700))
        elif spec.shape is _Shape.ARCHIVED:
            end -= timedelta(days=rng.randint(500, 850))
        elif spec.shape is _Shape.OVERDUE:
            end -= timedelta(days=cadence + rng.randint(3, max(10, cadence // 3)))
        mean_gap = 30 if spec.shape is _Shape.NEW else min(_MEAN_GAP[spec.tier], 0.7 * cadence)
        on = spec.created_on + timedelta(days=rng.randint(0, 10))
        while on <= end:
            act = rng.choices(list(_Act), _MIX[spec.shape])[0]
            kind = self._add(who, on, act, fields)
            answer_on = on + timedelta(days=rng.randint(0, 3))
            if act is _Act.THEY_ASK and answer_on <= end and rng.random() < 0.7:
                self._add(who, answer_on, _Act.GIVE, fields, kind=words.ANSWERS[kind])
            on += timedelta(days=max(2, round(rng.expovariate(1 / mean_gap))))
        if spec.shape is _Shape.OVERDUE:
            # My last word falls just past their cadence; their message since does not reset it.
            self._add(who, end, rng.choice((_Act.CATCH_UP, _Act.GIVE)), fields)
            if rng.random() < 0.4 and (today - end).days > 1:
                pinged = end + timedelta(days=rng.randint(1, (today - end).days - 1))
                channel = rng.choice((Channel.MESSAGE, Channel.EMAIL))
                self._add(who, pinged, _Act.THEY_CATCH_UP, fields, channel=channel)
        if spec.shape is _Shape.OVER_ASKED:
            since = max(spec.created_on, today - timedelta(days=365))
            for _ in range(rng.randint(3, 5)):
                on = since + timedelta(days=rng.randint(0, (today - since).days))
                self._add(who, on, _Act.ASK, fields)
        if fields.birthday is not None:
            chance = {Tier.INNER: 0.8, Tier.ACTIVE: 0.45}.get(spec.tier, 0.1)
            for year in range(spec.created_on.year, end.year + 1):
                day = _on_or_before(fields.birthday, year)
                if spec.created_on <= day <= end and rng.random() < chance:
                    self._add(who, day, _Act.CATCH_UP, fields, kind="birthday")

    def _together(self, specs: Sequence[_Spec]) -> None:
        """Catch-ups with two or three people at once, and introductions between two."""
        rng, today = self.rng, self.today
        open_ = [i for i, spec in enumerate(specs) if spec.shape in (_Shape.STEADY, _Shape.GIVER)]
        if len(open_) < 2:
            return
        teams: dict[str, list[int]] = {}
        for i in open_:
            teams.setdefault(self.people[i][0].company or "", []).append(i)
        crews = [members for company, members in teams.items() if company and len(members) > 1]
        groups = self._scaled(12)
        for n in range(groups + self._scaled(8)):
            intro, crew = n >= groups, bool(crews) and rng.random() < 0.6
            pool = rng.choice(crews) if crew and not intro else open_
            size = 2 if intro else rng.choice((2, 2, 3))
            members = tuple(sorted(rng.sample(pool, min(len(pool), size))))
            since = max(specs[i].created_on for i in members)
            if since >= today:
                continue
            on = since + timedelta(days=rng.randint(0, (today - since).days))
            fields = self.people[members[0]][0]
            ctx = self._context(fields)
            if intro:
                first, second = (self.people[i][0].name for i in members)
                note = f"introduced {first} and {second}: both deep in {ctx['topic']}"
                self._add(members, on, _Act.GIVE, fields, "intro-made", Channel.EMAIL, note)
            else:
                templates = words.TEAM_NOTES if crew else words.GROUP_NOTES
                channel = rng.choice((Channel.COFFEE, Channel.MEETING, Channel.EVENT))
                note = rng.choice(templates).format(**ctx)
                self._add(members, on, _Act.CATCH_UP, fields, channel=channel, note=note)

    def _add(
        self,
        people: tuple[int, ...],
        on: date,
        act: _Act,
        fields: PersonFields,
        kind: str | None = None,
        channel: Channel | None = None,
        note: str | None = None,
    ) -> str:
        """Record one entry; returns its kind."""
        rng = self.rng
        side = "them" if act in _THEIRS else "me"
        if kind is None:
            options = _KINDS[act]
            if act is _Act.GIVE:
                favoured = {words.TAG_GIVES[tag] for tag in fields.tags if tag in words.TAG_GIVES}
                options = tuple((k, w * 3 if k in favoured else w) for k, w in options)
            kind = words.weighted(rng, options)
        if channel is None:
            channels = words.CHANNELS.get(f"{side}:{kind}") or words.CHANNELS[f"{side}:*"]
            channel = words.weighted(rng, channels)
        if note is None:
            templates = (
                words.NOTES.get(f"{side}:{kind}:{channel.value}") or words.NOTES[f"{side}:{kind}"]
            )
            note = rng.choice(templates).format(**self._context(fields))
        direction, initiated_by, by_them = _STORED[act]
        self.entries.append(
            DemoEntry(people, on, direction, kind, channel, initiated_by, by_them, note)
        )
        return kind
