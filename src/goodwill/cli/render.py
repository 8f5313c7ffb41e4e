"""Output for the terminal: Rich tables for people, JSON for scripts.

Rich honours `NO_COLOR` and drops styling when output is piped. Rich is imported on the
first print that needs it, not with this module: it costs a fresh process about 20 ms, and
`goodwill --version`, `--help` and `--json` never need it. Neither do lines of text (styled
or not) written to a pipe or a file: Rich would write them as they are (only expanding tabs
and dropping control characters), so they are written directly.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from goodwill.domain.errors import AlreadyExists, ColdAsk, GoodwillError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from goodwill.domain.model import PersonRecord
    from goodwill.services.lists import ListedPerson
    from goodwill.services.views import EntryView


@dataclass(frozen=True)
class Styled:
    """A line of plain and (text, style) parts: the styles show only in a terminal."""

    parts: tuple[str | tuple[str, str], ...]

    def __str__(self) -> str:
        return "".join(part if isinstance(part, str) else part[0] for part in self.parts)

    def rich(self) -> Text:
        from rich.text import Text

        return Text.assemble(*self.parts)


class LazyConsole:
    """A Rich console made on first use, with the settings every goodwill console shares.

    Rich reads the environment (`NO_COLOR`, `COLUMNS`) and the stream when the console is
    made; in a process that is the same whether that happens at import or at the first print.
    """

    def __init__(self, *, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    @property
    def rich(self) -> Console:
        """The Rich console itself, for Rich widgets that take one (a progress bar)."""
        if self._console is None:
            from rich.console import Console

            # No markup and no emoji codes: names and notes come from other people's files
            # and may hold square brackets or colons; styles are given explicitly (`bold`,
            # `Styled` parts).
            self._console = Console(
                stderr=self._stderr, highlight=False, soft_wrap=True, markup=False, emoji=False
            )
        return self._console

    def print(self, *objects: Any, style: str | None = None, markup: bool | None = None) -> None:
        if not markup and all(isinstance(o, str | Styled) for o in objects) and not self._styles():
            stream = self._stream()
            stream.write(" ".join(map(str, objects)) + "\n")
            stream.flush()  # as Rich does, so that stdout and stderr keep their order
            return
        rich_objects = [o.rich() if isinstance(o, Styled) else o for o in objects]
        self.rich.print(*rich_objects, style=style, markup=markup)

    def is_plain(self) -> bool:
        """Whether output goes to a pipe or a file, where nothing is styled."""
        return not self._styles()

    def _stream(self) -> TextIO:
        return sys.stderr if self._stderr else sys.stdout

    def _styles(self) -> bool:
        """Whether Rich could style this output: a terminal, or an environment variable
        that Rich takes to mean one (https://force-color.org, `TTY_COMPATIBLE`)."""
        if os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1":
            return True
        try:
            return self._stream().isatty()
        except ValueError:  # a closed stream
            return False


console = LazyConsole(stderr=False)
errors = LazyConsole(stderr=True)


def emit_json(data: dict[str, Any] | list[Any]) -> None:
    _write_json(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _write_json(text: str) -> None:
    """JSON's text as UTF-8, the encoding JSON is, whatever the terminal's: an output set to
    another (PYTHONIOENCODING=ascii) degrades names to "?" for people to read, which in
    data a script reads would be silent corruption."""
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    binary = getattr(stream, "buffer", None)
    if encoding == "utf8" or binary is None:
        stream.write(text)
        return
    stream.flush()
    binary.write(text.encode("utf-8"))
    binary.flush()


def emit_person_records(records: Iterable[PersonRecord]) -> None:
    """People as a JSON array, written as they come: the very text `emit_json` writes of a
    list of their `person_json` dictionaries."""
    from goodwill.domain.listing import json_item

    emit_json_items(map(json_item, records))


def emit_json_items(items: Iterable[str]) -> None:
    """A JSON array of items already written as `json.dumps(indent=2)` writes a list's
    items, written as they come, a batch at a time."""
    texts = iter(items)
    batch = ",\n".join(itertools.islice(texts, 1000))
    if not batch:
        _write_json("[]\n")
        return
    _write_json("[\n" + batch)
    while batch := ",\n".join(itertools.islice(texts, 1000)):
        _write_json(",\n" + batch)
    _write_json("\n]\n")


#: The columns of a people list, and what each row shows in them.
PEOPLE_COLUMNS = ("#", "name", "company", "tier", "next due", "balance")


def people_row(person: ListedPerson) -> tuple[str, ...]:
    return (
        str(person.id),
        person.name,
        person.company or "",
        person.tier.value,
        "—" if person.next_due is None else person.next_due.isoformat(),
        money(person.balance),
    )


def stream_people_lines(people: Iterable[ListedPerson]) -> int:
    """A people list to a pipe or a file: a header, then a tab-separated line per person as
    it is read (a table would wait for the last row to size its columns). The rows written."""
    sys.stdout.write("\t".join(PEOPLE_COLUMNS) + "\n")
    return _write_batched(map(_people_line, people))


def _people_line(person: ListedPerson) -> str:
    number, name, company, tier, due, balance = people_row(person)
    # Tabs and line breaks in a name would shift the columns: spaces instead. The other
    # cells are numbers, dates and tiers, which hold no white space.
    name, company = " ".join(name.split()), " ".join(company.split())
    return f"{number}\t{name}\t{company}\t{tier}\t{due}\t{balance}\n"


def _write_batched(texts: Iterable[str], batch: int = 1000) -> int:
    """Texts written to stdout as they come, a batch at a time; how many. A write per text
    would be a system call per text where Python writes unbuffered (`python -u`,
    `PYTHONUNBUFFERED`): a whole list would take twice as long."""
    pending = iter(texts)
    count = 0
    while chunk := list(itertools.islice(pending, batch)):
        sys.stdout.write("".join(chunk))
        count += len(chunk)
    return count


def styled(*parts: str | tuple[str, str]) -> Styled:
    """Text from plain and (text, style) parts: user text is never read as markup."""
    return Styled(parts)


def fail(message: str) -> None:
    """One line on stderr; the caller exits 1."""
    errors.print(styled(("error:", "bold red"), " ", message))


def refuse(error: GoodwillError) -> None:
    """A user's mistake as one line on stderr (a cold ask names the way past the guard); the
    caller exits 1."""
    if isinstance(error, ColdAsk):
        fail(f"{error}; add --anyway to record it all the same")
    elif isinstance(error, AlreadyExists):
        fail(f"{error}; add --anyway to add a second {error.name}")
    else:
        fail(str(error))


def note(message: str) -> None:
    errors.print(message, style="dim")


def money(value: float) -> str:
    return f"{value:+.1f}"


def people_table(people: list[ListedPerson], title: str | None = None) -> Table:
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    table.add_column("#", justify="right", style="dim")
    table.add_column("name")
    table.add_column("company")
    table.add_column("tier")
    table.add_column("next due")
    table.add_column("balance", justify="right")
    for person in people:
        table.add_row(*people_row(person))
    return table


def timeline_table(entries: Sequence[EntryView]) -> Table:
    from rich.table import Table

    table = Table(header_style="bold")
    table.add_column("date")
    table.add_column("what")
    table.add_column("via")
    table.add_column("by")
    table.add_column("note")
    for entry in entries:
        table.add_row(
            entry.on,
            f"{entry.direction}: {entry.kind}",
            entry.channel,
            "them" if entry.by_them or entry.initiated_by == "them" else "me",
            entry.note,
        )
    return table
