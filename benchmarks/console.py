"""Output helpers: one Rich console, and progress that also reads well in a log file."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

console = Console(width=None if Console().is_terminal else 140)


class Task:
    """A unit of progress: a Rich bar on a terminal, else a line every tenth of the way."""

    def __init__(self, description: str, total: int, progress: Progress | None) -> None:
        self.description = description
        self.total = max(total, 1)
        self.done = 0
        self._progress = progress
        self._task: TaskID | None = None
        self._started = time.perf_counter()
        self._next_tenth = 1
        if progress is not None:
            self._task = progress.add_task(description, total=self.total)

    def advance(self, amount: int = 1) -> None:
        self.done += amount
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, amount)
            return
        tenth = min(self.done * 10 // self.total, 10)
        if tenth >= self._next_tenth:
            elapsed = time.perf_counter() - self._started
            console.print(
                f"  {self.description}: {tenth * 10}% ({self.done:,}/{self.total:,}) {elapsed:.1f}s"
            )
            self._next_tenth = tenth + 1


@contextmanager
def task(description: str, total: int) -> Iterator[Task]:
    """Progress of one phase; the bar is removed when the phase ends."""
    if not console.is_terminal:
        yield Task(description, total, None)
        return
    with Progress(
        TextColumn("  {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as progress:
        yield Task(description, total, progress)
