"""Use cases of the ledger: log, undo, balance, reindex.

`record` is the one way an entry enters the ledger: it writes the entry and
brings each person's derived state up to date in the same transaction.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from operator import itemgetter
from typing import Any

from goodwill.domain import balance as balance_rules
from goodwill.domain import derive, limits
from goodwill.domain.cadence import next_due, resets_clock
from goodwill.domain.errors import BadInput, GoodwillError
from goodwill.domain.model import (
    Channel,
    DerivedState,
    Direction,
    Entry,
    Initiator,
    Person,
    PersonFields,
    tells_what_they_know,
)
from goodwill.domain.plan import EVENT_SOURCE, FOLLOW_UP_AFTER_DAYS
from goodwill.domain.ties import STRENGTH
from goodwill.services import picks
from goodwill.services.context import HALF_LIFE_KEY, Context
from goodwill.services.guard import guard
from goodwill.services.resolve import resolve
from goodwill.services.views import (
    EntryView,
    PersonRef,
    Shape,
    entry_fields,
    entry_view,
    ref_of,
)
from goodwill.store.database import UnitOfWork
from goodwill.store.ledger import FoldRow
from goodwill.store.search import NOTES_KEPT, Notes

#: Asks from them older than this (an imported archive) no longer want a follow-up.
OPEN_ASK_DAYS = 14


class Action(enum.StrEnum):
    """What happened, in the words of `goodwill log`'s flags."""

    GAVE = "gave"
    ASKED = "asked"
    TOUCH = "touch"
    THEY_GAVE = "they-gave"
    THEY_ASKED = "they-asked"


@dataclass(frozen=True)
class LogRequest:
    people: Sequence[str]
    action: Action
    kind: str | None = None
    channel: Channel = Channel.EMAIL
    them: bool = False
    on: date | None = None
    note: str = ""
    follow_up: date | None = None
    #: Record an ask even when the guard finds it cold.
    anyway: bool = False


def build_entry(ctx: Context, request: LogRequest, on: date) -> Entry:
    """Turn flags into a ledger entry: direction on my account, who initiated, weight."""
    ctx.happened(on, "the ledger records what happened")
    catalogue = ctx.config.catalogue
    action = request.action
    if action is Action.TOUCH:
        kind = catalogue.resolve(request.kind or "catch-up", Direction.TOUCH)
        direction, weight, by_them = Direction.TOUCH, kind.weight, False
    elif action in (Action.GAVE, Action.THEY_GAVE):
        kind = catalogue.resolve(request.kind or "helped", Direction.DEPOSIT)
        by_them = action is Action.THEY_GAVE
        # What they gave me draws on my account with them.
        direction = Direction.WITHDRAWAL if by_them else Direction.DEPOSIT
        weight = kind.weight
    else:
        kind = catalogue.resolve(request.kind or "favour", Direction.WITHDRAWAL)
        by_them = action is Action.THEY_ASKED
        # Their ask costs me nothing until I help; it is a touch from them.
        direction = Direction.TOUCH if by_them else Direction.WITHDRAWAL
        weight = 0.0 if by_them else kind.weight
    initiated_by = Initiator.THEM if (request.them or by_them) else Initiator.ME
    return Entry(
        on=on,
        direction=direction,
        kind=kind.name,
        channel=request.channel,
        initiated_by=initiated_by,
        weight=weight,
        note=request.note.strip(),
        by_them=by_them,
    )


def _state_after(uow: UnitOfWork, person: Person, entry: Entry, half_life: float) -> DerivedState:
    """Apply the new entry, or refold the history when it lands before the latest one."""
    if derive.is_in_order(person.state, entry) or derive.is_order_free(person.state, entry):
        return derive.apply(person.state, entry, half_life)
    return derive.fold(uow.ledger.entries_for(person.id), half_life)


def record(
    ctx: Context,
    uow: UnitOfWork,
    entry: Entry,
    person_ids: Sequence[int],
    batch_id: int | None,
    *,
    follow_up: date | None = None,
    source_id: str | None = None,
) -> Entry:
    """Write one entry for these people and keep their derived state current."""
    half_life = ctx.half_life(uow)
    interaction_id = uow.ledger.add(entry, person_ids, batch_id=batch_id, source_id=source_id)
    if entry.note and tells_what_they_know(entry.by_them, entry.direction):
        search = uow.search
        for person_id in dict.fromkeys(person_ids):
            search.add_note(person_id, entry.note, entry.on.toordinal())
    stored = Entry(**{**_fields(entry), "id": interaction_id})
    for person_id in dict.fromkeys(person_ids):
        person = uow.people.get_state(person_id)
        assert person is not None
        state = _state_after(uow, person, stored, half_life)
        uow.people.save_state(person_id, state)
        if follow_up is not None:
            if not _followed_up_since(state, entry.on):
                uow.people.set_follow_up(person_id, follow_up)
        elif _open_ask(entry, state, ctx.today()):
            uow.people.set_follow_up(person_id, entry.on + timedelta(days=FOLLOW_UP_AFTER_DAYS))
        elif (
            resets_clock(entry)
            and person.follow_up_on is not None
            and person.follow_up_on <= entry.on + timedelta(days=FOLLOW_UP_AFTER_DAYS)
        ):
            uow.people.set_follow_up(person_id, None)
    return stored


def _followed_up_since(state: DerivedState, day: date) -> bool:
    """Whether I gave or wrote after `day` already: a follow-up asked for an entry dated
    then (an event recorded afterwards) is done."""
    return state.last_give_or_touch is not None and state.last_give_or_touch > day


def _open_ask(entry: Entry, state: DerivedState, today: date) -> bool:
    """An ask from them, recent and not yet answered by anything from me, wants a follow-up.

    An old ask found in an imported archive does not: it was answered, or it is gone.
    """
    if not (entry.by_them and entry.direction is Direction.TOUCH):
        return False
    if (today - entry.on).days > OPEN_ASK_DAYS:
        return False
    return state.last_give_or_touch is None or state.last_give_or_touch < entry.on


def _follow_up_from(entries: list[Entry], state: DerivedState, today: date) -> date | None:
    """The follow-up the ledger implies: for their latest open ask, or for the event I met
    them at last when I have not been in touch since (what `event add` promised)."""
    for entry in entries:  # newest first
        if entry.source == EVENT_SOURCE and entry.channel is Channel.EVENT:
            if _followed_up_since(state, entry.on):
                return None
            return entry.on + timedelta(days=FOLLOW_UP_AFTER_DAYS)
        if entry.by_them and entry.direction is Direction.TOUCH:
            if _open_ask(entry, state, today):
                return entry.on + timedelta(days=FOLLOW_UP_AFTER_DAYS)
            return None
    return None


def _fields(entry: Entry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in entry.__slots__}


@dataclass(frozen=True, slots=True)
class Logged(Shape):
    """The entry `log` wrote, and whom it concerns."""

    entry: EntryView
    people: tuple[PersonRef, ...]


@dataclass(frozen=True, slots=True)
class Undone(Shape):
    """The write `undo` reverted: what it was, when it was made, whose state was refolded."""

    undone: str
    #: When the reverted write was made, ISO.
    at: str
    people: tuple[int, ...]
    #: Whether it took anything back: an import that only changed people already there
    #: (or added invitations) leaves nothing undo can revert, and is marked undone alone.
    took_back: bool = True
    #: The people the write added and `undo` removed with it (they had nothing else)...
    removed: int = 0
    #: ...and the names of the first of them.
    removed_names: tuple[str, ...] = ()
    #: The people the write added and `undo` kept, as entries, an event or a campaign of
    #: theirs came later...
    kept: int = 0
    #: ...and the names of the first of them.
    kept_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BalanceLine(EntryView):
    """An entry, and what it adds to the balance on the day asked: its weight times the
    decay of its age."""

    age_days: int
    factor: float
    points: float


@dataclass(frozen=True, slots=True)
class Balance(Shape):
    """A person's balance on a day, line by line (`goodwill balance`)."""

    person: PersonRef
    #: ISO.
    on: str
    half_life_days: float
    balance: float
    lines: tuple[BalanceLine, ...]


def log(ctx: Context, request: LogRequest) -> Logged:
    """`goodwill log`: one entry shared by one or more people, undoable as one write."""
    if not request.people:
        raise BadInput("name at least one person")
    limits.check_items("people", request.people, limits.EMAIL)
    limits.check_text("kind", request.kind, limits.KIND)
    limits.check_text("note", request.note, limits.NOTE)
    on = request.on or ctx.today()
    entry = build_entry(ctx, request, on)
    with ctx.db.write() as uow:
        people = [resolve(uow, query, writing=True) for query in request.people]
        guard(ctx, uow, people, entry, anyway=request.anyway)
        names = ", ".join(person.name for person in people)
        batch_id = uow.ledger.open_batch(f"log {entry.kind} with {names}", ctx.clock())
        picks.pin_today(ctx, uow, on)
        stored = record(
            ctx, uow, entry, [p.id for p in people], batch_id, follow_up=request.follow_up
        )
        # Together at one meeting or on one thread: they know each other.
        uow.edges.add_group([p.id for p in people], "together", STRENGTH["together"])
        picks.mark_logged(uow, [p.id for p in people], on, batch_id)
        return Logged(entry_view(stored), tuple(ref_of(p) for p in people))


def undo(ctx: Context, on: date | None = None) -> Undone:
    """Revert the last write (a `log`, `done`, recorded `ask`, `event add` or import), on
    day `on` (today): its entries and event go, and so do the people it added who have
    nothing else by now; the follow-ups are worked out again as of that day."""
    day = ctx.happened(on, "undo on the day it is")
    with ctx.db.write() as uow:
        batch = uow.ledger.last_batch()
        if batch is None:
            raise GoodwillError("nothing to undo")
        reverted = uow.ledger.revert_batch(batch.id)
        event_removed = uow.events.remove_recorded_by(batch.id)
        added = uow.ledger.created_by(batch.id)
        bare = uow.people.with_nothing_else(added)
        gone = set(bare)
        kept = [pid for pid in added if pid not in gone]
        removed_names = _names_of(uow, bare)
        uow.people.remove_bare(bare)
        affected = [pid for pid in reverted if pid not in gone]
        half_life = ctx.half_life(uow)
        for person_id in affected:
            entries = uow.ledger.entries_for(person_id)
            state = derive.fold(entries, half_life)
            uow.people.save_state(person_id, state)
            uow.people.set_follow_up(person_id, _follow_up_from(entries, state, day))
            # `help` no longer finds them by what the undone entries said.
            uow.search.set_notes(person_id, searched_notes(entries))
        uow.plans.reopen_batch(batch.id)
        uow.campaigns.undo_batch(batch.id)
        return Undone(
            batch.action,
            batch.created_at.isoformat(),
            tuple(affected),
            took_back=bool(reverted or added or event_removed),
            removed=len(bare),
            removed_names=removed_names,
            kept=len(kept),
            kept_names=_names_of(uow, kept),
        )


#: People `undo` names among those it removed or kept; it counts the others.
UNDO_NAMES_SHOWN = 20


def _names_of(uow: UnitOfWork, person_ids: list[int]) -> tuple[str, ...]:
    return tuple(person.name for person in uow.people.get_many(person_ids[:UNDO_NAMES_SHOWN]))


def balance(ctx: Context, query: str, on: date | None = None) -> Balance:
    """The balance and, line by line, the entries that make it."""
    day = on or ctx.today()
    with ctx.db.read() as uow:
        person = resolve(uow, query)
        half_life = ctx.half_life(uow)
        breakdown = balance_rules.explain(uow.ledger.entries_for(person.id), day, half_life)
        return Balance(
            person=ref_of(person),
            on=day.isoformat(),
            half_life_days=half_life,
            balance=round(breakdown.total, 2),
            lines=tuple(
                BalanceLine(
                    **entry_fields(line.entry),
                    age_days=line.age_days,
                    factor=round(line.factor, 4),
                    points=round(line.points, 2),
                )
                for line in breakdown.lines
            ),
        )


@dataclass(frozen=True, slots=True)
class Reindexed(Shape):
    """What `reindex` rebuilt: everyone's derived state, the entries it reweighed and the
    people whose name or company key it recomputed."""

    people: int
    reweighed_entries: int
    half_life_days: float
    rekeyed: int = 0


def reindex(ctx: Context, *, reweigh: bool = True) -> Reindexed:
    """Rebuild everything derived from the ledger and the profiles, with the config's
    weights: every person's state, next due day and search document; and the name and
    company keys that lookups go by, as goodwill folds them now."""
    half_life = ctx.config.half_life_days
    with ctx.db.write() as uow:
        rekeyed = uow.people.rekey()
        reweighed = 0
        if reweigh:
            weights = {name: kind.weight for name, kind in ctx.config.catalogue.kinds.items()}
            reweighed = uow.ledger.reweigh(weights)
        uow.settings.put(HALF_LIFE_KEY, repr(half_life))
        people = refold_all(uow, half_life)
        return Reindexed(people, reweighed, half_life, rekeyed)


def refold_all(uow: UnitOfWork, half_life: float) -> int:
    """Refold everyone (`reindex`, the demo, the benchmark generator): `refold`'s work,
    a chunk of people at a time, on the whole ledger read in one pass ordered by person."""
    ids = uow.people.ids()
    with uow.search.rebuilding():
        histories = groupby(uow.ledger.all_fold_rows(), key=itemgetter(0))
        pending = next(histories, None)
        for start in range(0, len(ids), REFOLD_CHUNK):
            chunk = ids[start : start + REFOLD_CHUNK]
            last = chunk[-1]
            rows: list[FoldRow] = []
            # Everyone's rows up to the chunk's last person (people without entries are
            # simply absent, and entries of nobody in the chunk cannot be before them).
            while pending is not None and pending[0] <= last:
                rows += pending[1]
                pending = next(histories, None)
            _refold_chunk(uow, half_life, chunk, rows, new_documents=True)
    return len(ids)


@dataclass(frozen=True, slots=True)
class Written:
    """What an import wrote for one person, which the follow-up rule reads: their latest
    ask (a touch from them) and my latest entry that keeps in touch."""

    latest_ask: date | None = None
    latest_reset: date | None = None


#: People per step of a refold: their profiles, histories and updates at once.
REFOLD_CHUNK = 500


def refold(
    uow: UnitOfWork,
    half_life: float,
    person_ids: Iterable[int],
    *,
    today: date | None = None,
    written: Mapping[int, Written] | None = None,
) -> int:
    """Rebuild these people's derived state from their whole history: the counts, dates
    and balance anchor, the next due day and the search document (profile and notes).

    The one refold of the app: `reindex` runs it on everyone (`refold_all`), and every
    bulk write (an import) on the people it touched, once, at the end of its transaction.
    With `written` (and `today`), the follow-ups that what was written implies are set,
    as `record` sets them for one entry: a recent open ask from them wants one, and an
    entry of mine that keeps in touch answers one that was due by then.
    """
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), REFOLD_CHUNK):
        chunk = ids[start : start + REFOLD_CHUNK]
        rows = uow.ledger.fold_rows(chunk)
        _refold_chunk(uow, half_life, chunk, rows, today=today, written=written)
    return len(ids)


def _refold_chunk(
    uow: UnitOfWork,
    half_life: float,
    chunk: Sequence[int],
    rows: Iterable[FoldRow],
    *,
    today: date | None = None,
    written: Mapping[int, Written] | None = None,
    new_documents: bool = False,
) -> None:
    """`refold` for one chunk of people, given their ledger rows (`LedgerRepository.fold_rows`);
    with `new_documents`, their search documents are known to be gone (`refold_all`)."""
    folds: dict[int, derive.Fold] = {}
    notes: dict[int, Notes] = {}
    for pid, person_rows in groupby(rows, key=itemgetter(0)):
        history = list(person_rows)
        folds[pid] = folder = derive.Fold(half_life)
        folder.extend(history)
        # The notes (row[4]) of entries whose code (row[2]) tells what they know, and
        # the day (row[1]) of the newest.
        noted = [row for row in history if row[4] and derive.code_tells_what_they_know(row[2])]
        if noted:
            notes[pid] = Notes(_recent([row[4] for row in noted]), noted[-1][1])
    states: list[tuple[int, DerivedState, date | None]] = []
    documents: list[tuple[int, PersonFields, Notes]] = []
    follow_ups: list[tuple[int, date | None]] = []
    for person in uow.people.get_profiles(chunk):
        folded = folds.get(person.id) or derive.Fold(half_life)
        state = folded.state()
        due = next_due(
            person_id=person.id,
            tier=person.fields.tier,
            cadence_override=person.fields.cadence_days,
            created_on=person.created_on,
            last_touch=state.last_touch,
        )
        states.append((person.id, state, due))
        documents.append((person.id, person.fields, notes.get(person.id, Notes())))
        if written is not None and today is not None and person.id in written:
            wanted = _follow_up_after(person, folded, written[person.id], today)
            if wanted != person.follow_up_on:
                follow_ups.append((person.id, wanted))
    uow.people.save_states(states)
    if new_documents:
        uow.search.add_documents(documents)
    else:
        uow.search.replace_documents(documents)
    uow.people.set_follow_ups(follow_ups)


def searched_notes(entries: Sequence[Entry]) -> Notes:
    """What `help` searches of a person's ledger, given their entries newest first (as
    `entries_for` reads them): the notes of those that tell what they know
    (`tells_what_they_know`), as `record` adds them and a refold rebuilds them."""
    noted = [e for e in entries if e.note and tells_what_they_know(e.by_them, e.direction)]
    if not noted:
        return Notes()
    return Notes(_recent([e.note for e in reversed(noted)]), noted[0].on.toordinal())


def _recent(notes: Sequence[str]) -> str:
    """The newest notes, as many as search keeps (oldest first, as they were written)."""
    kept: list[str] = []
    size = 0
    for note in reversed(notes):
        kept.append(note)
        size += len(note) + 1
        if size > NOTES_KEPT:
            break
    return " ".join(reversed(kept))


def _follow_up_after(
    person: Person, folded: derive.Fold, written: Written, today: date
) -> date | None:
    """The person's follow-up once an import wrote `written` (the rule of `record`)."""
    ask = folded.their_latest_ask
    if ask is not None and ask == written.latest_ask:
        answered = folded.latest_give_or_touch is not None and folded.latest_give_or_touch >= ask
        if (today - ask).days <= OPEN_ASK_DAYS and not answered:
            return ask + timedelta(days=FOLLOW_UP_AFTER_DAYS)
    current = person.follow_up_on
    reset = written.latest_reset
    if (
        current is not None
        and reset is not None
        and current <= reset + timedelta(days=FOLLOW_UP_AFTER_DAYS)
    ):
        return None
    return current
