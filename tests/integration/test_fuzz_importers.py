"""Every importer on mangled versions of real exports: never a crash, nothing half-written.

Seeded and bounded (hypothesis): flipped bytes, cut files, inserted junk, wrong encodings.
A mangled file either imports what it can, with the rest reported, or is refused in one
line with the database left as it was. The import's last resort, which turns a reader's
unforeseen exception into one line (`ReaderFault`), fails the test: readers must give their
own errors, naming the file and line.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from goodwill.domain.errors import GoodwillError, ReaderFault
from goodwill.importers.records import ReadOptions, RecordError
from goodwill.services import imports, people
from goodwill.services.context import Context

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLES = [
    ("linkedin", FIXTURES / "linkedin" / "Connections.csv"),
    ("linkedin", FIXTURES / "linkedin" / "messages.csv"),
    ("vcard", FIXTURES / "vcards" / "apple-contacts.vcf"),
    ("vcard", FIXTURES / "vcards" / "outlook-2.1.vcf"),
    ("google-csv", FIXTURES / "csv" / "google-contacts.csv"),
    ("outlook-csv", FIXTURES / "csv" / "outlook-contacts.csv"),
    ("mbox", FIXTURES / "mail" / "takeout-sample.mbox"),
    ("ics", FIXTURES / "calendar" / "google-calendar.ics"),
]


@st.composite
def mangled(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "encode", "repeat"]))
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[position] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[position : position + draw(st.integers(1, 400))]
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=64))
        elif action == "encode":
            data = bytearray(bytes(data).decode("utf-8", "replace").encode("utf-16"))
        else:
            data[position:position] = data[position : position + 2000] * 3
    return bytes(data)


@pytest.mark.parametrize(("fmt", "sample"), SAMPLES, ids=[s.name for _, s in SAMPLES])
def test_readers_give_records_or_their_own_errors_on_mangled_exports(
    tmp_path: Path, fmt: str, sample: Path
) -> None:
    """The readers alone, without a database, so many more mangled files per run."""
    original = sample.read_bytes()
    reader = imports.reader_for(fmt)
    options = ReadOptions(me=("alex.morgan@example.com",), today=date(2026, 11, 24))

    @seed(20261203)
    @settings(max_examples=150, deadline=None)
    @given(mangled(original))
    def check(data: bytes) -> None:
        target = tmp_path / sample.name
        target.write_bytes(data)
        try:
            for record in reader(target, options):
                if isinstance(record, RecordError):
                    assert "\n" not in record.message
        except GoodwillError as error:
            assert "\n" not in str(error)

    check()


@pytest.mark.parametrize(("fmt", "sample"), SAMPLES, ids=[s.name for _, s in SAMPLES])
def test_mangled_exports_never_raise_and_never_half_write(
    sqlite_app: Context, tmp_path: Path, fmt: str, sample: Path
) -> None:
    original = sample.read_bytes()

    @seed(20261124)
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(mangled(original))
    def check(data: bytes) -> None:
        target = tmp_path / sample.name
        target.write_bytes(data)
        before = people.list_people(sqlite_app)
        try:
            report = imports.import_path(
                sqlite_app, fmt, target, me=("alex.morgan@example.com",), strict=True
            )
        except ReaderFault as fault:
            pytest.fail(f"a reader crashed on mangled input: {fault}")
        except GoodwillError as error:
            assert "\n" not in str(error)
            assert people.list_people(sqlite_app) == before  # nothing half-written
        else:
            assert report["errors"] == []

    check()
