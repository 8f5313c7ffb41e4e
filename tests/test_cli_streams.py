"""What `goodwill` does when its output cannot take what it writes, or its input is not UTF-8:
one line on stderr and exit code 1 (or text degraded to `?`), never a traceback.

Each case runs a fresh process, as a shell would start it: the streams are the process's own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ON = ("--on", "2026-07-01")


def _goodwill(env: dict[str, str], *args: str | bytes, **popen: Any) -> tuple[int, str, str]:
    """Run `goodwill ARGS` in a new process: its exit code, stdout and stderr."""
    popen.setdefault("stdout", subprocess.PIPE)
    result = subprocess.run(
        [sys.executable, "-m", "goodwill", *args],
        stderr=subprocess.PIPE,
        env={"NO_COLOR": "1", **env, "PATH": str(Path(sys.executable).parent)},
        check=False,
        **popen,
    )
    out = result.stdout.decode("utf-8", "replace") if result.stdout else ""
    return result.returncode, out, result.stderr.decode("utf-8", "replace")


@pytest.fixture
def network(env: dict[str, str]) -> Iterator[dict[str, str]]:
    for args in (
        ["init"],
        ["add", "Zoë Ångström", "--company", "Acme", "--tier", "inner", "--on", "2026-06-01"],
        ["log", "Zoë", "--gave", "shared-article", "--note", "paper", "--on", "2026-06-01"],
    ):
        assert _goodwill(env, *args)[0] == 0, args
    yield env


def _timeline(env: dict[str, str]) -> str:
    code, out, _ = _goodwill(env, "show", "Zoë", "--all", *ON)
    assert code == 0
    return out


full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")


@full
@pytest.mark.parametrize(
    "args", [["today", *ON], ["show", "Zoë", *ON], ["list"], ["list", "--json"]], ids=" ".join
)
def test_a_full_disk_is_one_line(network: dict[str, str], args: list[str]) -> None:
    """`goodwill today > /dev/full`: both paths (quick and Typer) say why, exit 1."""
    with open("/dev/full", "w") as device:
        code, _, errors = _goodwill(network, *args, stdout=device)
    assert (code, errors) == (1, "error: No space left on device\n")


@full
@pytest.mark.parametrize(
    "args",
    [
        ["log", "Zoë", "--touch", "--note", "ramen", *ON],
        ["log", "Zoë", "--touch", "--note", "ramen", "--json", *ON],
        ["add", "Ed Ek", "--note", "ramen", "--on", "2026-06-01"],
    ],
    ids=["log", "log --json", "add"],
)
def test_a_full_disk_after_a_write_says_it_was_saved(
    network: dict[str, str], args: list[str]
) -> None:
    """`goodwill log ... > /dev/full`: the entry is kept, and the user is told so rather than
    running the command again and logging it twice (quick path and Typer alike)."""
    with open("/dev/full", "w") as device:
        code, _, errors = _goodwill(network, *args, stdout=device)
    assert (code, errors) == (
        1,
        "error: saved, but could not write the output: No space left on device\n",
    )
    code, out, _ = _goodwill(network, "show", args[1], "--all", *ON)
    assert code == 0 and out.count("ramen") == 1


def test_a_reader_gone_after_a_write_says_it_was_saved(network: dict[str, str]) -> None:
    """`goodwill log ... | true`: the reader went before the confirmation was written."""
    reader, writer = os.pipe()
    os.close(reader)
    with os.fdopen(writer, "w") as gone:
        code, _, errors = _goodwill(network, "log", "Zoë", "--touch", *ON, stdout=gone)
    assert (code, errors) == (
        1,
        "error: saved, but could not write the output: the reader has gone\n",
    )
    assert _timeline(network).count("touch") == 1


def test_a_reader_gone_before_a_read_stops_quietly(network: dict[str, str]) -> None:
    reader, writer = os.pipe()
    os.close(reader)
    with os.fdopen(writer, "w") as gone:
        assert _goodwill(network, "show", "Zoë", *ON, stdout=gone)[::2] == (1, "")


def test_a_closed_output_does_nothing_and_says_so(network: dict[str, str]) -> None:
    """`goodwill log ... >&-`: the command could never report what it did, so it does not
    do it."""
    before = _timeline(network)
    code, _, errors = _goodwill(
        network, "log", "Zoë", "--touch", *ON, stdout=None, preexec_fn=lambda: os.close(1)
    )
    assert (code, errors) == (1, "error: standard output is closed; nothing was done\n")
    assert _timeline(network) == before


def test_an_output_that_cannot_hold_a_name_shows_a_question_mark(network: dict[str, str]) -> None:
    code, out, errors = _goodwill({**network, "PYTHONIOENCODING": "ascii"}, "show", "Zoë", *ON)
    assert (code, errors) == (0, "")
    assert out.startswith("Zo? ?ngstr?m  #1")


@pytest.mark.parametrize("args", [["list", "--json"], ["show", "Zoë", "--json", *ON]])
def test_json_is_utf8_whatever_the_output_encoding(
    network: dict[str, str], args: list[str]
) -> None:
    """JSON is for scripts: a name degraded to '?' would be silent corruption."""
    code, out, errors = _goodwill({**network, "PYTHONIOENCODING": "ascii"}, *args)
    assert (code, errors) == (0, "")
    assert "Zoë Ångström" in out and "?" not in out


@pytest.mark.parametrize(
    "args",
    [
        ["log", b"caf\xe9", "--gave", "shared-article"],
        ["log", "Zoë", "--touch", "--note", b"caf\xe9 au lait"],
        ["add", b"Caf\xe9"],
        ["show", b"caf\xe9"],
        ["help", b"caf\xe9"],
        ["path", b"caf\xe9"],
        ["log", "Zoë", "--touch", "--note", b"x" * 90 + b"\xe9" + b"y" * 90],
        ["help", b"/caf\xe9"],
        ["show", b"/tmp/caf\xe9"],
        ["export", "json", "--output", b"/no-such-folder/caf\xe9.json"],
    ],
    ids=[
        "log name",
        "log note",
        "add",
        "show",
        "help",
        "path",
        "a long note",
        "help, in a folder that exists",
        "show, in a folder that exists",
        "export, to a folder that does not exist",
    ],
)
def test_an_argument_that_is_not_utf8_is_one_line(
    network: dict[str, str], args: list[str | bytes]
) -> None:
    """Typed in a Latin-1 terminal: the bytes are named as they were typed, before any of
    the text is read (a search would have dropped the byte, a name been folded); nothing is
    kept."""
    before = _timeline(network)
    code, _, errors = _goodwill(network, *args, *ON)
    bad = next(arg for arg in args if isinstance(arg, bytes) and b"\xe9" in arg)
    shown = bad.decode("utf-8", "backslashreplace")
    if len(bad) > 60:  # only the part around the bad byte
        shown = f"...{'x' * 20}\\xe9{'y' * 19}..."
    assert (code, errors) == (1, f"error: '{shown}' is not UTF-8 text; nothing was done\n")
    assert _timeline(network) == before
    assert "caf" not in _goodwill(network, "list")[1]


@pytest.mark.parametrize("how", ["-o", "--output="])
def test_a_file_to_write_may_be_named_in_other_bytes_than_utf8(
    network: dict[str, str], tmp_path: Path, how: str
) -> None:
    """A new file's name, in a folder that exists, is a path where the command takes one."""
    target = os.fsencode(tmp_path) + b"/caf\xe9.json"
    option = [b"--output=" + target] if how.endswith("=") else [how, target]
    code, _, errors = _goodwill(network, "export", "json", *option)
    assert (code, errors) == (0, "")
    assert "Zoë Ångström" in Path(os.fsdecode(target)).read_text(encoding="utf-8")


@full
@pytest.mark.parametrize("args", [["list"], ["list", "--json"]], ids=" ".join)
def test_a_full_disk_mid_list_is_one_line(env: dict[str, str], args: list[str]) -> None:
    """Hundreds of people, written as they are read (unbuffered): the first write fails
    while the list is still being read from the database."""
    assert _goodwill(env, "demo")[0] == 0
    with open("/dev/full", "w") as device:
        unbuffered = {**env, "PYTHONUNBUFFERED": "1"}
        code, _, errors = _goodwill(unbuffered, "--demo", *args, stdout=device)
    assert (code, errors) == (1, "error: No space left on device\n")


def test_a_file_named_in_other_bytes_than_utf8_still_imports(
    network: dict[str, str], tmp_path: Path
) -> None:
    """A file's name is the file system's bytes, not text typed: `caf\\xe9.vcf` (Latin-1) is
    read, and kept in the ledger's history with the byte shown as a replacement character."""
    card = tmp_path / os.fsdecode(b"caf\xe9.vcf")
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Mira Holt\nEND:VCARD\n", encoding="utf-8")
    code, out, errors = _goodwill(network, "import", "vcard", os.fsencode(card), *ON)
    assert (code, errors) == (0, "")
    assert "1 created" in out
    assert "Mira Holt" in _goodwill(network, "list")[1]


def test_an_export_whose_reader_goes_stops_quietly(network: dict[str, str], tmp_path: Path) -> None:
    """`goodwill export csv | head -c 300`: the export stops, exit 1, and nothing more is
    said (its statements are closed while the database still is, not left to the
    collector to close after it, which printed a traceback). Enough people that the
    export is cut off in the middle, past its first batch of lines."""
    connections = tmp_path / "Connections.csv"
    rows = [
        f"Ana{n},Nunez,https://www.linkedin.com/in/ana-{n},,Acme,Analyst,01 Jan 2024"
        for n in range(1500)
    ]
    connections.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )
    assert _goodwill(network, "import", "linkedin", str(connections))[0] == 0
    reader, writer = os.pipe()
    os.close(reader)
    with os.fdopen(writer, "w") as gone:
        assert _goodwill(network, "export", "csv", *ON, stdout=gone)[::2] == (1, "")
