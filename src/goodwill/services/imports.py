"""`goodwill import [FORMAT] PATH`: read an export and write it in one transaction.

`importers.detect` tells what a path holds (picking the format, or refusing a file of
another kind); readers (`goodwill.importers`) turn files into records; `services.record_writer`
matches them to people. A dry run does everything and rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from goodwill.domain.dates import DateOrder
from goodwill.domain.errors import BadInput, GoodwillError, NeedsMe, ReaderFault
from goodwill.importers import mail
from goodwill.importers.detect import EMPTY, WHAT, Detected, detect
from goodwill.importers.records import ReadOptions, Record
from goodwill.services.context import Context
from goodwill.services.record_writer import UNKNOWN_PERSON, ImportReport, write_records

Reader = Callable[[Path, ReadOptions], Iterator[Record]]

#: Format name → (module, function): readers load only when their format is used.
FORMATS: dict[str, tuple[str, str]] = {
    "linkedin": ("goodwill.importers.linkedin", "read"),
    "vcard": ("goodwill.importers.vcard", "read"),
    "google-csv": ("goodwill.importers.contacts_csv", "read_google"),
    "outlook-csv": ("goodwill.importers.contacts_csv", "read_outlook"),
    "mbox": ("goodwill.importers.mail", "read_mbox"),
    "maildir": ("goodwill.importers.mail", "read_maildir"),
    "ics": ("goodwill.importers.calendar", "read_ics"),
    "whatsapp": ("goodwill.importers.whatsapp", "read"),
    "telegram": ("goodwill.importers.telegram", "read"),
    "slack": ("goodwill.importers.slack", "read"),
}


def skips_together(skips: list[dict[str, Any]]) -> list[tuple[dict[str, Any], int]]:
    """Each skipped place and reason once, in the order first seen, with how often it was
    skipped: a recurring meeting with guests nobody knows is one line, not one an
    occurrence."""
    counted: dict[tuple[Any, Any, Any], tuple[dict[str, Any], int]] = {}
    for skip in skips:
        key = (skip["file"], skip["line"], skip["reason"])
        first, times = counted.get(key, (skip, 0))
        counted[key] = (first, times + 1)
    return list(counted.values())


def reader_for(fmt: str) -> Reader:
    import importlib

    if fmt not in FORMATS:
        raise BadInput(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
    module_name, function = FORMATS[fmt]
    reader: Reader = getattr(importlib.import_module(module_name), function)
    return reader


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _text_of(name: str) -> str:
    """A file's name as text to keep: a name in the file system's own bytes (not UTF-8)
    with each such byte as U+FFFD, as no database takes the lone surrogates Python keeps
    them as."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _guarded(records: Iterator[Record], path: Path) -> Iterator[Record]:
    """A reader that trips over input it did not foresee ends the import with one line
    naming the file, instead of a traceback (the transaction keeps nothing)."""
    try:
        yield from records
    except (GoodwillError, OSError):
        raise
    except Exception as error:
        raise ReaderFault(f"{path}: cannot read it ({type(error).__name__}: {error})") from None


class _Rollback(Exception):
    """Raised inside the transaction of a dry run so that nothing is kept."""


#: Formats detection knows by a first line or a few keys: a file of no known kind named as
#: one of them goes to its reader, which says more exactly what is wrong (which line, what
#: is missing) than detection can.
SNIFFED = frozenset({"whatsapp", "telegram", "slack"})
#: Formats that tell my messages from theirs by my own address: what importing one is,
#: and what it needs my address for.
NEEDS_ME = {
    "mbox": ("importing mail", "to tell your messages from theirs"),
    "maildir": ("importing mail", "to tell your messages from theirs"),
    "ics": ("importing a calendar", "to find you among each meeting's guests"),
    "whatsapp": ("importing a chat", "to tell your messages from theirs"),
    "slack": ("importing a Slack export", "to tell your messages from theirs"),
}
#: Why a message is neither from me nor to me, and why one that is gave no new touch.
NOT_MINE = mail.NOT_MINE
MINE = frozenset({mail.ONLY_ME, mail.DUPLICATE, UNKNOWN_PERSON})


def _detected(path: Path) -> Detected:
    try:
        return detect(path)
    except OSError as error:
        raise BadInput(f"{path}: cannot read it ({error.strerror or error})") from None


def choose_format(path: Path, fmt: str | None) -> tuple[str, Detected]:
    """The format to read `path` with, and what detection found there.

    Without a format, detection picks one. With one, a file detection knows to be of
    another kind (or of no kind goodwill reads) is refused in one line naming both, and
    the command that would read it (a chat export's reader judges a file of no known kind).
    """
    if not path.exists():
        raise BadInput(f"{path}: no such file or directory")
    if fmt is not None:
        reader_for(fmt)  # an unknown format is the first thing to say
    found = _detected(path)
    if found.what == EMPTY:
        raise BadInput(f"{path}: the file is empty: nothing to import")
    if fmt is None:
        if found.format is None:
            raise BadInput(
                f"{path}: cannot tell what to import: this is {found.what} "
                f"(goodwill reads {', '.join(FORMATS)})"
            )
        return found.format, found
    if fmt in WHAT and found.format != fmt:
        if found.format is not None:
            raise BadInput(
                f"{path}: this is {found.what}, not {WHAT[fmt]}: import it as {found.format}"
            )
        if fmt not in SNIFFED:
            raise BadInput(f"{path}: not {WHAT[fmt]}: this is {found.what}")
    return fmt, found


#: Formats where I am known by the name the app shows, not only by an address.
NAMED_IN_CHAT = frozenset({"whatsapp", "slack"})


def _my_addresses(ctx: Context, fmt: str, me: tuple[str, ...]) -> tuple[str, ...]:
    """Who I am in the file: `--me`, else the config's addresses and, in a chat, its name."""
    addresses = tuple(a.strip().lower() for a in me if a.strip())
    if not addresses:
        addresses = ctx.config.me
        if fmt in NAMED_IN_CHAT and ctx.config.name:
            addresses = (*addresses, ctx.config.name.strip().lower())
    if fmt in NEEDS_ME and not addresses:
        doing, purpose = NEEDS_ME[fmt]
        if fmt in NAMED_IN_CHAT:
            raise NeedsMe(
                doing,
                "your name as the chat shows it,",
                purpose,
                'pass --me "Your Name", or set it once: goodwill config set name "Your Name"',
            )
        raise NeedsMe(
            doing,
            "your own address",
            purpose,
            "pass --me you@example.com, or set it once: goodwill config set me you@example.com",
        )
    return addresses


def _check_found_something(path: Path, found: Detected, report: ImportReport) -> None:
    """An import that read nothing at all is an error, never "0 created"."""
    counted = (
        (report.created + report.updated + report.merged + report.unchanged + report.entries)
        + (report.already_recorded + report.invitations + report.invitations_known)
        + (report.invitations_sent)
        + (report.occasions)
    )
    if counted:
        return
    if report.errors:
        first = report.errors[0]
        where = first["file"] + (f":{first['line']}" if first["line"] else "")
        more = len(report.errors) - 1
        others = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
        raise BadInput(f"{where}: {first['message']}{others}: nothing was imported")
    if report.skip_reasons.get(NOT_MINE) and not report.skip_reasons.keys() & MINE:
        raise BadInput(
            f"{path}: no message in it is from or to your address: "
            "is --me (or the config's me) right?"
        )
    if not report.skipped:
        raise BadInput(f"{path}: found nothing to import in {found.what}")


def _date_order(order: str | None) -> str | None:
    if order is not None and order not in {known.value for known in DateOrder}:
        raise BadInput(f"--date-order {order}: use dmy (31/12/25) or mdy (12/31/25)")
    return order


def import_path(
    ctx: Context,
    fmt: str | None,
    path: Path,
    *,
    dry_run: bool = False,
    strict: bool = False,
    me: tuple[str, ...] = (),
    keep_text: bool = False,
    date_order: str | None = None,
    on: date | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    named: str | None = None,
) -> dict[str, Any]:
    """`goodwill import [FORMAT] PATH`: all or nothing, in one transaction.

    Without a format, the file's kind is detected; either way the report says which
    format was read (`format`) and what was found (`found`). A dry run does the whole
    import and rolls it back, so its report says exactly what a real run would do. An
    import that finds nothing to import raises `BadInput`, with nothing written. `on` is
    the import's day (default today): connections and recommendations within a month of
    it are news. `named` is the file's name as the user knows it (an upload's, which is
    read from a file of another name): `undo` names the import by it.
    """
    day = ctx.happened(on, "an import records what happened up to its day")
    fmt, found = choose_format(path, fmt)
    reader = reader_for(fmt)
    total = _size(path)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if on_progress is not None:
            on_progress(min(done, total), total)

    options = ReadOptions(
        me=_my_addresses(ctx, fmt, me),
        today=day,
        region=ctx.config.region,
        advance=advance,
        keep_text=keep_text,
        date_order=_date_order(date_order),
    )
    report = ImportReport()
    try:
        with ctx.db.write() as uow:
            batch_id = uow.ledger.open_batch(
                f"import {fmt} {_text_of(named or path.name)}", ctx.clock()
            )
            records = _guarded(reader(path, options), path)
            report = write_records(ctx, uow, records, batch_id=batch_id, strict=strict, today=day)
            _check_found_something(path, found, report)
            if not report.changed_anything:  # nothing for `undo` to take back, or to list
                uow.ledger.drop_batch(batch_id)
            # `brief` keeps what names me out of the topics, as it does the config's.
            uow.settings.remember_import_me(tuple(a.strip().lower() for a in me))
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    except (OSError, UnicodeError) as error:
        raise GoodwillError(f"{path}: {error}") from None
    result = report.to_json()
    result["dry_run"] = dry_run
    result["format"] = fmt
    result["found"] = found.what
    return result
