"""Getting data out and back in: export (vCard, CSV, JSON backup, iCalendar), restore, backup.

The JSON backup is the complete one: every table, so a restore brings back
people, ledger, plans, import traces and derived state exactly, and
export -> restore -> export gives the same bytes. The other formats are for
other tools and lose what those tools cannot hold.

Files written here are private (mode 0600 on POSIX): they carry notes about
other people. They are written to a temporary file beside the destination and
renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from goodwill.config import Config
from goodwill.domain.errors import BadInput, DatabaseFailed, GoodwillError
from goodwill.domain.model import Person
from goodwill.exporters import backup_json
from goodwill.exporters.backup_json import TextSink
from goodwill.services.context import Context
from goodwill.services.ledger import refold_all
from goodwill.services.link_secret import renew_link_secret
from goodwill.services.views import Shape
from goodwill.store.database import UnitOfWork
from goodwill.store.people import PeopleFilter
from goodwill.store.schema import HEAD, REVISIONS

if TYPE_CHECKING:
    # Loaded by what restores a backup, not with this module: it loads SQLAlchemy, which
    # no export but the JSON backup needs.
    from goodwill.store import dump as dump_store

FORMATS = ("vcard", "csv", "json", "ics")
#: People fetched per query while exporting: memory stays flat on big networks.
PAGE = 1000
#: Follow-ups considered for the calendar feed (far more than anyone can act on).
FEED_FOLLOW_UPS = 100_000


@dataclass(frozen=True, slots=True)
class Saved(Shape):
    """A file an export wrote, and its size."""

    path: str
    bytes: int


@dataclass(frozen=True, slots=True)
class Restored(Shape):
    """What `restore` loaded, and where the backup's config differs from this one."""

    database: str
    backup: str
    schema: str
    people: int
    entries: int
    #: Rows loaded, by table.
    tables: Mapping[str, int]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BackedUp(Shape):
    """The copy `backup` made of the database."""

    database: str
    backup: str
    bytes: int
    people: int


def config_json(config: Config) -> dict[str, Any]:
    """The settings that shape balances and plans (no machine paths: a backup travels):
    data written into the backup file, not a use case's result."""
    return {
        "half_life_days": config.half_life_days,
        "plan_size": config.plan_size,
        "recent_days": config.recent_days,
        "kinds": {
            name: {"direction": kind.direction.value, "weight": kind.weight, "label": kind.label}
            for name, kind in sorted(config.catalogue.kinds.items())
        },
    }


# -- export -------------------------------------------------------------------


def _people(uow: UnitOfWork) -> Iterator[Person]:
    """Everyone by id, a page at a time."""
    after: int | None = None
    while ids := uow.people.ids_after(after, PAGE):
        yield from uow.people.get_many(ids)
        after = ids[-1]


def _json(ctx: Context, sink: TextSink) -> None:
    with ctx.db.read() as uow:
        uow.dump.snapshot()
        backup_json.write(sink, HEAD, uow.dump.tables(), config_json(ctx.config))


def _csv(ctx: Context, on: date, sink: TextSink) -> None:
    """Everyone by id: on SQLite as lines the store writes, elsewhere as records that the
    exporter writes (the same text)."""
    from goodwill.exporters.csv_export import write_csv, write_lines
    from goodwill.services.lists import balance_on_day

    with ctx.db.read() as uow:
        uow.people.read_one_snapshot()  # the lists are read beside the people
        balance = balance_on_day(ctx, uow, on)
        lines = uow.people.csv_lines(balance)
        if lines is None:
            write_csv(sink, uow.people.stream_records(None, balance))
            return
        # Closed here, while the database is open, even when the sink fails half way (a
        # reader that has gone): left to the collector, its cursors would close after it.
        with contextlib.closing(lines):
            write_lines(sink, lines)


def _ics(ctx: Context, on: date, days: int, sink: TextSink) -> None:
    from goodwill.exporters.ics_feed import to_ics, upcoming

    if days < 1:
        raise BadInput("--days must be at least 1")
    horizon = date.fromordinal(on.toordinal() + days)
    with ctx.db.read() as uow:
        due = uow.people.matching(PeopleFilter(due_on=horizon))
        follow_ups = uow.people.follow_ups_due(horizon, FEED_FOLLOW_UPS)
    sink.write(to_ics(upcoming(due, follow_ups, on, days), on))


def _vcard(ctx: Context, v3: bool, sink: TextSink) -> None:
    from goodwill.exporters.vcard import to_vcard

    version = "3.0" if v3 else "4.0"
    with ctx.db.read() as uow:
        for person in _people(uow):
            sink.write(to_vcard(person, version=version))


def export_to(
    ctx: Context,
    fmt: str,
    sink: TextSink,
    *,
    on: date | None = None,
    v3: bool = False,
    days: int | None = None,
) -> None:
    """Write the whole network to `sink` in `fmt`: vcard, csv, json (a full backup) or ics.

    `on` is the day balances (csv) and the feed (ics) are computed for; `days`
    how far ahead the feed looks (30 by default); `v3` asks for vCard 3.0. Every
    format but the feed is written a person (or a row) at a time.
    """
    day = on or ctx.today()
    if fmt == "json":
        _json(ctx, sink)
    elif fmt == "csv":
        _csv(ctx, day, sink)
    elif fmt == "ics":
        from goodwill.exporters.ics_feed import DEFAULT_DAYS

        _ics(ctx, day, DEFAULT_DAYS if days is None else days, sink)
    elif fmt == "vcard":
        _vcard(ctx, v3, sink)
    else:
        raise BadInput(f"unknown export format '{fmt}' (use {', '.join(FORMATS)})")


def export(
    ctx: Context,
    fmt: str,
    *,
    on: date | None = None,
    v3: bool = False,
    days: int | None = None,
) -> str:
    """The export as one text (see `export_to`): for small networks and the web."""
    buffer = io.StringIO(newline="")
    export_to(ctx, fmt, buffer, on=on, v3=v3, days=days)
    return buffer.getvalue()


def _open_private(directory: Path, prefix: str) -> tuple[int, Path]:
    """A new file beside the destination, readable by its owner only (mkstemp makes it 0600)."""
    if not directory.is_dir():
        raise BadInput(f"no directory {directory}")
    handle, name = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=".tmp")
    return handle, Path(name)


def _write_private(path: Path, write: Callable[[int], None]) -> Saved:
    """Run `write` on a new private file beside `path` (an OS handle it must close), then
    rename it into place; a failure leaves no partial file. Only a file is replaced: a
    device, a pipe or a folder of that name is refused, never renamed over."""
    if path.exists() and not path.is_file():
        raise BadInput(
            f"{path} is not a regular file: name a file, or leave out -o to print the export"
        )
    handle, temporary = _open_private(path.parent, f".{path.name}.")
    try:
        write(handle)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise GoodwillError(f"cannot write {path}: {error.strerror or error}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return Saved(str(path), path.stat().st_size)


def save_with(path: Path, produce: Callable[[TextIO], None]) -> Saved:
    """Write what `produce` writes (UTF-8 text, line ends as given) to `path` atomically,
    with mode 0600, replacing any older export."""

    def write(handle: int) -> None:
        with open(handle, "w", encoding="utf-8", newline="", buffering=1 << 20) as output:
            produce(output)
            output.flush()
            os.fsync(output.fileno())

    return _write_private(path, write)


def save(path: Path, data: str | bytes) -> Saved:
    """Write an export (text or bytes) to `path` atomically with mode 0600."""
    encoded = data.encode("utf-8") if isinstance(data, str) else data

    def write(handle: int) -> None:
        with os.fdopen(handle, "wb") as output:
            output.write(encoded)
            output.flush()
            os.fsync(output.fileno())

    return _write_private(path, write)


# -- restore ------------------------------------------------------------------


def _config_notes(ctx: Context, saved: dict[str, Any]) -> tuple[str, ...]:
    """Where the backup's config differs from this one: worth saying, not worth refusing."""
    current = config_json(ctx.config)
    notes = []
    for key in ("half_life_days", "plan_size", "recent_days", "kinds"):
        if key in saved and saved[key] != current[key]:
            shown = "the kinds catalogue" if key == "kinds" else f"{key} = {saved[key]!r}"
            notes.append(f"the backup was made with {shown}; your config differs")
    return tuple(notes)


def _open_backup(source: Path) -> TextIO:
    try:
        return source.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise BadInput(f"{source}: no such file") from None
    except OSError as error:
        raise BadInput(f"{source}: {error.strerror or error}") from None


def _stage(text: TextIO, staging: dump_store.Staging) -> backup_json.Envelope:
    """Read the backup through, checking every row and parking it; its envelope."""
    from goodwill.store import dump as dump_store

    envelope = backup_json.Envelope()
    known = dump_store.known_tables()
    derived_tables = dump_store.derived_table_names()
    saw_tables = False
    for item in backup_json.read(text):
        if isinstance(item, backup_json.Field):
            envelope.take(item)
            if item.key == "schema" and item.value not in REVISIONS:
                raise BadInput(
                    f"the backup has schema {item.value}, newer than this goodwill knows "
                    f"({HEAD}): upgrade goodwill to restore it"
                )
        elif isinstance(item, backup_json.TableStart):
            saw_tables = True
            if item.name not in known and item.name not in derived_tables:
                raise BadInput(f"unknown table '{item.name}' (a backup from a newer goodwill?)")
        elif item.table in known:
            row = dump_store.prepare_row(known[item.table], item.number, item.value)
            if row is not None:
                staging.add(item.table, row)
    envelope.check(saw_tables=saw_tables)
    return envelope


#: What a table holds, in the user's words (a table not named here: "other records").
_HELD_IN = {
    "people": "people",
    "person_emails": "people",
    "person_phones": "people",
    "person_links": "people",
    "person_tags": "people",
    "person_roles": "people",
    "person_sources": "people",
    "person_cards": "people",
    "interactions": "ledger entries",
    "interaction_people": "ledger entries",
    "batches": "ledger entries",
    "batch_people": "ledger entries",
    "edges": "who-knows-whom ties",
    "events": "events",
    "event_people": "events",
    "campaigns": "campaigns",
    "campaign_people": "campaigns",
    "plan_days": "daily plans",
    "plan_picks": "daily plans",
    "occasions": "occasions",
    "triage": "invitations to triage",
}


def _what_is_there(tables: list[str]) -> str:
    """ "people, ledger entries and events": what the non-empty tables hold, once each."""
    found = {_HELD_IN.get(table, "other records") for table in tables}
    # In the order the table above names them (people first), whatever order `tables` has.
    held = [what for what in dict.fromkeys([*_HELD_IN.values(), "other records"]) if what in found]
    return held[0] if len(held) == 1 else f"{', '.join(held[:-1])} and {held[-1]}"


def restore(ctx: Context, source: Path | str, *, name: str | None = None) -> Restored:
    """Load a JSON backup (a file, or its text) into an empty database: all or nothing.

    A database that does not exist yet is created first. The backup is read as a
    stream and every value checked as the app will read it; derived state (balances,
    counts, due dates, search documents) is recomputed from the ledger, never taken
    from the file, and the snooze-link secret is made anew. Errors are one line naming
    the file and the first bad value (table, row, column): bad JSON (with line and
    column), not a backup, a newer schema, a row the database refuses. Nothing is
    written unless everything is.
    """
    label = name or (str(source) if isinstance(source, Path) else "backup")
    from goodwill.store import dump as dump_store

    text = _open_backup(source) if isinstance(source, Path) else io.StringIO(source)
    staging = dump_store.Staging()
    try:
        with text:
            try:
                envelope = _stage(text, staging)
            except GoodwillError as error:
                raise BadInput(f"{label}: {error}") from None
        if ctx.db.revision() is None:
            ctx.db.initialise()
        with ctx.db.write() as uow:
            busy = uow.dump.non_empty_tables()
            if busy:
                raise GoodwillError(
                    f"the database at {ctx.db.where} already holds {_what_is_there(busy)}, "
                    "and a restore would mix the backup into it: restore into a new one, "
                    "e.g. goodwill --db NEW.db restore BACKUP"
                )
            try:
                written = uow.dump.load(staging)
            except BadInput as error:
                raise BadInput(f"{label}: {error}") from None
            except GoodwillError as error:
                raise GoodwillError(f"{label}: {error}") from None
            refold_all(uow, ctx.half_life(uow))
            renew_link_secret(uow)
    finally:
        staging.close()
    assert envelope.schema is not None  # `_stage` refuses a backup that does not say it
    return Restored(
        database=ctx.db.where,
        backup=label,
        schema=envelope.schema,
        people=written.get("people", 0),
        entries=written.get("interactions", 0),
        tables=written,
        notes=_config_notes(ctx, envelope.config or {}),
    )


# -- backup -------------------------------------------------------------------


def _place(temporary: Path, path: Path, overwrite: bool) -> None:
    """Move the finished copy into place; without `overwrite`, never over an existing file."""
    if overwrite:
        os.replace(temporary, path)
        return
    try:
        os.link(temporary, path)  # atomic, and fails if `path` appeared meanwhile
    except FileExistsError:
        raise BadInput(f"{path} exists: pass --force to overwrite it") from None
    except OSError:  # a filesystem without hard links
        if path.exists():
            raise BadInput(f"{path} exists: pass --force to overwrite it") from None
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def backup(ctx: Context, path: Path, *, overwrite: bool = False) -> BackedUp:
    """A consistent copy of the SQLite file, taken while other processes keep using it.

    SQLite's online backup API copies one committed snapshot, WAL content
    included, without stopping writers; the copy is a self-contained file (no
    -wal beside it) created 0600 and renamed into place once complete.
    """
    database = ctx.db.file
    if database is None:
        raise BadInput(
            "backup copies a SQLite file; for PostgreSQL use pg_dump "
            "(or `goodwill export json` for a portable backup)"
        )
    path = path.expanduser()
    if path.exists() and path.resolve() == database.resolve():
        raise BadInput(f"{path} is the database itself: choose another path")
    if path.exists() and not overwrite:
        raise BadInput(f"{path} exists: pass --force to overwrite it")
    with ctx.db.read():
        pass  # refuses a missing database, or one of another schema, before copying anything
    handle, temporary = _open_private(path.parent, f".{path.name}.")
    os.close(handle)
    try:
        people = ctx.db.copy_to(temporary)
        _place(temporary, path, overwrite)
    except (OSError, DatabaseFailed) as error:
        raise GoodwillError(f"cannot back up to {path}: {error}") from None
    finally:
        temporary.unlink(missing_ok=True)
    return BackedUp(ctx.db.where, str(path), path.stat().st_size, people)
