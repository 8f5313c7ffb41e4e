"""Shared plumbing for CSV exports: decoding, finding the header, rows with line numbers, dates.

Real exports are messy in predictable ways (see FORMATS.md): a BOM or UTF-16, a preamble
before the header, columns that come and go between versions, quoted fields spanning
several lines, and half a dozen date styles. Readers map columns by name, never by
position, so everything here hands out rows as dicts keyed by a normalised column name
(stripped, case-folded, spaces collapsed: `"E-mail 1 - Value"` -> `"e-mail 1 - value"`).
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import functools
import io
import operator
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar

from goodwill.domain.dates import yearless
from goodwill.importers.records import ReadOptions, Record, RecordError

if TYPE_CHECKING:
    from _csv import Reader

#: A data row: its 1-based line number in the file and its cells by normalised column name.
Row = tuple[int, dict[str, str]]
#: A data row as `load_cells` gives it: its line and the cells of the columns asked for.
Cells = tuple[int, tuple[str, ...]]
_Shaped = TypeVar("_Shaped", Row, Cells)
_Cells = TypeVar("_Cells", dict[str, str], tuple[str, ...])

#: Bytes read at a time from a file or a ZIP member (never the whole of it).
READ_SIZE = 1 << 16
#: What a broken ZIP member raises while it is unpacked.
UNPACK_ERRORS = (zipfile.BadZipFile, EOFError, zlib.error)

#: How many rows to look at for the header before deciding the file is not what we expect.
HEADER_SCAN_ROWS = 50

#: Report progress at most this often (in characters): calling back per row costs time.
_PROGRESS_STEP = 1 << 16


class Unreadable(Exception):
    """The file as a whole cannot be read (not text, not a CSV of the expected kind)."""


class Source:
    """A CSV's bytes, opened afresh for each pass and never held whole: a file, a ZIP
    member, or bytes already in memory. Its encoding is judged once, by streaming it."""

    def __init__(self, opener: Callable[[], IO[bytes]], size: int) -> None:
        self._opener = opener
        self.size = size

    @classmethod
    def of_bytes(cls, data: bytes) -> Source:
        return cls(lambda: io.BytesIO(data), len(data))

    @classmethod
    def of_path(cls, path: Path) -> Source:
        return cls(lambda: path.open("rb"), path.stat().st_size)

    def open(self) -> IO[bytes]:
        return self._opener()

    def head(self, size: int = 4096) -> bytes:
        with self.open() as stream:
            return stream.read(size)

    @functools.cached_property
    def encoding(self) -> str:
        """A BOM decides (UTF-8, UTF-16 LE/BE), else UTF-8, else cp1252; raises Unreadable.

        UTF-16 without a BOM is recognised by its zero bytes (plain ASCII text in UTF-16
        has a NUL in every other byte); text that still holds NULs is binary, not a CSV.
        """
        head = self.head()
        if head.startswith(b"\xef\xbb\xbf"):
            encodings: tuple[str, ...] = ("utf-8-sig",)
        elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
            encodings = ("utf-16",)
        elif head.count(0) > len(head) // 4:
            odd, even = head[1::2].count(0), head[0::2].count(0)
            encodings = ("utf-16-le",) if odd > even * 4 else ("utf-16-be",)
        else:
            encodings = ("utf-8", "cp1252")
        for encoding in encodings:
            verdict = self._decodes(encoding)
            if verdict is None:
                break
            if verdict:
                return encoding
        raise Unreadable("not a text file (cannot decode it as UTF-8, UTF-16 or Windows-1252)")

    def _decodes(self, encoding: str) -> bool | None:
        """Whether the whole text decodes; None when it holds a NUL (binary)."""
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with self.open() as stream:
                while chunk := stream.read(READ_SIZE):
                    if "\x00" in decoder.decode(chunk):
                        return None
                return "\x00" not in decoder.decode(b"", final=True) or None
        except UnicodeDecodeError:
            return False


#: Reads one CSV: (file name for reports, its bytes, options) -> records.
FileReader = Callable[[str, Source, ReadOptions], Iterator[Record]]


def decode(data: bytes) -> str:
    """Bytes to text as `Source.encoding` judges them (for small texts held anyway)."""
    return data.decode(Source.of_bytes(data).encoding)


class _Counted(io.RawIOBase):
    """A binary stream that counts the bytes read through it: the progress of a pass."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)

    def close(self) -> None:
        self.stream.close()
        super().close()


def column_key(cell: str) -> str:
    """The normalised form of a header cell, used as the key of every row dict."""
    return " ".join(cell.replace("\ufeff", "").split()).casefold()


def has_columns(*names: str) -> Callable[[Sequence[str]], bool]:
    """A header test: true when all `names` (normalised) are among the header's keys."""
    wanted = frozenset(column_key(name) for name in names)
    return lambda keys: wanted.issubset(keys)


@dataclass(frozen=True, slots=True)
class Table(Generic[_Shaped]):
    """A CSV whose header has been found: its column keys and a lazy stream of rows.

    `rows` yields a `RecordError` (and goes on) where the csv module gives up on a line,
    e.g. a field longer than its limit.
    """

    file: str
    columns: tuple[str, ...]
    header_line: int
    rows: Iterator[_Shaped | RecordError]


@dataclass(frozen=True, slots=True)
class _Opened:
    """A CSV opened at its header: the reader, positioned after it, and what it reads."""

    reader: Reader
    text: IO[str]
    counted: _Counted
    keys: tuple[str, ...]
    size: int


def _open(
    data: Source | bytes,
    accept: Callable[[Sequence[str]], bool],
    translate: Mapping[str, str] | None,
    what: str,
) -> _Opened:
    """Open `data` as text and find its header (see `open_table`); raises `Unreadable`."""
    source = data if isinstance(data, Source) else Source.of_bytes(data)
    encoding = source.encoding
    counted = _Counted(source.open())
    text = io.TextIOWrapper(io.BufferedReader(counted, READ_SIZE), encoding=encoding, newline="")
    reader = csv.reader(text)
    try:
        keys = _header(reader, accept, translate)
    except csv.Error as exc:
        text.close()
        raise Unreadable(f"not a readable CSV file ({exc})") from None
    except BaseException:
        text.close()
        raise
    if keys is None:
        text.close()
        raise Unreadable(f"not {what}: no header row with the expected columns")
    return _Opened(reader, text, counted, keys, source.size)


def open_table(
    file: str,
    data: Source | bytes,
    accept: Callable[[Sequence[str]], bool],
    advance: Callable[[int], None],
    translate: Mapping[str, str] | None = None,
    what: str = "the expected CSV file",
) -> Table[Row]:
    """Open `data` as text and find its header: the first row (within a few) that `accept`s.

    Rows before the header (LinkedIn's "Notes:" block) are skipped, whatever their
    length. `translate` maps localised keys to the canonical ones (German to English).
    The text is read as the rows are consumed, a block at a time, and progress reported
    in bytes, summing to the size once the rows are exhausted. Raises `Unreadable` when
    there is no such header.
    """
    opened = _open(data, accept, translate, what)
    keys = opened.keys
    rows = _rows(file, opened, _as_dict(keys), len(keys), advance)
    return Table(file, keys, opened.reader.line_num, rows)


def _as_dict(keys: tuple[str, ...]) -> Callable[[list[str]], dict[str, str]]:
    return lambda cells: dict(zip(keys, cells, strict=False))


def _picker(keys: Sequence[str], names: Sequence[str]) -> Callable[[list[str]], tuple[str, ...]]:
    """The cells of the named columns of a row, in that order. A repeated key means its
    last column, and a column that is missing reads past the header's cells, which short
    rows are padded to with "" (what a dict row's `.get(key, "")` gives)."""
    last = {key: index for index, key in enumerate(keys)}
    indexes = [last.get(name, len(keys)) for name in names]
    picked = operator.itemgetter(*indexes)
    width = max(indexes) + 1
    padding = [""] * width

    def cells_of(cells: list[str]) -> tuple[str, ...]:
        if len(cells) < width:
            cells = cells + padding[len(cells) :]
        found: tuple[str, ...] = picked(cells) if len(indexes) > 1 else (picked(cells),)
        return found

    return cells_of


def load_cells(
    file: str,
    data: Source | bytes,
    accept: Callable[[Sequence[str]], bool],
    advance: Callable[[int], None],
    names: Sequence[str],
    translate: Mapping[str, str] | None = None,
    what: str = "the expected CSV file",
) -> Table[Cells]:
    """`load_table`, with each row as the cells of the columns `names` (in that order)
    rather than a dict of them all: for readers of large files, which then read each
    cell by position and spare a dict and its lookups per row."""
    try:
        opened = _open(data, accept, translate, what)
    except Unreadable as exc:
        return _unreadable(file, data, advance, exc)
    cells_of = _picker(opened.keys, names)
    rows = _rows(file, opened, cells_of, len(opened.keys), advance)
    return Table(file, opened.keys, opened.reader.line_num, rows)


def _header(
    reader: Reader, accept: Callable[[Sequence[str]], bool], translate: Mapping[str, str] | None
) -> tuple[str, ...] | None:
    """The keys of the header row, found within the first rows; None when there is none."""
    for _ in range(HEADER_SCAN_ROWS):
        cells = next(reader, None)
        if cells is None:
            return None
        keys = tuple(column_key(cell) for cell in cells)
        if translate:
            keys = tuple(translate.get(key, key) for key in keys)
        if accept(keys):
            return keys
    return None


def column_values(
    data: Source, accept: Callable[[Sequence[str]], bool], names: Sequence[str]
) -> Iterator[tuple[str, ...]]:
    """The cells of the named columns (two or more), in that order, of each data row: a
    quick pass over a file for a few of its columns, with neither a dict per row nor line
    numbers.

    The cells are those `open_table`'s rows hold under the same keys ("" for a column or
    cell that is missing), and its blank rows are passed over too, as are the rows the
    csv module cannot read. A file without the header gives nothing.
    """
    stream = io.BufferedReader(_Counted(data.open()), READ_SIZE)  # raw, as BufferedReader wants
    with io.TextIOWrapper(stream, encoding=data.encoding, newline="") as text:
        reader = csv.reader(text)
        try:
            keys = _header(reader, accept, None)
        except csv.Error:
            return
        if keys is None:
            return
        cells_of = _picker(keys, names)
        while True:
            before = reader.line_num
            try:
                cells = next(reader, None)
            except csv.Error:
                if reader.line_num == before:
                    return
                continue
            if cells is None:
                return
            if "".join(cells).strip():
                yield cells_of(cells)


def _rows(
    file: str,
    opened: _Opened,
    shape: Callable[[list[str]], _Cells],
    columns: int,
    advance: Callable[[int], None],
) -> Iterator[tuple[int, _Cells] | RecordError]:
    """Rows, each `shape`d (a dict, or the cells asked for), with the line they start
    on; blank rows are passed over silently.

    A row starts on the line after the one where the previous row ended, which keeps line
    numbers right across quoted fields that span lines. Progress is the bytes read so far.
    The last row is held until the file ends: if it has fewer cells than the header's
    `columns`, the file was cut short in it ("Søren Kie" would be half a name), and it is
    an error.
    """
    reader, counted = opened.reader, opened.counted
    last = reader.line_num
    reported = 0
    held: tuple[int, list[str]] | None = None
    with opened.text:
        while True:
            start = last + 1
            try:
                cells = next(reader, None)
            except csv.Error as exc:
                if held is not None:
                    yield held[0], shape(held[1])
                    held = None
                yield RecordError(file, start, f"cannot read this row ({exc})")
                if reader.line_num == last:  # nothing consumed: stop rather than loop
                    break
                last = reader.line_num
                continue
            if cells is None:
                break
            last = reader.line_num
            if counted.count - reported >= _PROGRESS_STEP:
                advance(counted.count - reported)
                reported = counted.count
            # Blank: no cell holds more than whitespace (the first cell mostly tells).
            if cells and (cells[0].strip() or "".join(cells).strip()):
                if held is not None:
                    yield held[0], shape(held[1])
                held = (start, cells)
    if held is not None:
        line, cells = held
        if len(cells) < columns:
            yield RecordError(
                file,
                line,
                f"the last row has {len(cells)} of the header's {columns} columns: "
                "the file looks cut short",
            )
        else:
            yield line, shape(cells)
    advance(max(opened.size - reported, 0))


def _unreadable(
    file: str, data: Source | bytes, advance: Callable[[int], None], error: Unreadable
) -> Table[Any]:
    """A table without columns whose rows are the one error that says why the file cannot
    be read, its bytes counted as read."""
    advance(data.size if isinstance(data, Source) else len(data))
    return Table(file, (), 0, iter((RecordError(file, None, str(error)),)))


def load_table(
    file: str,
    data: Source | bytes,
    accept: Callable[[Sequence[str]], bool],
    advance: Callable[[int], None],
    translate: Mapping[str, str] | None = None,
    what: str = "the expected CSV file",
) -> Table[Row]:
    """`open_table`, never raising: an unreadable file becomes a table without columns whose
    rows are the one error that reports it (with its bytes counted as read), so readers
    need no separate path for it.
    """
    try:
        return open_table(file, data, accept, advance, translate, what)
    except Unreadable as exc:
        return _unreadable(file, data, advance, exc)


def read_export(
    path: Path,
    options: ReadOptions,
    readers: Mapping[str, FileReader],
    sniff: Callable[[Source], FileReader | None],
    expected: str,
) -> Iterator[Record]:
    """Records from a ZIP, a folder or a single file, each CSV read by its (case-folded) name.

    `readers` is ordered: files are read in that order, wherever they sit. A single file
    whose name is not in `readers` goes to `sniff`, which may recognise its header.
    Progress: a ZIP reports its own size in total, a folder the sizes of the files read,
    a single file its size. Files are named in reports as the user gave the path, ZIP
    members as `export.zip:Connections.csv`.
    """
    if path.is_dir():
        by_name = {child.name.casefold(): child for child in path.iterdir() if child.is_file()}
        found = [(by_name[name], reader) for name, reader in readers.items() if name in by_name]
        if not found:
            yield RecordError(
                str(path), None, f"nothing to read in this folder: expected {expected}"
            )
        for child, reader in found:
            yield from _read_file(child, reader, options, sniff, expected)
    elif path.suffix.casefold() == ".zip" or zipfile.is_zipfile(path):
        yield from _read_zip(path, options, readers, expected)
    else:
        yield from _read_file(path, readers.get(path.name.casefold()), options, sniff, expected)


def _read_file(
    path: Path,
    reader: FileReader | None,
    options: ReadOptions,
    sniff: Callable[[Source], FileReader | None],
    expected: str,
) -> Iterator[Record]:
    try:
        source = Source.of_path(path)
        reader = reader or sniff(source)
        if reader is None:
            options.advance(source.size)
            yield RecordError(str(path), None, f"not {expected}")
            return
        yield from reader(str(path), source, options)
    except OSError as exc:
        yield RecordError(str(path), None, f"cannot read the file ({exc.strerror})")


def _read_zip(
    path: Path, options: ReadOptions, readers: Mapping[str, FileReader], expected: str
) -> Iterator[Record]:
    """Members are matched by base name; progress is scaled to compressed sizes.

    Each member's progress (in uncompressed bytes) is scaled to its compressed size, and the
    total topped up at the end to the archive's size, so a bar sized by the file fills exactly.
    """
    size = path.stat().st_size
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        options.advance(size)
        yield RecordError(str(path), None, f"not a readable ZIP archive ({exc})")
        return
    reported = 0

    def counted(n: int) -> None:
        nonlocal reported
        reported += n
        options.advance(n)

    with archive:
        members = {_base_name(info.filename): info for info in archive.infolist()}
        found = [(members[name], reader) for name, reader in readers.items() if name in members]
        if not found:
            yield RecordError(
                str(path), None, f"nothing to read in this archive: expected {expected}"
            )
        for info, reader in found:
            file = f"{path}:{info.filename}"
            if info.file_size > MAX_MEMBER_BYTES or info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                counted(info.compress_size)
                yield RecordError(
                    file, None, f"refused: unpacks to {info.file_size:,} bytes (a zip bomb?)"
                )
                continue
            member = Source(functools.partial(archive.open, info), info.file_size)
            scaled = _scaled(counted, info.compress_size, info.file_size)
            done = reported
            try:
                yield from reader(file, member, dataclasses.replace(options, advance=scaled))
            except (*UNPACK_ERRORS, OSError) as exc:  # found as the member is unpacked
                counted(max(info.compress_size - (reported - done), 0))
                yield RecordError(file, None, f"cannot unpack it ({exc})")
    if size > reported:
        options.advance(size - reported)


#: A member larger than this, or packed tighter than this ratio, is refused unread.
#: Members are streamed, so these bound the time a hostile archive costs, not memory:
#: real LinkedIn exports are a few MB and compress about 5:1.
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200


def _base_name(filename: str) -> str:
    """The case-folded base name of a ZIP member (`export/Connections.csv` -> `connections.csv`)."""
    return filename.rstrip("/").rsplit("/", 1)[-1].casefold()


def _scaled(advance: Callable[[int], None], target: int, actual: int) -> Callable[[int], None]:
    """An advance callback that turns `actual` bytes of progress into `target` bytes."""
    seen = done = 0

    def step(n: int) -> None:
        nonlocal seen, done
        seen += n
        now = target * seen // actual if actual else target
        if now > done:
            advance(now - done)
            done = now

    return step


def where_of(file: str, line: int) -> str:
    """A record's `where`: `file:line`."""
    return f"{file}:{line}"


def clean(text: str | None) -> str:
    """Strip and collapse runs of whitespace: `"  Growth  Lead "` -> `"Growth Lead"`."""
    return " ".join(text.split()) if text else ""


def clip(text: str, limit: int = 80) -> str:
    """A short one-line note: the first `limit` characters, with an ellipsis when cut."""
    flat = clean(text)
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "januar", "jän"),
            ("feb", "februar"),
            ("mar", "mär", "märz", "mrz"),
            ("apr", "april"),
            ("may", "mai"),
            ("jun", "juni"),
            ("jul", "juli"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "okt", "oktober"),
            ("nov", "november"),
            ("dec", "dez", "dezember"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([^\W\d_]{3,9})\.?[ -](\d{4}|\d{2})$")
_MONTH_DAY_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:$|[ ,T])")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_NO_YEAR = re.compile(r"--(\d{2})-?(\d{2})$")


def _year(text: str) -> int:
    """Two-digit years pivot as strptime's `%y` does: 69-99 -> 19xx, 00-68 -> 20xx."""
    year = int(text)
    if len(text) == 2:
        year += 1900 if year >= 69 else 2000
    return year


@functools.lru_cache(maxsize=1 << 15)
def parse_date(text: str) -> date | None:
    """A date in any form the exports use; None for an empty cell; ValueError otherwise.

    Forms: `08 Feb 2026` (also German month names), `4-Apr-21` (Excel), ISO dates and
    datetimes such as `2025-06-01 14:03:22 UTC` (the date as written, i.e. the UTC day:
    no local clock is consulted, so imports are reproducible), US `1/29/26, 2:37 PM`
    (LinkedIn's invitations and recommendations), and German `14.03.2019`. Cached,
    because exports repeat the same few thousand dates over tens of thousands of rows.
    """
    stripped = text.strip()
    if not stripped:
        return None
    try:
        if match := _ISO.match(stripped):
            year, month, day = int(match[1]), int(match[2]), int(match[3])
        elif match := _DAY_MONTH_YEAR.match(stripped):
            month_number = _MONTHS.get(match[2].casefold())
            if month_number is None:
                raise ValueError
            year, month, day = _year(match[3]), month_number, int(match[1])
        elif match := _MONTH_DAY_YEAR.match(stripped):
            year, month, day = _year(match[3]), int(match[1]), int(match[2])
        elif match := _DOTTED.match(stripped):
            year, month, day = int(match[3]), int(match[2]), int(match[1])
        else:
            raise ValueError
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"unreadable date '{stripped}'") from None


def parse_birthday(text: str) -> date | None:
    """A birthday; None when empty (Outlook's empty `0/0/00` too). One without its year
    (Google's `--03-14`) is kept without it (`domain.dates.yearless`): the wish is worth
    sending, and no age is made up."""
    stripped = text.strip()
    if not stripped or stripped in {"0/0/00", "0/0/0000"}:
        return None
    if match := _NO_YEAR.match(stripped):
        try:
            return yearless(int(match[1]), int(match[2]))
        except ValueError:
            raise ValueError(f"unreadable date '{stripped}'") from None
    return parse_date(stripped)
