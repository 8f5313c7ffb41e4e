"""The daily commands' quick path (`goodwill.cli.quick`) against Typer's declarations.

The quick path reads `today`, `due`, `show`, `log`, `help`, `list`, `health` and `occasions`
without Typer. Its tables
must say what Typer says (else the two would accept different command lines), it must give
the same output, and whatever it does not read must reach Typer untouched.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from goodwill.cli import quick
from goodwill.cli.app import app
from goodwill.cli.main import run
from goodwill.domain.dates import OCCASION_DAYS_MOST

ON = ("--on", "2026-07-01")


def _typer_command(name: str) -> Any:
    return typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]


def _kind(option: quick.Option) -> str:
    if option.convert is None:
        return "flag"
    kinds = {quick._count: "count", quick._days: "days", quick._text: "text"}
    return kinds.get(option.convert, "choice")


def _typer_kind(param: Any) -> str:
    if param.is_flag:
        return "flag"
    if type(param.type).__name__ == "IntRange":
        bounds = {(1, None): "count", (1, OCCASION_DAYS_MOST): "days"}
        return bounds[(param.type.min, param.type.max)]
    return "choice" if hasattr(param.type, "choices") else "text"


@pytest.mark.parametrize("name", sorted(quick.COMMANDS))
def test_each_table_says_what_typer_declares(name: str) -> None:
    command, declared = quick.COMMANDS[name], _typer_command(name)
    assert declared.callback.__module__ != "goodwill.cli.daily"
    options = {
        param.opts[0]: (param.name, _typer_kind(param), param.default)
        for param in declared.params
        if param.param_type_name == "option"
    }
    assert all(len(p.opts) == 1 for p in declared.params), "one spelling per option"
    assert {
        spelling: (option.keyword, _kind(option), option.default)
        for spelling, option in command.options.items()
    } == options
    arguments = [
        (p.name, p.nargs, p.type.name) for p in declared.params if p.param_type_name == "argument"
    ]
    kind = {quick._number: "int", quick._text: "str"}[command.convert]
    expected = [(command.argument, -1 if command.many else 1, kind)] if command.argument else []
    assert arguments == expected
    assert all(p.required for p in declared.params if p.param_type_name == "argument")


def test_a_choice_is_typer_choice() -> None:
    via = next(p for p in _typer_command("log").params if p.name == "via")
    convert = quick.COMMANDS["log"].options["--via"].convert
    assert isinstance(convert, type) and issubclass(convert, Enum)
    assert [member.value for member in convert] == list(via.type.choices)


@pytest.fixture
def network(env: dict[str, str]) -> Iterator[dict[str, str]]:
    """A small network, made through the CLI."""
    environ = {**env, "NO_COLOR": "1", "COLUMNS": "200"}
    runner = CliRunner()
    for args in (
        ["init"],
        ["add", "Ana María Núñez", "--company", "Acme", "--tier", "inner", "--note", "pricing"],
        ["add", "Bo Chen", "--company", "Initech", "--tier", "active", "--on", "2025-01-01"],
        ["log", "Ana", "--gave", "shared-article", "--note", "pricing paper", "--on", "2026-06-01"],
    ):
        assert runner.invoke(app, args, env=environ).exit_code == 0, args
    yield environ


def _both(environ: dict[str, str], args: list[str]) -> tuple[tuple[int, str, str], ...]:
    """`args` through the quick path and through Typer: exit code, stdout, stderr of each."""
    runner = CliRunner()
    results = []
    for path in ("quick", "typer"):
        with runner.isolation(env=environ) as (stdout, stderr, _output):
            try:
                if path == "quick":
                    assert quick.run(args), f"the quick path should read {args}"
                else:
                    app(args=args, prog_name="goodwill")
                code = 0
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else 1
            sys.stdout.flush()
            results.append((code, stdout.getvalue().decode(), stderr.getvalue().decode()))
    return tuple(results)


SAME = [
    ["today", *ON],
    ["today", "--n", "1", "--json", "--on=2026-07-01"],
    ["due", "--limit", "1", *ON],
    ["due", "--json", *ON],
    ["show", "Ana", *ON],
    ["show", "--json", "bo chen", "--all", *ON],
    ["help", "pricing", "--limit", "3"],
    ["help", "quantum gardening", "--json"],
    ["show", "Nobody Here", *ON],  # a user's mistake: one line, exit 1
    ["log", "Ana", "--touch", "--gave", "intro-made", *ON],
    ["done", "7", *ON],
    ["skip", "0", "--json", *ON],
    ["list", *ON],
    ["list", "--json", *ON],
    ["list", "--tier", "inner", "--due", "--limit", "1", "--json", *ON],
    ["list", "--discipline", "nobody's", "--tag", "none"],
    ["health", *ON],
    ["health", "--n", "3", "--json", *ON],
    ["health", "--on", "next friday"],  # a user's mistake
    ["undo", "--on", "next friday"],  # a user's mistake: nothing is undone
    ["occasions", "--days", "366", *ON],
    ["occasions", "--json", "--on=2027-05-01"],
]


@pytest.mark.parametrize("args", SAME, ids=" ".join)
def test_the_quick_path_prints_what_typer_prints(network: dict[str, str], args: list[str]) -> None:
    by_quick, by_typer = _both(network, args)
    assert by_quick == by_typer
    assert by_quick[1] or by_quick[2]


def test_a_pick_done_through_the_quick_path_is_recorded(network: dict[str, str]) -> None:
    runner = CliRunner()
    with runner.isolation(env=network) as (stdout, _stderr, _output):
        assert quick.run(["skip", "2", *ON])
        assert quick.run(["done", "1", "--via", "call", "--note", "called", "--json", *ON])
        sys.stdout.flush()
        skipped, done = stdout.getvalue().decode().split("\n", 1)
    assert skipped == "skipped 2 (Ana María Núñez); nobody else is due"
    assert json.loads(done)["person"]["name"] == "Bo Chen"
    with runner.isolation(env=network) as (stdout, _stderr, _output):
        assert quick.run(["show", "Bo", "--json", *ON])
        sys.stdout.flush()
        assert json.loads(stdout.getvalue())["timeline"][0]["channel"] == "call"


def test_a_log_through_the_quick_path_is_recorded(network: dict[str, str]) -> None:
    args = ["log", "Ana", "Bo", "--they-gave", "advice-given", "--via", "call", "--note", "n", *ON]
    runner = CliRunner()
    with runner.isolation(env=network) as (stdout, _stderr, _output):
        assert quick.run([*args, "--json"])
        sys.stdout.flush()
        logged = json.loads(stdout.getvalue())
    assert logged["entry"]["channel"] == "call" and len(logged["people"]) == 2
    with runner.isolation(env=network) as (stdout, _stderr, _output):
        assert quick.run(["show", "Bo", "--json", *ON])
        sys.stdout.flush()
        assert json.loads(stdout.getvalue())["timeline"][0]["kind"] == "advice-given"


def test_two_letters_show_someone_but_log_nobody_on_either_path(network: dict[str, str]) -> None:
    """`show an` shows Ana María Núñez; `log an` is refused in one line that names her,
    on the quick path and on Typer's alike, and writes nothing."""
    shown = _both(network, ["show", "an", "--json", *ON])
    assert all(code == 0 and json.loads(out)["name"] == "Ana María Núñez" for code, out, _ in shown)
    logged = _both(network, ["log", "an", "--touch", *ON])
    assert logged[0] == logged[1]
    code, out, err = logged[0]
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "be more specific" in err and "Ana María Núñez" in err
    by_quick = _both(network, ["show", "Ana", "--json", *ON])[0]
    assert json.loads(by_quick[1])["last_contact"] == "2026-06-01"  # the one entry logged


LEFT_TO_TYPER = [
    [],
    ["--help"],
    ["--version"],
    ["today", "--help"],
    ["today", "-h"],
    ["today", "--n", "0"],
    ["today", "--n", "two"],
    ["today", "--n"],
    ["today", "--on", "2026-07-01", "--on", "2026-07-02"],
    ["today", "--json=yes"],
    ["today", "--demo"],
    ["today", "extra"],
    ["show"],
    ["show", "Ana", "Bo"],
    ["show", "--", "Ana"],
    ["log", "Ana", "--via", "fax", "--touch"],
    ["log", "--touch"],
    ["help", "pricing", "--limit", "-1"],
    ["--db"],
    ["--demo", "--demo", "today"],
    ["--nope", "today"],
    ["done", "first"],
    ["done", "1", "--gave"],
    ["skip", "1", "2"],
    ["snooze", "Ana"],
    ["list", "--tier", "Inner"],
    ["list", "--limit", "0"],
    ["list", "--due=yes"],
    ["health", "--n", "0"],
    ["health", "--plot"],
    ["occasions", "--days", "367"],
    ["occasions", "--days", "0"],
]


@pytest.mark.parametrize("args", LEFT_TO_TYPER, ids=" ".join)
def test_what_the_quick_path_does_not_read_goes_to_typer(args: list[str]) -> None:
    assert quick.parse(args) is None


def test_typer_answers_what_the_quick_path_leaves(network: dict[str, str]) -> None:
    runner = CliRunner()
    for args, code, says in (
        (["today", "--n", "0"], 2, "Invalid value for '--n'"),
        (["log", "Ana", "--via", "fax", "--touch"], 2, "Invalid value for '--via'"),
        (["show"], 2, "Missing argument 'NAME'"),
    ):
        with runner.isolation(env=network) as (_stdout, stderr, _output):
            with pytest.raises(SystemExit) as exit:
                run(args, prog_name="goodwill")
            assert exit.value.code == code and says in stderr.getvalue().decode(), args


def test_the_global_options_are_read(network: dict[str, str], tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    call = quick.parse(["--db", str(other), "--demo", "today"])
    assert call is not None and (call.db, call.demo) == (str(other), True)
    call = quick.parse([f"--db={other}", "help", "x"])
    assert call is not None and call.keywords == {
        "need": "x",
        "limit": 10,
        "on": None,
        "json_output": False,
    }


def test_a_reader_that_goes_away_ends_it_quietly(network: dict[str, str]) -> None:
    """`goodwill today | head -1`: no traceback for the broken pipe, exit code 1 (click's)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "goodwill", "today", *ON],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**network, "PATH": str(Path(sys.executable).parent)},
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before it writes: its first write finds the pipe broken
    with process.stderr:
        errors = process.stderr.read()
    assert (process.wait(), errors) == (1, b"")


def test_ctrl_c_ends_it_as_typer_does(
    network: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No message, exit code 130 (128 + SIGINT), on both paths."""
    from goodwill.cli import daily

    def interrupted(*_args: object, **_keywords: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(daily, "today", interrupted)
    by_quick, by_typer = _both(network, ["today", *ON])
    assert by_quick == by_typer == (130, "", "")
