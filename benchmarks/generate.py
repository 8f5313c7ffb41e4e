"""A seeded synthetic network of N people and about 100 * N ledger entries, cached on disk.

The schema comes from the real migrations (`Database.initialise()`); people, interactions
and their links are bulk-inserted through the raw sqlite3 connection; the derived state is
then built by the real code path, `services.ledger.refold_all`, as `goodwill reindex` and
every import do: state, next due day and search document (profile and notes).
Databases are cached under `benchmarks/.data/`, keyed by size, seed, generator version and
schema revision, and built under a temporary name so an interrupted run leaves no cache.
"""

from __future__ import annotations

import json
import math
import os
import random
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from benchmarks import DATA_DIR, END_DAY, ENTRIES_PER_PERSON, HALF_LIFE_DAYS
from benchmarks.console import console, task
from goodwill.domain.companies import company_key
from goodwill.domain.kinds import DEFAULT_KINDS
from goodwill.domain.model import Channel, DerivedState, Direction, Initiator, Tier
from goodwill.services.context import HALF_LIFE_KEY
from goodwill.services.ledger import refold_all
from goodwill.store.database import Database
from goodwill.store.people import name_key
from goodwill.store.schema import HEAD

#: Bump when the generated data changes, so that cached databases are rebuilt.
#: 2: the refold writes every person's search document (profile and notes), as imports do.
GENERATOR_VERSION = 2
HISTORY_YEARS = 5
START_DAY = END_DAY - timedelta(days=HISTORY_YEARS * 365)
#: Nobody has more entries than this (the heaviest people have thousands).
MAX_ENTRIES_PER_PERSON = 6_000
#: Share of people never contacted, and of interactions that concern several people.
NEVER_CONTACTED = 0.03
MULTI_PERSON = 0.04
NOTE_SHARE = 0.3
FLUSH_ROWS = 200_000
#: The index on (person, date) is dropped during the load and rebuilt from its own DDL.
DEFERRED_INDEXES = ("ix_interaction_people_person_on",)

# (tier, share of people, activity multiplier)
TIERS: tuple[tuple[Tier, float, float], ...] = (
    (Tier.INNER, 0.05, 6.0),
    (Tier.ACTIVE, 0.25, 2.0),
    (Tier.ACQUAINTANCE, 0.60, 0.6),
    (Tier.ARCHIVED, 0.10, 0.4),
)

FIRST_NAMES = [
    "Aaliyah",
    "Aaron",
    "Abigail",
    "Adam",
    "Adrian",
    "Aisha",
    "Alan",
    "Alba",
    "Alejandro",
    "Alex",
    "Alice",
    "Amara",
    "Amelia",
    "Amir",
    "Ana",
    "Andrea",
    "Andrew",
    "Angela",
    "Anna",
    "Anton",
    "Arjun",
    "Astrid",
    "Ava",
    "Ben",
    "Bianca",
    "Boris",
    "Bruno",
    "Camille",
    "Carla",
    "Carlos",
    "Caroline",
    "Chen",
    "Chiara",
    "Chloe",
    "Chris",
    "Claire",
    "Clara",
    "Daniel",
    "Daria",
    "David",
    "Diego",
    "Dmitri",
    "Elena",
    "Elif",
    "Eliza",
    "Emma",
    "Eric",
    "Erik",
    "Eva",
    "Fatima",
    "Felix",
    "Fiona",
    "Francesca",
    "Gabriel",
    "Georg",
    "Grace",
    "Hannah",
    "Hassan",
    "Helena",
    "Hiro",
    "Ines",
    "Ingrid",
    "Isaac",
    "Isabel",
    "Ivan",
    "Jack",
    "Jakob",
    "James",
    "Jana",
    "Javier",
    "Jin",
    "Joao",
    "Jonas",
    "Jorge",
    "Julia",
    "Julien",
    "Kai",
    "Karin",
    "Kate",
    "Kenji",
    "Laila",
    "Lara",
    "Laura",
    "Leo",
    "Lina",
    "Lucas",
    "Lucia",
    "Luis",
    "Maja",
    "Marco",
    "Maria",
    "Mark",
    "Marta",
    "Mateo",
    "Maya",
    "Mei",
    "Mia",
    "Michael",
    "Mohammed",
    "Nadia",
    "Naomi",
    "Nia",
    "Nico",
    "Nina",
    "Noah",
    "Nora",
    "Olga",
    "Oliver",
    "Omar",
    "Oscar",
    "Paula",
    "Pedro",
    "Petra",
    "Priya",
    "Rafael",
    "Rahul",
    "Rania",
    "Rosa",
    "Ruth",
    "Sam",
    "Sara",
    "Sebastian",
    "Sofia",
    "Sophie",
    "Stefan",
    "Sun",
    "Tariq",
    "Tess",
    "Theo",
    "Tom",
    "Uma",
    "Valentina",
    "Victor",
    "Wei",
    "Yara",
    "Yusuf",
    "Zara",
    "Zoe",
]
LAST_NAMES = [
    "Abbott",
    "Adeyemi",
    "Ahmed",
    "Alvarez",
    "Andersen",
    "Bauer",
    "Becker",
    "Bianchi",
    "Brown",
    "Campbell",
    "Castro",
    "Chen",
    "Costa",
    "Cruz",
    "Da",
    "Silva",
    "Dubois",
    "Eriksson",
    "Evans",
    "Fernandez",
    "Fischer",
    "Garcia",
    "Gonzalez",
    "Gupta",
    "Hansen",
    "Hoffmann",
    "Horvat",
    "Hughes",
    "Ivanova",
    "Jensen",
    "Johansson",
    "Kaur",
    "Keller",
    "Kim",
    "Kowalski",
    "Kumar",
    "Larsen",
    "Lee",
    "Lopez",
    "Martin",
    "Meyer",
    "Moreau",
    "Muller",
    "Murphy",
    "Nakamura",
    "Nguyen",
    "Nielsen",
    "Novak",
    "Okafor",
    "Olsen",
    "Papadopoulos",
    "Park",
    "Patel",
    "Pereira",
    "Petrov",
    "Popescu",
    "Rossi",
    "Russo",
    "Santos",
    "Sato",
    "Schmidt",
    "Schneider",
    "Singh",
    "Smith",
    "Sousa",
    "Suzuki",
    "Tanaka",
    "Taylor",
    "Thomas",
    "Tran",
    "Varga",
    "Vogel",
    "Walker",
    "Wang",
    "Weber",
    "Wilson",
    "Wong",
    "Yamamoto",
    "Yilmaz",
    "Young",
    "Zhang",
    "Zimmermann",
]
COMPANY_PREFIXES = [
    "Acme",
    "Apex",
    "Arc",
    "Atlas",
    "Birch",
    "Blue",
    "Bright",
    "Cedar",
    "Cobalt",
    "Copper",
    "Delta",
    "Ember",
    "Falcon",
    "Fjord",
    "Granite",
    "Harbor",
    "Helix",
    "Iris",
    "Juniper",
    "Kite",
    "Lumen",
    "Maple",
    "Nimbus",
    "North",
    "Orbit",
]
COMPANY_SUFFIXES = [
    "Analytics",
    "Bank",
    "Capital",
    "Cloud",
    "Consulting",
    "Design",
    "Foods",
    "Health",
    "Industries",
    "Labs",
    "Logistics",
    "Media",
    "Motors",
    "Partners",
    "Robotics",
    "Software",
    "Studio",
    "Systems",
    "Ventures",
    "Works",
]
DISCIPLINES = [
    "engineering",
    "design",
    "product",
    "sales",
    "marketing",
    "finance",
    "legal",
    "operations",
    "research",
    "data",
    "people",
    "leadership",
]
TITLES = (
    "Engineer",
    "Senior Engineer",
    "Manager",
    "Director",
    "VP",
    "Founder",
    "Analyst",
    "Consultant",
    "Lead",
    "Head of Team",
)
LOCATIONS = [
    "Amsterdam",
    "Berlin",
    "Boston",
    "Chicago",
    "Dublin",
    "Lisbon",
    "London",
    "Madrid",
    "Milan",
    "Munich",
    "Nairobi",
    "New",
    "York",
    "Oslo",
    "Paris",
    "Prague",
    "San",
    "Francisco",
    "Seoul",
    "Singapore",
    "Stockholm",
    "Sydney",
    "Tokyo",
    "Toronto",
]
TAGS = [
    "investor",
    "mentor",
    "alumni",
    "conference",
    "climbing",
    "founder",
    "hiring",
    "recruiter",
    "podcast",
    "board",
    "neighbour",
    "open-source",
    "book-club",
    "cycling",
    "angel",
    "advisor",
    "speaker",
    "client",
    "vendor",
    "press",
    "former-colleague",
    "university",
    "running",
    "chess",
]
MET_HOW = ("conference", "work", "university", "intro", "meetup", "online", "neighbour")
NOTES = (
    "talked about their new role",
    "sent the article on pricing",
    "coffee near the office",
    "asked about the hiring plan",
    "congratulated them on the launch",
    "follow up on the intro to the design team",
    "they mentioned moving to Lisbon",
    "discussed the conference talk",
    "shared notes from the workshop",
    "catching up after the holidays",
    "they are fundraising; offered to review the deck",
    "quick hello at the meetup",
)
CHANNEL_WEIGHTS = {
    Channel.EMAIL: 0.35,
    Channel.MESSAGE: 0.20,
    Channel.CALL: 0.12,
    Channel.COFFEE: 0.10,
    Channel.MEETING: 0.10,
    Channel.EVENT: 0.05,
    Channel.SOCIAL: 0.06,
    Channel.OTHER: 0.02,
}


@dataclass(frozen=True)
class GenerationInfo:
    """What a cached database holds, and what building it cost."""

    people: int
    seed: int
    interactions: int
    interaction_people: int
    db_bytes: int
    load_seconds: float
    refold_seconds: float
    total_seconds: float
    generator_version: int
    schema: str


@dataclass(frozen=True)
class Generated:
    path: Path
    info: GenerationInfo
    cached: bool

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"


# A ledger row's varying part: direction, kind, channel, initiated_by, by_them, weight.
Template = tuple[str, str, str, str, int, float]


def _templates() -> tuple[list[Template], list[float]]:
    """Every (action, kind, channel, initiator) combination, with its probability.

    The rows mirror `services.ledger.build_entry`: what they gave is a withdrawal on my
    account, their ask is a touch of weight 0, and `by_them` is true only for those two.
    """
    deposits = {
        "shared-article": 0.25,
        "intro-made": 0.08,
        "reference": 0.04,
        "advice-given": 0.15,
        "commented": 0.15,
        "congratulated": 0.12,
        "helped": 0.10,
        "job-lead": 0.04,
        "thank-you": 0.07,
    }
    asks = {"asked-job": 0.1, "asked-advice": 0.45, "asked-favour": 0.3, "asked-intro": 0.15}
    touches = {"catch-up": 0.9, "birthday": 0.1}
    weights = {kind.name: kind.weight for kind in DEFAULT_KINDS}
    me, them = Initiator.ME.value, Initiator.THEM.value
    dep, wd, touch = Direction.DEPOSIT.value, Direction.WITHDRAWAL.value, Direction.TOUCH.value
    # (share, kinds, direction, initiators with shares, by_them, weight of zero)
    actions: list[tuple[float, dict[str, float], str, dict[str, float], int, bool]] = [
        (0.30, deposits, dep, {me: 0.85, them: 0.15}, 0, False),  # I gave
        (0.42, touches, touch, {me: 0.80, them: 0.20}, 0, False),  # a touch
        (0.10, asks, wd, {me: 0.90, them: 0.10}, 0, False),  # I asked
        (0.10, deposits, wd, {them: 1.0}, 1, False),  # they gave
        (0.08, asks, touch, {them: 1.0}, 1, True),  # they asked
    ]
    templates: list[Template] = []
    probabilities: list[float] = []
    for share, kinds, direction, initiators, by_them, weightless in actions:
        for kind, kind_share in kinds.items():
            for channel, channel_share in CHANNEL_WEIGHTS.items():
                for initiator, initiator_share in initiators.items():
                    weight = 0.0 if weightless else weights[kind]
                    templates.append((direction, kind, channel.value, initiator, by_them, weight))
                    probabilities.append(share * kind_share * channel_share * initiator_share)
    return templates, probabilities


def allocate(weights: Sequence[float], total: int, cap: int) -> list[int]:
    """Split `total` into whole counts proportional to `weights`, none above `cap`."""
    w = list(weights)
    for _ in range(50):
        scale = total / sum(w)
        clipped = False
        for index, value in enumerate(w):
            if value * scale > cap:
                w[index] = cap / scale
                clipped = True
        if not clipped:
            break
    scale = total / sum(w)
    exact = [value * scale for value in w]
    counts = [min(int(value), cap) for value in exact]
    remainder = total - sum(counts)
    order = sorted(range(len(w)), key=lambda i: exact[i] - counts[i], reverse=True)
    while remainder > 0:
        for index in order:
            if remainder == 0:
                break
            if counts[index] < cap and w[index] > 0:
                counts[index] += 1
                remainder -= 1
    return counts


def cache_path(people: int, seed: int) -> Path:
    return DATA_DIR / f"goodwill-{people}p-seed{seed}-v{GENERATOR_VERSION}-schema{HEAD}.db"


def _info_path(db_path: Path) -> Path:
    return db_path.with_suffix(".json")


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _insert_people(
    conn: sqlite3.Connection, rng: random.Random, n: int
) -> tuple[list[Tier], list[date], dict[int, list[int]]]:
    """People with their emails, phones, links and tags; returns what the ledger needs."""
    companies = [f"{p} {s}" for p in COMPANY_PREFIXES for s in COMPANY_SUFFIXES]
    rng.shuffle(companies)
    company_cumulative = _accumulate([1.0 / (rank + 1) ** 0.8 for rank in range(len(companies))])
    company_indexes = range(len(companies))
    tier_values = [tier for tier, _share, _activity in TIERS]
    tier_cumulative = _accumulate([share for _tier, share, _activity in TIERS])
    span = (END_DAY - START_DAY).days
    tiers: list[Tier] = []
    company_of: list[int] = []
    created: list[date] = []
    members: dict[int, list[int]] = {}
    rows: list[tuple[object, ...]] = []
    emails: list[tuple[str, int, int]] = []
    phones: list[tuple[int, str, int]] = []
    links: list[tuple[int, str, int]] = []
    tags: list[tuple[int, str]] = []
    for person_id in range(1, n + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {last}"
        tier = rng.choices(tier_values, cum_weights=tier_cumulative)[0]
        company_index = -1
        if rng.random() < 0.92:
            company_index = rng.choices(company_indexes, cum_weights=company_cumulative)[0]
            members.setdefault(company_index, []).append(person_id)
        company = companies[company_index] if company_index >= 0 else None
        discipline = rng.choice(DISCIPLINES) if rng.random() < 0.9 else None
        if rng.random() < 0.97:
            created_on = START_DAY + timedelta(days=int((span - 90) * rng.random() ** 1.5))
        else:
            created_on = END_DAY - timedelta(days=rng.randrange(90))
        birthday = None
        if rng.random() < 0.35:
            birthday = date(rng.randint(1960, 2000), 1, 1) + timedelta(days=rng.randrange(365))
        met_on = None
        if rng.random() < 0.45:
            met_on = created_on - timedelta(days=rng.randrange(730))
        met_via = rng.randrange(1, person_id) if person_id > 1 and rng.random() < 0.05 else None
        cadence = rng.choice((14, 60, 90, 120)) if rng.random() < 0.04 else None
        follow_up = None
        if rng.random() < 0.01:
            follow_up = END_DAY + timedelta(days=rng.randint(-10, 20))
        snoozed = None
        if rng.random() < 0.005:
            snoozed = END_DAY + timedelta(days=rng.randint(-5, 60))
        rows.append(
            (
                person_id,
                name,
                name_key(name),
                company,
                company_key(company) or None,
                rng.choice(TITLES) if rng.random() < 0.7 else None,
                discipline,
                rng.choice(LOCATIONS) if rng.random() < 0.6 else None,
                tier.value,
                cadence,
                _iso(birthday),
                None if birthday is None else birthday.month * 100 + birthday.day,
                _iso(met_on),
                None if met_on is None else met_on.month * 100 + met_on.day,
                rng.choice(MET_HOW) if met_on is not None else None,
                met_via,
                rng.choice(NOTES) if rng.random() < 0.2 else "",
                created_on.isoformat(),
                _iso(snoozed),
                _iso(follow_up),
            )
        )
        handle = f"{first}.{last}".lower().replace(" ", "")
        domain = (company or "mail example").lower().replace(" ", "-") + ".com"
        if rng.random() < 0.85:
            emails.append((f"{handle}.{person_id}@{domain}", person_id, 0))
            if rng.random() < 0.2:
                emails.append((f"{handle}{person_id}@personal.example", person_id, 1))
        if rng.random() < 0.3:
            phones.append((person_id, f"+1 555 {person_id:07d}", 0))
        if rng.random() < 0.2:
            links.append((person_id, f"https://www.linkedin.com/in/{handle}-{person_id}", 0))
        if rng.random() < 0.35:
            for tag in rng.sample(TAGS, rng.randint(1, 3)):
                tags.append((person_id, tag))
        tiers.append(tier)
        company_of.append(company_index)
        created.append(created_on)
    conn.executemany(
        "INSERT INTO people (id, name, name_key, company, company_key, title, discipline,"
        " location, tier,"
        " cadence_days, birthday, birthday_md, met_on, met_md, met_how, met_via_id, notes,"
        " created_on, snoozed_until, follow_up_on, next_due, last_touch, last_contact,"
        " last_deposit, last_give_or_touch, balance_anchor, deposits, withdrawals, touches,"
        " their_gives, their_asks, their_cold_asks, entries)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " NULL, NULL, NULL, NULL, NULL, 0.0, 0, 0, 0, 0, 0, 0, 0)",
        rows,
    )
    conn.executemany(
        "INSERT INTO person_emails (email, person_id, position) VALUES (?, ?, ?)", emails
    )
    conn.executemany(
        "INSERT INTO person_phones (person_id, phone, position) VALUES (?, ?, ?)", phones
    )
    conn.executemany("INSERT INTO person_links (person_id, url, position) VALUES (?, ?, ?)", links)
    conn.executemany("INSERT INTO person_tags (person_id, tag) VALUES (?, ?)", tags)
    colleagues = {pid: members[c] for pid, c in enumerate(company_of, start=1) if c >= 0}
    return tiers, created, colleagues


def _insert_ledger(
    conn: sqlite3.Connection,
    rng: random.Random,
    tiers: list[Tier],
    created: list[date],
    colleagues: dict[int, list[int]],
) -> tuple[int, int]:
    """About ENTRIES_PER_PERSON * N interactions, numbered in date order like a real ledger."""
    n = len(tiers)
    activity = {tier: multiplier for tier, _share, multiplier in TIERS}
    span = (END_DAY - START_DAY).days + 1
    # Skewed (log-normal) activity, scaled by tier and by how long the person has been known.
    weights = [
        0.0
        if rng.random() < NEVER_CONTACTED
        else rng.lognormvariate(0.0, 1.6)
        * activity[tier]
        * (span - max((created_on - START_DAY).days, 0))
        / span
        for tier, created_on in zip(tiers, created, strict=True)
    ]
    total = n * ENTRIES_PER_PERSON
    counts = allocate(weights, total, MAX_ENTRIES_PER_PERSON)
    templates, probabilities = _templates()
    cumulative = list(_accumulate(probabilities))
    template_ids = range(len(templates))
    buckets: list[list[int]] = [[] for _ in range(span)]
    random_ = rng.random
    with task("plan interactions", n) as progress:
        for person_id, count in enumerate(counts, start=1):
            if count:
                low = max((created[person_id - 1] - START_DAY).days, 0)
                width = span - low
                if tiers[person_id - 1] is Tier.ARCHIVED:  # they went quiet a while ago
                    width = max(1, int(width * 0.4))
                base = person_id << 10
                days = [low + int(width * random_()) for _ in range(count)]
                chosen = rng.choices(template_ids, cum_weights=cumulative, k=count)
                for day, template in zip(days, chosen, strict=True):
                    buckets[day].append(base | template)
            if person_id % 1000 == 0 or person_id == n:
                progress.advance(1000 if person_id % 1000 == 0 else n % 1000)
    day_text = [(START_DAY + timedelta(days=offset)).isoformat() for offset in range(span)]
    insert_interaction = (
        "INSERT INTO interactions (id, occurred_on, direction, kind, channel, initiated_by,"
        " by_them, weight, note, source, source_id, batch_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'manual', NULL, NULL)"
    )
    insert_link = (
        "INSERT INTO interaction_people (interaction_id, person_id, occurred_on) VALUES (?, ?, ?)"
    )
    interaction_rows: list[tuple[object, ...]] = []
    link_rows: list[tuple[int, int, str]] = []
    interaction_id = 0
    links = 0
    with task("insert interactions", total) as progress:
        for offset, bucket in enumerate(buckets):
            on = day_text[offset]
            rng.shuffle(bucket)
            for code in bucket:
                person_id = code >> 10
                direction, kind, channel, initiator, by_them, weight = templates[code & 1023]
                interaction_id += 1
                roll = random_()
                note = NOTES[int(roll * 1000) % len(NOTES)] if roll < NOTE_SHARE else ""
                interaction_rows.append(
                    (interaction_id, on, direction, kind, channel, initiator, by_them, weight, note)
                )
                link_rows.append((interaction_id, person_id, on))
                if random_() < MULTI_PERSON:
                    pool = colleagues.get(person_id)
                    others: set[int] = set()
                    for _ in range(1 + (roll < 0.3) + (roll < 0.1)):
                        if pool and len(pool) > 1 and random_() < 0.7:
                            others.add(pool[int(random_() * len(pool))])
                        else:
                            others.add(1 + int(random_() * n))
                    others.discard(person_id)
                    link_rows.extend((interaction_id, other, on) for other in sorted(others))
                if len(interaction_rows) >= FLUSH_ROWS:
                    conn.executemany(insert_interaction, interaction_rows)
                    conn.executemany(insert_link, link_rows)
                    progress.advance(len(interaction_rows))
                    links += len(link_rows)
                    interaction_rows.clear()
                    link_rows.clear()
            bucket.clear()
        conn.executemany(insert_interaction, interaction_rows)
        conn.executemany(insert_link, link_rows)
        progress.advance(len(interaction_rows))
        links += len(link_rows)
    return interaction_id, links


def _accumulate(values: Sequence[float]) -> list[float]:
    running = 0.0
    out = []
    for value in values:
        running += value
        out.append(running)
    return out


def _insert_plans(conn: sqlite3.Connection, rng: random.Random, tiers: list[Tier]) -> None:
    """A year of daily plans: mostly done, the last twelve days in a row (a streak)."""
    live = [pid for pid, tier in enumerate(tiers, start=1) if tier is not Tier.ARCHIVED]
    days, picks = [], []
    for back in range(1, 366):
        day = END_DAY + timedelta(days=1 - back)
        completed = back <= 12 or rng.random() < 0.7
        positions = (1, 2)
        days.append((day.isoformat(), int(completed), len(positions)))
        for position in positions:
            status = "done" if completed or rng.random() < 0.5 else "skipped"
            reasons = json.dumps(["overdue by 12 days (every 182 days)"])
            picks.append((day.isoformat(), position, rng.choice(live), status, 120.0, reasons))
    conn.executemany("INSERT INTO plan_days (day, completed, planned) VALUES (?, ?, ?)", days)
    conn.executemany(
        "INSERT INTO plan_picks (day, position, person_id, status, score, reasons, batch_id)"
        " VALUES (?, ?, ?, ?, ?, ?, NULL)",
        picks,
    )


def _schema(path: Path) -> list[tuple[str, str, str, str | None]]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()
    return [(str(a), str(b), str(c), d) for a, b, c, d in rows]


def _check_schema(path: Path) -> None:
    """The bulk load dropped and rebuilt indexes: the schema must equal a fresh migration's."""
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "fresh.db"
        database = Database(f"sqlite:///{fresh}")
        database.initialise()
        database.dispose()
        expected = _schema(fresh)
    actual = _schema(path)
    if actual != expected:
        raise RuntimeError(f"{path}: schema differs from the migrations' after the bulk load")


def _load(path: Path, people: int, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-1048576")  # 1 GiB, for the index rebuilds
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("BEGIN")
        deferred = {
            name: sql
            for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            )
            if name in DEFERRED_INDEXES
        }
        for name in deferred:
            conn.execute(f'DROP INDEX "{name}"')
        tiers, created, colleagues = _insert_people(conn, rng, people)
        interactions, links = _insert_ledger(conn, rng, tiers, created, colleagues)
        _insert_plans(conn, rng, tiers)
        with task("rebuild deferred indexes", len(deferred)) as progress:
            for sql in deferred.values():
                conn.execute(sql)
                progress.advance()
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return interactions, links


def _refold(url: str, people: int) -> None:
    """Derived state by the real code path, as `goodwill reindex` builds it."""
    database = Database(url)
    try:
        with database.write() as uow, task("refold_all (derived state)", people) as progress:
            uow.settings.put(HALF_LIFE_KEY, repr(HALF_LIFE_DAYS))
            save_states = uow.people.save_states

            def counted(states: Sequence[tuple[int, DerivedState, date | None]]) -> None:
                save_states(states)
                progress.advance(len(states))

            uow.people.save_states = counted  # type: ignore[method-assign]
            refold_all(uow, HALF_LIFE_DAYS)
    finally:
        database.dispose()


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def read_info(path: Path) -> GenerationInfo | None:
    info = _info_path(path)
    if not path.exists() or not info.exists():
        return None
    try:
        return GenerationInfo(**json.loads(info.read_text()))
    except (TypeError, ValueError):
        return None


def ensure(people: int, seed: int, *, regenerate: bool = False) -> Generated:
    """The cached database for (people, seed), generating it first when missing."""
    path = cache_path(people, seed)
    if not regenerate:
        _upgrade_older(path, people, seed)
    info = None if regenerate else read_info(path)
    if info is not None:
        console.print(
            f"[dim]using cached {path.name}: {info.people:,} people, "
            f"{info.interactions:,} interactions, {info.db_bytes / 1e9:.2f} GB "
            f"(generated in {info.total_seconds:.0f}s)[/dim]"
        )
        return Generated(path, info, cached=True)
    return Generated(path, generate(people, seed, path), cached=False)


def _upgrade_older(path: Path, people: int, seed: int) -> None:
    """Bring a cache from an older schema up to date with the real migrations, as a
    user's `goodwill init` would, instead of generating it again."""
    if path.exists():
        return
    pattern = f"goodwill-{people}p-seed{seed}-v{GENERATOR_VERSION}-schema*.db"
    for older in sorted(path.parent.glob(pattern)):
        info = read_info(older)
        if info is None:
            continue
        console.print(f"upgrading {older.name} to schema {HEAD}")
        started = time.perf_counter()
        database = Database(f"sqlite:///{older}")
        database.initialise(backup=False)  # a cache: regenerated if lost
        database.dispose()
        _checkpoint(older)
        _check_schema(older)
        os.replace(older, path)
        _info_path(older).unlink(missing_ok=True)
        upgraded = GenerationInfo(
            **{**asdict(info), "schema": HEAD, "db_bytes": path.stat().st_size}
        )
        _info_path(path).write_text(json.dumps(asdict(upgraded), indent=2) + "\n")
        console.print(f"  upgraded in {time.perf_counter() - started:.1f}s")
        return


def _prune_stale(path: Path, people: int, seed: int) -> None:
    """Delete caches of this size and seed from older generators or schema revisions."""
    for stale in path.parent.glob(f"goodwill-{people}p-seed{seed}-*"):
        if stale.name.startswith(path.stem):
            continue
        console.print(f"  removing stale cache {stale.name}")
        stale.unlink(missing_ok=True)


def generate(people: int, seed: int, path: Path) -> GenerationInfo:
    path.parent.mkdir(parents=True, exist_ok=True)
    _prune_stale(path, people, seed)
    building = path.with_name(f"{path.stem}.building-{os.getpid()}.db")
    _remove(building)
    _remove(path)
    _info_path(path).unlink(missing_ok=True)
    console.print(
        f"generating {people:,} people, ~{people * ENTRIES_PER_PERSON:,} interactions "
        f"(seed {seed}) into {path.name}"
    )
    started = time.perf_counter()
    url = f"sqlite:///{building}"
    try:
        database = Database(url)
        database.initialise()
        database.dispose()
        interactions, links = _load(building, people, seed)
        loaded = time.perf_counter()
        console.print(
            f"  loaded {interactions:,} interactions, {links:,} links in {loaded - started:.1f}s"
        )
        _refold(url, people)
        refolded = time.perf_counter()
        console.print(f"  refold_all took {refolded - loaded:.1f}s")
        _checkpoint(building)
        _check_schema(building)
        for suffix in ("-wal", "-shm"):
            building.with_name(building.name + suffix).unlink(missing_ok=True)
        os.replace(building, path)
    except BaseException:
        _remove(building)
        raise
    total = time.perf_counter() - started
    info = GenerationInfo(
        people=people,
        seed=seed,
        interactions=interactions,
        interaction_people=links,
        db_bytes=path.stat().st_size,
        load_seconds=round(loaded - started, 2),
        refold_seconds=round(refolded - loaded, 2),
        total_seconds=round(total, 2),
        generator_version=GENERATOR_VERSION,
        schema=HEAD,
    )
    _info_path(path).write_text(json.dumps(asdict(info), indent=2) + "\n")
    console.print(
        f"  generated in {total:.1f}s (load {info.load_seconds:.1f}s, refold "
        f"{info.refold_seconds:.1f}s); {info.db_bytes / 1e9:.2f} GB"
    )
    return info


def describe_counts(counts: Sequence[int]) -> dict[str, float]:
    """Percentiles of entries per person (used by the report)."""
    ordered = sorted(counts)
    if not ordered:
        return {}

    def at(q: float) -> float:
        return float(ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)])

    return {"p10": at(0.10), "p50": at(0.50), "p90": at(0.90), "p99": at(0.99), "max": at(1.0)}
