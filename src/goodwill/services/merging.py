"""Duplicates: find people who are likely one person, and merge them losing nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from goodwill.domain import derive
from goodwill.domain.dates import NO_YEAR
from goodwill.domain.errors import BadInput
from goodwill.domain.model import Person, PersonFields
from goodwill.domain.similarity import SAME_COMPANY, SAME_PERSON_NAME, name_words
from goodwill.services.context import Context
from goodwill.services.resolve import resolve
from goodwill.services.views import PersonRef, Shape, ref_of

MAX_BLOCK = 200


@dataclass(frozen=True, slots=True)
class Candidate(PersonRef):
    """One of a likely pair: enough to tell the two apart."""

    company: str | None
    emails: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Duplicate(Shape):
    """Two people who are likely one (`goodwill dupes`)."""

    #: How alike, 0 to 100.
    score: float
    a: Candidate
    b: Candidate
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Merged(Shape):
    """Who was merged into whom (`goodwill merge`), and the kept person's ledger entries."""

    kept: PersonRef
    merged: PersonRef
    entries: int


def _blocks(key: str) -> tuple[str, ...]:
    """People are compared only within a block: same last name and first initial, or
    same first name and last initial, so a typo in one of the two names still meets."""
    tokens = key.split()
    if not tokens:
        return ()
    return (f"l:{tokens[-1]}|{tokens[0][0]}", f"f:{tokens[0]}|{tokens[-1][0]}")


def find_duplicates(ctx: Context, limit: int = 50) -> tuple[Duplicate, ...]:
    """Likely duplicates, best first, with a score (0..100) and the reasons."""
    from rapidfuzz import fuzz

    with ctx.db.read() as uow:
        blocks: dict[str, list[tuple[int, str, str | None]]] = defaultdict(list)
        for pid, name, company in uow.people.names():
            key = name_words(name)  # a hyphen is a space: "Lefevre-Dubois" meets "Dubois"
            for block in _blocks(key):
                blocks[block].append((pid, key, company))
        pairs: list[tuple[float, int, int, list[str]]] = []
        compared: set[tuple[int, int]] = set()
        for members in blocks.values():
            if len(members) < 2 or len(members) > MAX_BLOCK:
                continue
            for index, (first_id, first_key, first_company) in enumerate(members):
                for second_id, second_key, second_company in members[index + 1 :]:
                    if (first_id, second_id) in compared:
                        continue
                    compared.add((first_id, second_id))
                    # `name_likeness` of the two names, on words already folded
                    similarity = fuzz.token_sort_ratio(first_key, second_key)
                    if similarity < SAME_PERSON_NAME:
                        continue
                    reasons = [f"names {similarity:.0f}% alike"]
                    score = similarity
                    if first_company and second_company:
                        company_match = fuzz.token_set_ratio(
                            first_company.lower(), second_company.lower()
                        )
                        if company_match >= SAME_COMPANY:
                            reasons.append("same company")
                            score = min(100.0, score + 5)
                        else:
                            score -= 15
                    pairs.append((score, first_id, second_id, reasons))
        pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
        chosen = pairs[:limit]
        people = {
            p.id: p for p in uow.people.get_many([pid for _, a, b, _ in chosen for pid in (a, b)])
        }
        return tuple(
            Duplicate(round(score, 1), _candidate(people[a]), _candidate(people[b]), tuple(reasons))
            for score, a, b, reasons in chosen
        )


def _candidate(person: Person) -> Candidate:
    return Candidate(person.id, person.name, person.fields.company, tuple(person.fields.emails))


def _year_added(kept: date | None, other: date | None) -> bool:
    """Whether `other` is the kept birthday with the year it lacked."""
    return (
        kept is not None
        and other is not None
        and kept.year == NO_YEAR != other.year
        and (kept.month, kept.day) == (other.month, other.day)
    )


def _combined(keep: PersonFields, other: PersonFields) -> PersonFields:
    """Everything of both: the kept person's values win, the other's fill the gaps."""
    filled = {
        name: getattr(other, name)
        for name in (
            "company",
            "title",
            "discipline",
            "location",
            "birthday",
            "met_on",
            "met_how",
            "met_via_id",
            "cadence_days",
            "given_name",
        )
        if getattr(keep, name) is None and getattr(other, name) is not None
    }
    if _year_added(keep.birthday, other.birthday):  # the same day, but with its year
        filled["birthday"] = other.birthday
    notes = keep.notes
    if other.notes and other.notes not in notes:
        notes = f"{notes}\n{other.notes}".strip()
    return replace(
        keep,
        **filled,
        emails=tuple(dict.fromkeys((*keep.emails, *other.emails))),
        phones=tuple(dict.fromkeys((*keep.phones, *other.phones))),
        links=tuple(dict.fromkeys((*keep.links, *other.links))),
        tags=tuple(dict.fromkeys((*keep.tags, *other.tags))),
        notes=notes,
    )


def merge(ctx: Context, keep_query: str, other_query: str) -> Merged:
    """Merge the second person into the first: profile, emails, tags, notes and timeline."""
    with ctx.db.write() as uow:
        keep = resolve(uow, keep_query, exact=True)
        other = resolve(uow, other_query, exact=True)
        if keep.id == other.id:
            raise BadInput(f"'{keep_query}' and '{other_query}' are the same person")
        fields = _combined(keep.fields, other.fields)
        if fields.met_via_id == keep.id:
            fields = replace(fields, met_via_id=None)
        uow.reassign(other.id, keep.id)
        # Two people joined are more than what one write added: no `undo` removes them.
        uow.ledger.not_created_by_any(keep.id)
        uow.people.remove(other.id)
        uow.people.update_fields(keep.id, fields)
        entries = uow.ledger.entries_for(keep.id)
        uow.people.save_state(keep.id, derive.fold(entries, ctx.half_life(uow)))
        return Merged(ref_of(keep), ref_of(other), len(entries))
