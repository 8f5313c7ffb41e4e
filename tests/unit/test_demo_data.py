"""The demo network reads like a real, lived-in network to a newcomer."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from goodwill.domain.balance import balance_from_anchor
from goodwill.domain.derive import fold
from goodwill.domain.kinds import DEFAULT_KINDS
from goodwill.domain.model import TWO_WAY_CHANNELS, Direction, Entry, Initiator, Tier
from goodwill.services.demo_data import DemoEntry, DemoNetwork, generate_demo_network

TODAY = date(2026, 3, 2)
KINDS = {kind.name: kind for kind in DEFAULT_KINDS}
D, W, T = Direction.DEPOSIT, Direction.WITHDRAWAL, Direction.TOUCH
ME, THEM = Initiator.ME, Initiator.THEM
#: (stored direction, initiated_by, by_them, the kind's own direction) that derive.py reads right.
VALID = {
    (D, ME, False, D),  # I gave
    (W, ME, False, W),  # I asked
    (T, ME, False, T),  # I caught up (or wished a happy birthday)
    (T, THEM, False, T),  # they reached out for a catch-up
    (T, THEM, True, W),  # they asked me for something
    (W, THEM, True, D),  # they gave me something
}
CADENCE = {Tier.INNER: 30, Tier.ACTIVE: 182, Tier.ACQUAINTANCE: 365}


@pytest.fixture(scope="module")
def network() -> DemoNetwork:
    return generate_demo_network(TODAY)


@pytest.fixture(scope="module")
def ledgers(network: DemoNetwork) -> dict[int, list[DemoEntry]]:
    per_person: dict[int, list[DemoEntry]] = defaultdict(list)
    for entry in network.entries:
        for index in entry.people:
            per_person[index].append(entry)
    return per_person


def weight(entry: DemoEntry) -> float:
    """The kind's weight; their asks weigh nothing (as `services.demo` loads them)."""
    return 0.0 if entry.by_them and entry.direction is T else KINDS[entry.kind].weight


def balance(entries: list[DemoEntry], on: date) -> float:
    """Gives and touches add, asks and favours received subtract, halving each year."""
    total = 0.0
    for entry in entries:
        sign = -1.0 if entry.direction is Direction.WITHDRAWAL else 1.0
        total += sign * weight(entry) * 0.5 ** ((on - entry.on).days / 365)
    return total


def next_birthday(born: date, today: date) -> date:
    for year in (today.year, today.year + 1):
        try:
            day = born.replace(year=year)
        except ValueError:
            day = date(year, 3, 1)
        if day >= today:
            return day
    raise AssertionError("unreachable")


def test_same_arguments_give_the_same_network(network: DemoNetwork) -> None:
    assert generate_demo_network(TODAY) == network
    assert generate_demo_network(TODAY, seed=8) != network


def test_size_and_tier_mix(network: DemoNetwork) -> None:
    assert len(network.people) == 300
    tiers = Counter(fields.tier for fields, _ in network.people)
    assert 10 <= tiers[Tier.INNER] <= 20
    assert 55 <= tiers[Tier.ACTIVE] <= 85
    assert 160 <= tiers[Tier.ACQUAINTANCE] <= 220
    assert 18 <= tiers[Tier.ARCHIVED] <= 32
    assert len(generate_demo_network(TODAY, size=120).people) == 120


@pytest.mark.parametrize("size", [0, 1, 7, 40])
def test_small_networks_still_work(size: int) -> None:
    small = generate_demo_network(TODAY, size=size)
    assert len(small.people) == size
    assert all(max(entry.people) < size and entry.on <= TODAY for entry in small.entries)


def test_names_are_unique_and_from_many_cultures(network: DemoNetwork) -> None:
    names = [fields.name for fields, _ in network.people]
    assert len(set(names)) == len(names)
    accented = [name for name in names if not name.isascii()]
    other_scripts = [
        name
        for name in names
        if any(char.isalpha() and not unicodedata.name(char).startswith("LATIN") for char in name)
    ]
    assert len(accented) >= 30  # "Núñez", "Søren", "Nguyễn"...
    assert 3 <= len(other_scripts) <= 20  # "山田 太郎", "Олег Смирнов": a few, not most


def test_emails_are_unique_ascii_and_mostly_present(network: DemoNetwork) -> None:
    emails = [email for fields, _ in network.people for email in fields.emails]
    assert len(set(emails)) == len(emails)
    assert all(re.fullmatch(r"[a-z0-9._]+@[a-z0-9.-]+\.example", email) for email in emails)
    counts = Counter(len(fields.emails) for fields, _ in network.people)
    assert counts[0] >= 10 and counts[2] >= 10
    assert counts[1] > counts[0] + counts[2]


def test_people_have_realistic_fields(network: DemoNetwork) -> None:
    people = [fields for fields, _ in network.people]
    assert len({fields.company for fields in people}) >= 30
    assert len({fields.discipline for fields in people}) == 10
    assert all(len(fields.tags) <= 2 for fields in people)
    assert all(fields.met_via_id is None for fields in people)
    linkedin = [link for fields in people for link in fields.links if "linkedin" in link]
    assert len(linkedin) >= 200
    assert all(re.fullmatch(r"https://www\.linkedin\.com/in/[a-z0-9-]+", link) for link in linkedin)
    assert sum(fields.birthday is not None for fields in people) in range(60, 130)
    assert any(fields.met_how and fields.met_how.startswith("met via ") for fields in people)
    assert any(fields.cadence_days for fields in people)


def test_nothing_is_dated_after_today(network: DemoNetwork) -> None:
    start = TODAY - timedelta(days=3 * 365)
    assert all(start <= entry.on <= TODAY for entry in network.entries)
    assert all(start <= created <= TODAY for _, created in network.people)
    assert [entry.on for entry in network.entries] == sorted(entry.on for entry in network.entries)
    for entry in network.entries:
        assert all(network.people[index][1] <= entry.on for index in entry.people)


def test_people_are_added_over_three_years(network: DemoNetwork) -> None:
    created = [created for _, created in network.people]
    assert created == sorted(created)
    assert 5 <= sum((TODAY - day).days < 90 for day in created) <= 15
    assert len({day.year for day in created}) >= 3


def test_every_entry_is_a_valid_kind_and_direction(network: DemoNetwork) -> None:
    for entry in network.entries:
        kind = KINDS[entry.kind]
        assert (entry.direction, entry.initiated_by, entry.by_them, kind.direction) in VALID
        assert 1 <= len(entry.people) <= 3 and entry.note
    combos = Counter(
        (entry.direction, entry.initiated_by, entry.by_them) for entry in network.entries
    )
    assert len(combos) == len(VALID)  # every kind of story appears
    assert any(len(entry.people) > 1 for entry in network.entries)


def test_about_ten_entries_per_person_kept(network: DemoNetwork) -> None:
    kept = sum(fields.tier is not Tier.ARCHIVED for fields, _ in network.people)
    assert 8 <= len(network.entries) / kept <= 15


def test_some_birthdays_fall_this_week(network: DemoNetwork) -> None:
    soon = [
        fields.name
        for fields, _ in network.people
        if fields.birthday and (next_birthday(fields.birthday, TODAY) - TODAY).days <= 7
    ]
    assert len(soon) >= 3


def test_birthdays_on_29_february_are_handled() -> None:
    today = date(2028, 2, 28)
    leap_babies = 0
    for seed in range(1, 7):
        leap = generate_demo_network(today, seed=seed, size=150)
        assert all(entry.on <= today for entry in leap.entries)
        leap_babies += sum(
            fields.birthday is not None and (fields.birthday.month, fields.birthday.day) == (2, 29)
            for fields, _ in leap.people
        )
    assert leap_babies


def test_some_warm_ties_went_dormant(
    network: DemoNetwork, ledgers: dict[int, list[DemoEntry]]
) -> None:
    dormant = [
        index
        for index, (fields, _) in enumerate(network.people)
        if fields.tier in (Tier.INNER, Tier.ACTIVE)
        and len(ledgers[index]) >= 3
        and (TODAY - ledgers[index][-1].on).days > 365
    ]
    assert len(dormant) >= 3
    last_day = {index: ledgers[index][-1].on for index in dormant}
    assert any(balance(ledgers[index], last_day[index]) > 0 for index in dormant)


def test_some_people_only_appear_after_long_silences_to_ask(
    ledgers: dict[int, list[DemoEntry]],
) -> None:
    cold = []
    for entries in ledgers.values():
        days = [entry.on for entry in entries]
        gaps = [(later - earlier).days for earlier, later in itertools.pairwise(days)]
        only_asks = all(e.by_them and e.direction is Direction.TOUCH for e in entries)
        if len(entries) >= 2 and only_asks and all(gap > 182 for gap in gaps):
            cold.append(entries)
    assert cold


def test_some_accounts_are_over_asked(ledgers: dict[int, list[DemoEntry]]) -> None:
    year_ago = TODAY - timedelta(days=365)
    over_asked = [
        entries
        for entries in ledgers.values()
        if balance(entries, TODAY) < 0
        and sum(e.direction is W and e.initiated_by is ME and e.on >= year_ago for e in entries)
        >= 3
    ]
    assert len(over_asked) >= 3


def test_some_people_give_back(ledgers: dict[int, list[DemoEntry]]) -> None:
    givers = [
        entries
        for entries in ledgers.values()
        if sum(e.by_them and e.direction is W for e in entries) >= 2
    ]
    assert len(givers) >= 5


def test_the_plan_has_people_overdue_today(
    network: DemoNetwork, ledgers: dict[int, list[DemoEntry]]
) -> None:
    """Overdue: the last entry that resets the clock is older than the person's cadence."""
    overdue = 0
    for index, (fields, _) in enumerate(network.people):
        if fields.tier not in (Tier.INNER, Tier.ACTIVE):
            continue
        resets = [
            e.on
            for e in ledgers[index]
            if (e.initiated_by is ME and not e.by_them) or e.channel in TWO_WAY_CHANNELS
        ]
        cadence = fields.cadence_days or CADENCE[fields.tier]
        if resets and (TODAY - resets[-1]).days > cadence:
            overdue += 1
    assert overdue >= 8


def test_derived_state_tells_the_same_stories(ledgers: dict[int, list[DemoEntry]]) -> None:
    """Folded by the real domain rules, the ledger shows cold asks, givers and debts."""
    states = [
        fold(
            (
                Entry(e.on, e.direction, e.kind, e.channel, e.initiated_by,
                      weight(e), e.note, id=n, by_them=e.by_them)
                for n, e in enumerate(entries)
            ),
            half_life_days=365,
        )
        for entries in ledgers.values()
    ]  # fmt: skip
    assert any(
        state.their_cold_asks >= 2 and state.their_cold_asks == state.entries for state in states
    )
    assert sum(state.their_gives >= 2 for state in states) >= 5
    assert sum(balance_from_anchor(state.balance_anchor, TODAY, 365) < 0 for state in states) >= 3
