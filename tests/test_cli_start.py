"""A fresh `goodwill` process loads only what its command uses (see `goodwill.cli`)."""

from __future__ import annotations

import enum
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer._adapters import build_adapter
from typer.models import ArgumentInfo, OptionInfo

from goodwill.cli.params import NOT_PLAIN, plain_value
from goodwill.cli.render import LazyConsole, Styled, styled
from goodwill.domain.model import Channel

HEAVY = ("sqlalchemy", "pydantic", "rich", "jinja2", "alembic", "rapidfuzz")


def _loaded_after(args: list[str], env: dict[str, str]) -> tuple[int, list[str]]:
    """Run `goodwill ARGS` in a new interpreter; its exit code and the heavy modules it loaded."""
    code = (
        "import json, sys\n"
        "from goodwill.cli.app import main\n"
        f"sys.argv = ['goodwill', *{args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    status = exit.code or 0\n"
        "else:\n"
        "    status = 0\n"
        f"loaded = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(json.dumps([status, loaded]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**env, "NO_COLOR": "1", "PATH": str(Path(sys.executable).parent)},
    )
    status, loaded = json.loads(result.stdout.strip().splitlines()[-1])
    return status, loaded


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["today", "--help"]])
def test_version_and_help_load_no_heavy_module(args: list[str], env: dict[str, str]) -> None:
    assert _loaded_after(args, env) == (0, [])


def test_today_loads_neither_pydantic_nor_the_importers(env: dict[str, str]) -> None:
    assert _loaded_after(["init"], env)[0] == 0
    status, loaded = _loaded_after(["today", "--on", "2026-07-01", "--n", "3"], env)
    assert status == 0
    assert "pydantic" not in loaded and "alembic" not in loaded and "rapidfuzz" not in loaded
    assert "rich" not in loaded, "piped text needs no Rich"


PRINTS: list[tuple[Any, ...]] = [
    ("plain [bold]not markup[/bold] :fire:",),
    (styled(("Today, 2026-07-01", "bold"), "  (streak: 3 days)"),),
    (styled("\n", ("1.", "bold"), " ", ("Zoë [Müller]", "bold"), " (Acme)"),),
    ("   │ Hi Zoë,\n   │ \n   │ Best,", "and more"),
    ("",),
]


@pytest.mark.parametrize("objects", PRINTS)
def test_piped_text_is_what_rich_prints(
    objects: tuple[Any, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.console import Console

    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stdout", piped)
    LazyConsole(stderr=False).print(*objects, style="dim")
    rich = Console(file=io.StringIO(), highlight=False, soft_wrap=True, markup=False, emoji=False)
    rich.print(*[o.rich() if isinstance(o, Styled) else o for o in objects], style="dim")
    assert piped.getvalue() == rich.file.getvalue()  # type: ignore[attr-defined]


def test_a_bad_value_still_gets_typers_own_message(env: dict[str, str]) -> None:
    status, loaded = _loaded_after(["today", "--n", "0"], env)
    assert status == 2 and "pydantic" in loaded


class _Mixed(enum.Enum):
    ONE = "one"
    TWO = 2


CASES: list[tuple[Any, Any, list[Any]]] = [
    (str, OptionInfo(), ["", "abc", "é", "\udcff", " spaced ", 5, None, b"bytes"]),
    (bool, OptionInfo(), [True, False, "true", "0", ""]),
    (
        int,
        OptionInfo(min=1),
        ["1", "007", "0", "-3", "+5", " 5", "1_000", "5.0", "٣", "", 50, 0, True, 2.0],
    ),
    (int, ArgumentInfo(), ["0", "12", "99999999999999999999", "-1", 7]),
    (int, OptionInfo(min=1, max=5, clamp=True), ["9", "3"]),
    (Channel, OptionInfo(), [Channel.EMAIL, "coffee", "COFFEE", "nope", ""]),
    (Channel, OptionInfo(case_sensitive=False), ["COFFEE", Channel.CALL]),
    (_Mixed, OptionInfo(), ["one", "2", _Mixed.TWO, 2]),
    (list[str], OptionInfo(), [(), ("a",), ["a", "b"], ("a", 1)]),
]


@pytest.mark.parametrize(
    ("annotation", "info", "value"),
    [(annotation, info, value) for annotation, info, values in CASES for value in values],
)
def test_plain_values_convert_as_typer_converts_them(
    annotation: Any, info: Any, value: Any
) -> None:
    plain = plain_value(annotation, info, value, None)
    if plain is NOT_PLAIN:
        return  # Typer's own converter takes it
    expected = build_adapter(annotation, info).validate_python(value)
    assert plain == expected and type(plain) is type(expected)
