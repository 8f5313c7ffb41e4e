"""`goodwill import FORMAT PATH`: read an export and write it in one transaction.

Readers (`goodwill.importers`) turn files into records; `services.importer`
matches them to people. A dry run does everything and rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from goodwill.domain.errors import BadInput, GoodwillError
from goodwill.importers.records import ReadOptions, Record
from goodwill.services.context import Context
from goodwill.services.importer import Importer, ImportReport

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
}


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


def _guarded(records: Iterator[Record], path: Path) -> Iterator[Record]:
    """A reader that trips over input it did not foresee ends the import with one line
    naming the file, instead of a traceback (the transaction keeps nothing)."""
    try:
        yield from records
    except (GoodwillError, OSError):
        raise
    except Exception as error:
        raise BadInput(f"{path}: cannot read it ({type(error).__name__}: {error})") from None


class _Rollback(Exception):
    """Raised inside the transaction of a dry run so that nothing is kept."""


def import_path(
    ctx: Context,
    fmt: str,
    path: Path,
    *,
    dry_run: bool = False,
    strict: bool = False,
    me: tuple[str, ...] = (),
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """`goodwill import FORMAT PATH`: all or nothing, in one transaction.

    A dry run does the whole import and rolls it back, so its report says
    exactly what a real run would do.
    """
    if not path.exists():
        raise BadInput(f"{path}: no such file or directory")
    reader = reader_for(fmt)
    total = _size(path)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if on_progress is not None:
            on_progress(min(done, total), total)

    options = ReadOptions(
        me=tuple(a.lower() for a in me) or ctx.config.me,
        today=ctx.today(),
        region=ctx.config.region,
        advance=advance,
    )
    report = ImportReport()
    try:
        with ctx.db.write() as uow:
            batch_id = uow.ledger.open_batch(f"import {fmt} {path.name}", ctx.clock())
            importer = Importer(ctx, uow, batch_id)
            for item in _guarded(reader(path, options), path):
                importer.feed(item, strict=strict)
            importer.flush()
            report = importer.report
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    except (OSError, UnicodeError) as error:
        raise GoodwillError(f"{path}: {error}") from None
    result = report.to_json()
    result["dry_run"] = dry_run
    return result
