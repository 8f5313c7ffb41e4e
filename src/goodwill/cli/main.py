"""The `goodwill` program: the daily commands' quick path first, Typer for everything else."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence


def main() -> None:
    """Run one command in this process.

    A command starts by making about a hundred thousand objects (modules, classes, compiled
    templates) that live until the process ends. Python's cyclic collector, tuned for long
    programs, runs after every 700 new objects: it would pass over them again and again,
    freeing nothing, and once more over all of them at exit. With a first generation of
    100,000 objects it runs rarely (cycles are still collected, so memory stays bounded),
    and what is alive at the end is frozen before the interpreter shuts down (Python never
    promised to finalize objects that outlive it).
    """
    gc.set_threshold(100_000)
    try:
        run()
    finally:
        gc.freeze()


def run(argv: Sequence[str] | None = None, prog_name: str | None = None) -> None:
    """Run `argv` (by default the process's own arguments, which Typer then reads as it
    would, expanding wildcards on Windows): through `goodwill.cli.quick` when it reads it,
    else through Typer, which ends by raising SystemExit. `prog_name` names the program in
    Typer's usage lines (by default, as it was started)."""
    from goodwill.cli import quick

    if quick.run(sys.argv[1:] if argv is None else argv):
        return
    from goodwill.cli.app import app

    app(args=None if argv is None else list(argv), prog_name=prog_name)
