"""Use cases about people: add, edit, show, list, archive, remove."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from goodwill.domain import balance as balance_rules
from goodwill.domain import limits
from goodwill.domain.cadence import days_overdue
from goodwill.domain.errors import AlreadyExists, BadInput
from goodwill.domain.links import normalise_link
from goodwill.domain.model import Entry, Person, PersonFields, Tier
from goodwill.domain.reciprocity import classify
from goodwill.domain.ties import STRENGTH
from goodwill.services.context import Context
from goodwill.services.lists import people_filter
from goodwill.services.occasions import Role, past_roles
from goodwill.services.phones import normalise_phone
from goodwill.services.resolve import namesakes, resolve
from goodwill.services.views import (
    EntryView,
    PersonData,
    PersonRef,
    Shape,
    entry_fields,
    entry_view,
    iso,
    person_data,
    person_fields,
    person_json,
    ref_of,
)
from goodwill.store.database import UnitOfWork

TIMELINE_LIMIT = 50
#: The Person page explains the balance entry by entry for this many newest entries.
BREAKDOWN_LINES = 20


@dataclass(frozen=True)
class PersonChanges:
    """What `add` or `edit` sets; None leaves a field as it is."""

    name: str | None = None
    emails: tuple[str, ...] | None = None
    add_emails: tuple[str, ...] = ()
    remove_emails: tuple[str, ...] = ()
    phones: tuple[str, ...] | None = None
    company: str | None = None
    title: str | None = None
    discipline: str | None = None
    location: str | None = None
    links: tuple[str, ...] | None = None
    #: The whole list of tags, replacing the person's (what a form or the API sends).
    tags: tuple[str, ...] | None = None
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()
    tier: Tier | None = None
    cadence_days: int | None = None
    clear_cadence: bool = False
    birthday: date | None = None
    met_on: date | None = None
    met_how: str | None = None
    met_via: str | None = None
    note: str | None = None


def check_limits(changes: PersonChanges) -> None:
    """The limits of `goodwill.domain.limits`, whichever interface the changes came from."""
    for field, value, most in (
        ("name", changes.name, limits.NAME),
        ("company", changes.company, limits.COMPANY),
        ("title", changes.title, limits.TITLE),
        ("discipline", changes.discipline, limits.DISCIPLINE),
        ("location", changes.location, limits.LOCATION),
        ("met how", changes.met_how, limits.MET_HOW),
        ("met via", changes.met_via, limits.NAME),
        ("note", changes.note, limits.NOTE),
    ):
        limits.check_text(field, value, most)
    emails = (changes.emails or ()) + changes.add_emails
    limits.check_items("email", emails, limits.EMAIL, key="emails")
    limits.check_items("phone", changes.phones, limits.PHONE, key="phones")
    limits.check_items("link", changes.links, limits.LINK, key="links")
    tags = changes.add_tags + (changes.tags or ())
    limits.check_items("tag", tuple(t.strip() for t in tags), limits.TAG, key="tags")
    limits.check_cadence(changes.cadence_days)


def _clean_email(email: str) -> str:
    cleaned = email.strip().lower()
    local, _, domain = cleaned.partition("@")
    if not local or "." not in domain or " " in cleaned:
        raise BadInput(f"bad email '{email}'", field="emails")
    return cleaned


#: The fewest digits a phone number has (a short local number, as in some small countries).
FEWEST_PHONE_DIGITS = 5
#: An extension after the number: "ext. 12", "extension 12", "x12".
_EXTENSION = re.compile(r"(?i)[\s,;]*(?:ext\.?|extension|x)\s*\d+\s*$")


def _clean_phone(phone: str, region: str | None) -> str:
    """A typed phone number in one form (`normalise_phone`), refused when it cannot be
    one: too few digits, or words where the digits should be."""
    number = _EXTENSION.sub("", phone.strip().removeprefix("tel:"))
    digits = sum(ch.isdigit() for ch in number)
    if digits < FEWEST_PHONE_DIGITS or any(ch.isalpha() for ch in number):
        raise BadInput(
            f"bad phone '{phone}': a phone number has at least {FEWEST_PHONE_DIGITS} digits "
            "and no letters",
            field="phones",
        )
    return normalise_phone(phone, region)


def _refuse_days_to_come(ctx: Context, changes: PersonChanges) -> None:
    """A birthday, or the day you met, is a day that has been (by the real date)."""
    for field, label, day in (
        ("birthday", "birthday", changes.birthday),
        ("met_on", "met on", changes.met_on),
    ):
        if day is not None and day > ctx.real_today():
            raise BadInput(f"{label}: {day.isoformat()} is in the future", field=field)


def _apply(
    uow: UnitOfWork,
    fields: PersonFields,
    changes: PersonChanges,
    person_id: int | None,
    region: str | None = None,
) -> PersonFields:
    check_limits(changes)
    emails = list(fields.emails if changes.emails is None else ())
    for email in (changes.emails or ()) + changes.add_emails:
        cleaned = _clean_email(email)
        owner = uow.people.id_by_email(cleaned)
        if owner is not None and owner != person_id:
            raise BadInput(
                f"email {cleaned} already belongs to {_named(uow, owner)}", field="emails"
            )
        if cleaned not in emails:
            emails.append(cleaned)
    for email in changes.remove_emails:
        cleaned = _clean_email(email)
        if cleaned not in emails:
            raise BadInput(f"{cleaned} is not one of {fields.name}'s emails")
        emails.remove(cleaned)
    given = [t.strip().lower() for t in changes.tags] if changes.tags is not None else None
    tags = [t for t in (fields.tags if given is None else dict.fromkeys(given)) if t]
    tags = [t for t in tags if t not in changes.remove_tags]
    tags += [t.strip().lower() for t in changes.add_tags if t.strip().lower() not in tags]
    met_via_id = fields.met_via_id
    if changes.met_via is not None:
        met_via_id = resolve(uow, changes.met_via, writing=True).id
        if met_via_id == person_id:
            raise BadInput("a person cannot be met via themselves", field="met_via")
    notes = fields.notes
    if changes.note:
        notes = f"{notes}\n{changes.note}".strip() if notes else changes.note
    name = fields.name if changes.name is None else " ".join(changes.name.split())
    if not name:
        raise BadInput("a person needs a name", field="name")
    cadence = None if changes.clear_cadence else (changes.cadence_days or fields.cadence_days)

    def pick(new: Any, old: Any) -> Any:
        return old if new is None else (new or None)

    return replace(
        fields,
        name=name,
        emails=tuple(emails),
        phones=tuple(
            fields.phones
            if changes.phones is None
            else dict.fromkeys(_clean_phone(p, region) for p in changes.phones if p.strip())
        ),
        company=pick(changes.company, fields.company),
        title=pick(changes.title, fields.title),
        discipline=pick(changes.discipline, fields.discipline),
        location=pick(changes.location, fields.location),
        links=tuple(
            fields.links
            if changes.links is None
            else dict.fromkeys(normalise_link(u) for u in changes.links if u.strip())
        ),
        tags=tuple(tags),
        tier=changes.tier or fields.tier,
        cadence_days=cadence,
        birthday=changes.birthday or fields.birthday,
        met_on=changes.met_on or fields.met_on,
        met_how=pick(changes.met_how, fields.met_how),
        met_via_id=met_via_id,
        notes=notes,
    )


def _remember_introduction(uow: UnitOfWork, person_id: int, met_via_id: int | None) -> None:
    """Met via someone: the two know each other, a tie the path search can use."""
    if met_via_id is not None:
        uow.edges.add([(person_id, met_via_id)], "introduced", STRENGTH["introduced"])


def balance_of(ctx: Context, uow: UnitOfWork, person: Person, on: date) -> float:
    return balance_rules.balance_on(person, on, ctx.half_life(uow))


def _named(uow: UnitOfWork, person_id: int) -> str:
    person = uow.people.get_state(person_id)
    return f"#{person_id}" if person is None else f"{person.name} (#{person_id})"


def add_person(
    ctx: Context,
    changes: PersonChanges,
    on: date | None = None,
    *,
    force: bool = False,
    anyway: bool = False,
) -> PersonData:
    """Add someone new. An email already known is refused (one email, one person); so is
    a known profile URL, unless `force` (two people may share a page); so is a name
    someone already has, or one near-identical to it (`resolve.namesakes`), unless
    `anyway`."""
    if not changes.name or not changes.name.strip():
        raise BadInput("a person needs a name", field="name")
    created_on = ctx.happened(on, "add someone once you know them")
    with ctx.db.write() as uow:
        _refuse_days_to_come(ctx, changes)
        fields = _apply(uow, PersonFields(name=changes.name), changes, None, ctx.config.region)
        if not anyway:
            _refuse_known_name(uow, fields.name)
        for link in fields.links if not force else ():
            owner = uow.people.id_by_link(link)
            if owner is not None:
                raise BadInput(
                    f"{link} already belongs to {_named(uow, owner)}: "
                    "goodwill edit them, or add --force to add someone new all the same",
                    field="links",
                )
        person_id = uow.people.add(fields, created_on)
        _remember_introduction(uow, person_id, fields.met_via_id)
        person = uow.people.get(person_id)
        assert person is not None
        return person_data(person, 0.0)


def _refuse_known_name(uow: UnitOfWork, name: str) -> None:
    """`AlreadyExists` when someone has this name already, or one near-identical to it
    (`namesakes`: "Maria Ivanova" when "Мария Иванова" is known, "Lefevre Dubois" when
    "Lefèvre-Dubois" is), naming the most alike (then the oldest)."""
    found = namesakes(uow, name)
    if not found:
        return
    existing = uow.people.get_state(found[0])
    known = name if existing is None else existing.name
    raise AlreadyExists(f"{known} already exists (#{found[0]})", (found[0], known), name)


def edit_person(ctx: Context, query: str, changes: PersonChanges) -> PersonData:
    with ctx.db.write() as uow:
        person = resolve(uow, query, writing=True)
        _refuse_days_to_come(ctx, changes)
        fields = _apply(uow, person.fields, changes, person.id, ctx.config.region)
        uow.people.update_fields(person.id, fields)
        _remember_introduction(uow, person.id, fields.met_via_id)
        updated = uow.people.get(person.id)
        assert updated is not None
        return person_data(updated, balance_of(ctx, uow, updated, ctx.today()))


def archive_person(ctx: Context, query: str) -> PersonData:
    return edit_person(ctx, query, PersonChanges(tier=Tier.ARCHIVED))


def find_person(
    ctx: Context, query: str, *, exact: bool = False, writing: bool = False
) -> PersonData:
    """Resolve a name without changing anything (used to confirm before `rm`, and to pick
    among look-alikes in a terminal); `exact` and `writing` as `resolve` reads them."""
    with ctx.db.read() as uow:
        person = resolve(uow, query, exact=exact, writing=writing)
        return person_data(person, balance_of(ctx, uow, person, ctx.today()))


def remove_person(ctx: Context, person_id: int) -> None:
    with ctx.db.write() as uow:
        uow.people.remove(person_id)


@dataclass(frozen=True, slots=True)
class Reciprocity(Shape):
    """The give-and-take pattern: a name (`giver`, `taker`, …) and a sentence."""

    pattern: str
    summary: str


@dataclass(frozen=True, slots=True)
class Counts(Shape):
    """How many entries of each kind the ledger holds with them."""

    deposits: int
    withdrawals: int
    touches: int
    their_gives: int
    their_asks: int


@dataclass(frozen=True, slots=True)
class PersonView(PersonData):
    """A person in full (`goodwill show`): the profile, the state derived from the ledger,
    the roles they left and the newest entries."""

    #: Days past the next due day; 0 or less when not overdue.
    days_overdue: int | None
    reciprocity: Reciprocity
    counts: Counts
    met_via: PersonRef | None
    past_roles: tuple[Role, ...]
    #: The newest entries first, as many as asked.
    timeline: tuple[EntryView, ...]
    #: Every entry with them.
    timeline_total: int


@dataclass(frozen=True, slots=True)
class CardLine(EntryView):
    """An entry of a Person page's breakdown, and what it adds to the balance today."""

    age_days: int
    points: float


@dataclass(frozen=True, slots=True)
class Breakdown(Shape):
    """How the balance adds up: the newest entries line by line, the older ones summed."""

    half_life_days: float
    lines: tuple[CardLine, ...]
    older_entries: int
    older_points: float


@dataclass(frozen=True, slots=True)
class PersonCard(PersonView):
    """A Person page's card: the person in full, and their balance explained."""

    breakdown: Breakdown


def show_person(
    ctx: Context, query: str, on: date | None = None, limit: int | None = TIMELINE_LIMIT
) -> PersonView:
    """Profile, derived state, reciprocity and the newest ledger entries."""
    day = on or ctx.today()
    with ctx.db.read() as uow:
        shown, _entries = _shown(ctx, uow, resolve(uow, query), day, limit, ctx.half_life(uow))
        return PersonView(**shown)


def card_of(
    ctx: Context, uow: UnitOfWork, person: Person, day: date, limit: int = BREAKDOWN_LINES
) -> PersonCard:
    """A Person page's card, inside a read the caller holds: `show_person`, and the balance
    explained line by line for the newest entries, the older ones summed up as the rest of
    the derived balance. Its cost is bounded by `limit`, whatever the length of the ledger."""
    half_life = ctx.half_life(uow)
    shown, entries = _shown(ctx, uow, person, day, limit, half_life)
    newest = entries[:BREAKDOWN_LINES]
    explained = balance_rules.explain(newest, day, half_life)
    shown_points = sum(line.points for line in explained.lines)
    breakdown = Breakdown(
        half_life_days=half_life,
        lines=tuple(
            CardLine(
                **entry_fields(line.entry),
                age_days=line.age_days,
                points=round(line.points, 2),
            )
            for line in explained.lines
        ),
        older_entries=max(person.state.entries - len(newest), 0),
        older_points=round(shown["balance"] - shown_points, 2),
    )
    return PersonCard(**shown, breakdown=breakdown)


def _shown(
    ctx: Context, uow: UnitOfWork, person: Person, day: date, limit: int | None, half_life: float
) -> tuple[dict[str, Any], list[Entry]]:
    """A `PersonView`'s fields (a `PersonCard` adds its own), and the entries they show."""
    balance = balance_rules.balance_on(person, day, half_life)
    entries = uow.ledger.entries_for(person.id, limit)
    if person.state.last_contact is not None and day < person.state.last_contact:
        # The stored balance counts every entry; before the latest, sum line by line.
        everything = entries if limit is None else uow.ledger.entries_for(person.id)
        balance = balance_rules.explain(everything, day, half_life).total
    pattern = classify(person.state)
    state = person.state
    via_id = person.fields.met_via_id
    via = None if via_id is None else uow.people.get(via_id)
    shown = dict(
        person_fields(person, balance),
        days_overdue=days_overdue(person.next_due, day),
        reciprocity=Reciprocity(pattern.pattern.value, pattern.summary),
        counts=Counts(
            state.deposits, state.withdrawals, state.touches, state.their_gives, state.their_asks
        ),
        met_via=None if via is None else ref_of(via),
        past_roles=past_roles(uow, person.id),
        timeline=tuple(entry_view(e) for e in entries),
        timeline_total=state.entries,
    )
    return shown, entries


@dataclass(frozen=True, slots=True)
class TimelinePage(Shape):
    """A page of someone's ledger, newest first, from `offset` on, of `total` entries."""

    person: PersonRef
    offset: int
    entries: tuple[EntryView, ...]
    total: int


def timeline_page(
    ctx: Context, query: str, offset: int, limit: int = TIMELINE_LIMIT
) -> TimelinePage:
    """A page of a person's ledger, newest first, from `offset` on: the "more" of a page."""
    with ctx.db.read() as uow:
        person = resolve(uow, query)
        entries = uow.ledger.entries_for(person.id, limit, offset=max(offset, 0))
        shown = tuple(entry_view(e) for e in entries)
        return TimelinePage(ref_of(person), offset, shown, person.state.entries)


def list_people(
    ctx: Context,
    *,
    text: str | None = None,
    tier: Tier | None = None,
    tag: str | None = None,
    discipline: str | None = None,
    due_on: date | None = None,
    limit: int | None = None,
    on: date | None = None,
) -> list[dict[str, Any]]:
    """People matching every filter given; with `due_on`, soonest due first."""
    return list(
        stream_people(
            ctx,
            text=text,
            tier=tier,
            tag=tag,
            discipline=discipline,
            due_on=due_on,
            limit=limit,
            on=on,
        )
    )


def stream_people(
    ctx: Context,
    *,
    text: str | None = None,
    tier: Tier | None = None,
    tag: str | None = None,
    discipline: str | None = None,
    due_on: date | None = None,
    limit: int | None = None,
    on: date | None = None,
) -> Iterator[dict[str, Any]]:
    """`list_people` one person at a time, as the store reads them (a page at a time):
    `goodwill list --json` writes each person before the next page is read."""
    filters = people_filter(text, tier, tag, discipline, due_on, limit)
    day = on or ctx.today()
    with ctx.db.read() as uow:
        half_life = ctx.half_life(uow)
        for person in uow.people.stream_matching(filters):
            yield person_json(person, balance_rules.balance_on(person, day, half_life))


@dataclass(frozen=True, slots=True)
class OverduePerson(Shape):
    person: PersonRef
    days_overdue: int
    tier: str
    #: ISO.
    next_due: str | None


@dataclass(frozen=True, slots=True)
class Overdue(Shape):
    """The most overdue people (`goodwill due`), and how many are overdue in all."""

    total: int
    people: tuple[OverduePerson, ...]


def list_overdue(ctx: Context, on: date | None = None, limit: int = 50) -> Overdue:
    """Overdue people, most overdue first, through the due-date index (kept while nothing is
    written: counting them reads every overdue row)."""
    day = on or ctx.today()
    with ctx.db.read() as uow:
        return ctx.cache.get_or_make(
            ("due", day, limit), uow.settings.generation(), lambda: _overdue(uow, day, limit)
        )


def _overdue(uow: UnitOfWork, day: date, limit: int) -> Overdue:
    overdue = uow.people.overdue(day, limit)
    return Overdue(
        total=uow.people.count_overdue(day),
        people=tuple(
            OverduePerson(
                person=PersonRef(person.id, person.name),
                days_overdue=days_overdue(person.next_due, day),
                tier=person.tier.value,
                next_due=iso(person.next_due),
            )
            for person in overdue
        ),
    )
