"""The `goodwill` program: the daily commands' quick path first, Typer for everything else."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from typing import NoReturn


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
    _prepare_streams()
    try:
        run()
    finally:
        gc.freeze()


def _prepare_streams() -> None:
    """Refuse to start without a standard output (`goodwill today >&-`): the command could
    change the database and never say so. Text that the output's encoding cannot hold (a
    name with an accent under `PYTHONIOENCODING=ascii` or a C locale) is written with `?`
    in its place rather than ending the command half-way."""
    if sys.stdout is None:
        if sys.stderr is not None:
            sys.stderr.write("error: standard output is closed; nothing was done\n")
        raise SystemExit(1)
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")


def run(argv: Sequence[str] | None = None, prog_name: str | None = None) -> None:
    """Run `argv` (by default the process's own arguments, which Typer then reads as it
    would, expanding wildcards on Windows): through `goodwill.cli.quick` when it reads it,
    else through Typer, which ends by raising SystemExit. `prog_name` names the program in
    Typer's usage lines (by default, as it was started).

    On either path, output that cannot be written (a full disk) and text that is not UTF-8
    (an argument typed in a Latin-1 terminal) end the command with one line and exit code 1;
    output that fails once the command's change is saved says so in that line
    (`_output_failed`).
    """
    args = sys.argv[1:] if argv is None else argv
    bad = next((arg for arg in args if not _text_or_path(arg, args)), None)
    if bad is not None:
        _fail(f"'{_shown(_around_bad(bad))}' is not UTF-8 text; nothing was done")
    try:
        try:
            _dispatch(argv, prog_name)
        finally:
            sys.stdout.flush()  # here, where a failure is caught, rather than at exit
    except UnicodeEncodeError as error:
        if "surrogate" not in error.reason:
            raise
        _fail(f"'{_shown(_around(error))}' is not UTF-8 text; nothing was recorded")
    except OSError as error:
        _output_failed(error)


def _output_failed(error: OSError) -> None:
    """End a command whose output failed: a full disk is one line, a reader that has gone
    (`goodwill today | head -3`) stops it quietly, as click does. Either way, when the
    command had saved a change, it says so (on stderr, which is still there), with the
    exit code of every failure, 1 (the interface has no other): the line, not the code,
    tells a script that running the command again would make the change twice."""
    _discard_stdout()
    from goodwill.store.database import writes_committed

    reason = "the reader has gone" if isinstance(error, BrokenPipeError) else error.strerror
    reason = reason or str(error)
    if writes_committed():
        _fail(f"saved, but could not write the output: {reason}")
    if isinstance(error, BrokenPipeError):
        raise SystemExit(1) from None
    where = f": {error.filename}" if error.filename else ""
    _fail(f"{reason}{where}")


def _text_or_path(arg: str, args: Sequence[str]) -> bool:
    """Whether an argument is UTF-8 text, or else names a file or folder that exists, or a
    file to write in a folder that exists (`export -o`, `backup`): a file's name may be in
    the file system's own bytes, which Python keeps as lone surrogates; text with them would
    fail only once it reached the database or the screen, after parts of it had been read as
    words or folded. A name that is not there yet counts as a path only where the command
    takes one: `help /caf\\xe9` is a search, and every text has a folder, `/`, to be in."""
    if arg.isascii():
        return True
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        if os.path.lexists(os.fsencode(arg)):
            return True
        value = arg.partition("=")[2] if arg.startswith("--") else arg  # --output=FILE
        folder = os.path.dirname(os.fsencode(value)) or b"."
        return os.path.isdir(folder) and _takes_a_path(args, value)
    return True


def _takes_a_path(args: Sequence[str], arg: str) -> bool:
    """Whether the command `args` runs reads `arg` as the value of a file parameter.

    The commands are built and the arguments parsed (leniently: nothing runs) only here,
    for an argument that is not UTF-8 and names nothing yet, which is rare. A group's
    context keeps the words after its options as Typer's own completion reads them."""
    import typer.main
    from typer.core import TyperGroup
    from typer.models import TyperPath

    from goodwill.cli.app import app

    command = typer.main.get_command(app)
    rest = list(args)
    while True:
        context = command.make_context("goodwill", rest, resilient_parsing=True)
        if not isinstance(command, TyperGroup):
            break
        rest = [*context._protected_args, *context.args]
        if not rest:
            return False
        _, found, rest = command.resolve_command(context, rest)
        if found is None:
            return False
        command = found
    return any(
        isinstance(param.type, TyperPath) and _holds(context.params.get(param.name or ""), arg)
        for param in command.params
    )


def _holds(value: object, arg: str) -> bool:
    """Whether a parsed parameter's value is `arg` (or, repeated, holds it)."""
    values = value if isinstance(value, (list, tuple)) else [value]
    return any(
        isinstance(item, (str, os.PathLike)) and os.fsencode(item) == os.fsencode(arg)
        for item in values
    )


def _around_bad(arg: str) -> str:
    """The argument, or the part of a long one around its first byte that is not UTF-8."""
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError as error:
        return _around(error)
    return arg


def _dispatch(argv: Sequence[str] | None, prog_name: str | None) -> None:
    from goodwill.cli import quick

    if quick.run(sys.argv[1:] if argv is None else argv):
        return
    from goodwill.cli.app import app

    app(args=None if argv is None else list(argv), prog_name=prog_name)


#: Characters shown either side of the first byte that is not UTF-8, in a long text.
_AROUND = 20


def _around(error: UnicodeEncodeError) -> str:
    """The text that would not encode, or the part of a long one around the bad byte."""
    text = error.object
    if len(text) <= 3 * _AROUND:
        return text
    start, end = max(error.start - _AROUND, 0), error.start + _AROUND
    return f"{'...' if start else ''}{text[start:end]}{'...' if end < len(text) else ''}"


def _shown(text: str) -> str:
    """`text` with each byte that was not UTF-8 (Python keeps them as lone surrogates)
    written as `\\xNN`, as the user would recognise it."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def _fail(message: str) -> NoReturn:
    from goodwill.cli.render import fail

    fail(message)
    raise SystemExit(1)


def _discard_stdout() -> None:
    """Send what is left in stdout's buffer, flushed at exit, to nowhere rather than into
    the output that just failed or went away (Python's advice for SIGPIPE)."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a file: nothing is flushed to it at exit
    os.dup2(os.open(os.devnull, os.O_WRONLY), descriptor)
