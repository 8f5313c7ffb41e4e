"""A fresh `goodwill` process loads only what its command uses (see `goodwill.cli`)."""

from __future__ import annotations

import ast
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from goodwill.cli.render import LazyConsole, Styled, styled

HEAVY = ("sqlalchemy", "pydantic", "rich", "jinja2", "alembic", "rapidfuzz", "typer")


def _loaded_after(args: list[str], env: dict[str, str]) -> tuple[int, list[str]]:
    """Run `goodwill ARGS` in a new interpreter; its exit code and the heavy modules it loaded
    (a module the store defers, never used, is not loaded: see `store.lazy_modules`)."""
    code = (
        "import json, sys\n"
        "from goodwill.cli.main import main\n"
        f"sys.argv = ['goodwill', *{args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    status = exit.code or 0\n"
        "else:\n"
        "    status = 0\n"
        f"loaded = [m for m in {HEAVY!r} if m in sys.modules\n"
        "          and type(sys.modules[m]).__name__ != '_LazyModule']\n"
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
    assert _loaded_after(args, env) == (0, ["typer"])


def test_today_loads_neither_pydantic_nor_the_importers(env: dict[str, str]) -> None:
    assert _loaded_after(["init"], env)[0] == 0
    status, loaded = _loaded_after(["today", "--on", "2026-07-01", "--n", "3"], env)
    assert status == 0
    assert "pydantic" not in loaded and "alembic" not in loaded and "rapidfuzz" not in loaded
    assert "rich" not in loaded, "piped text needs no Rich"


DAILY = [
    ["today", "--on", "2026-07-01"],
    ["done", "1", "--on", "2026-07-01"],
    ["due", "--on", "2026-07-01"],
    ["show", "ana", "--on", "2026-07-01"],
    ["log", "Ana María", "--gave", "shared-article", "--note", "pricing", "--on", "2026-07-01"],
    ["undo", "--on", "2026-07-01"],
    ["log", "Bo Chen", "--touch", "--note", "pricing", "--on", "2026-07-01"],
    ["help", "pricing"],
    ["help", "quantum gardening"],  # nobody matches: connectors are suggested
    ["today", "--on", "2026-07-01", "--json"],
    ["list", "--json", "--tier", "inner", "--limit", "2"],
    ["list", "--tier", "inner", "--limit", "2"],
    ["health", "--on", "2026-07-01"],
    ["health", "--json"],
    ["occasions", "--days", "366", "--on", "2026-07-01"],
]


def test_the_daily_commands_never_load_sqlalchemy(env: dict[str, str]) -> None:
    """Their statements run on SQLite's own driver: SQLAlchemy's import alone cost more than
    their work. (Adding people is not one of them, and may load it.) They are read without
    Typer (`goodwill.cli.quick`). So are the reports `health` and `occasions`."""
    assert _loaded_after(["init"], env)[0] == 0
    for name in ("Ana María Núñez", "Bo Chen", "Cy Ito"):
        add = ["add", name, "--company", "Acme", "--tier", "inner", "--note", "pricing talk"]
        assert _loaded_after(add, env)[0] == 0
    for args in DAILY:
        status, loaded = _loaded_after(args, env)
        assert status == 0, args
        assert "sqlalchemy" not in loaded and "alembic" not in loaded, args
        assert "typer" not in loaded, args


MAIL = Path(__file__).parent / "fixtures" / "mail" / "takeout-sample.mbox"


def test_importing_mail_from_people_already_known_never_loads_sqlalchemy(
    env: dict[str, str],
) -> None:
    """An import that matches messages to people goodwill knows reads and adds rows on
    SQLite's own driver (`store.sql`'s driver statements): in a whole `import mbox` process,
    SQLAlchemy's import cost a tenth of the time."""
    assert _loaded_after(["init"], env)[0] == 0
    for name, email in (
        ("Maya Goldberg", "maya.goldberg@example.com"),
        ("Raj", "raj.malhotra@contoso.example"),
    ):
        assert _loaded_after(["add", name, "--email", email], env)[0] == 0
    imported = ["import", "mbox", str(MAIL), "--me", "alex.morgan@example.com"]
    for args in (imported, imported):  # new touches, then all of them already recorded
        status, loaded = _loaded_after(args, env)
        assert status == 0
        assert "sqlalchemy" not in loaded and "alembic" not in loaded


def _connections(path: Path, rows: int, title: str) -> Path:
    """A `Connections.csv` as LinkedIn writes it (its notes first), of `rows` people."""
    lines = ["Notes:", '"When exporting your connection data, ..."', ""]
    lines.append("First Name,Last Name,URL,Email Address,Company,Position,Connected On")
    lines += [
        f"Ana{n},Núñez,https://www.linkedin.com/in/ana-{n},,Acme,{title},12 Nov 2026"
        for n in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_importing_and_editing_contacts_never_loads_sqlalchemy(
    env: dict[str, str], tmp_path: Path
) -> None:
    """An import of contacts into SQLite runs on its own driver whatever it does: a first
    import large enough to set indexes aside (`store.bulk_load`), the same file again, new
    titles for everyone (their past roles and "new role" news), and vCards; so does `edit`.
    In a whole import of 50,000 connections SQLAlchemy's import was a tenth of the time."""
    assert _loaded_after(["init"], env)[0] == 0
    on = ["--on", "2026-11-20"]
    first = _connections(tmp_path / "Connections.csv", 5000, "Analyst")
    (tmp_path / "promoted").mkdir()
    promoted = _connections(tmp_path / "promoted" / "Connections.csv", 5000, "Head of Data")
    vcards = Path(__file__).parent / "fixtures" / "vcards" / "apple-contacts.vcf"
    for args in (
        ["import", "linkedin", str(first), *on],
        ["import", "linkedin", str(first), *on],
        ["import", "linkedin", str(promoted), *on],
        ["import", "vcard", str(vcards), *on],
        ["edit", "Ana7 Núñez", "--title", "CTO", "--tag", "mentor"],
    ):
        status, loaded = _loaded_after(args, env)
        assert status == 0, args
        assert "sqlalchemy" not in loaded and "alembic" not in loaded, args
    shown = subprocess.run(
        [sys.executable, "-m", "goodwill", "show", "Ana7 Núñez", "--json"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    person = json.loads(shown.stdout)
    assert (person["title"], person["tags"]) == ("CTO", ["mentor"])
    assert "Analyst" in [role["title"] for role in person["past_roles"]]


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


def test_a_bad_value_is_a_usage_error_without_pydantic(env: dict[str, str]) -> None:
    status, loaded = _loaded_after(["today", "--n", "0"], env)
    assert status == 2 and "pydantic" not in loaded


def test_the_cli_uses_no_private_typer_api() -> None:
    """Typer's private modules change without notice (0.26 vendored click as `typer._click`,
    0.29 moved conversion into `typer._coercion`); the CLI keeps to the public surface."""
    source = Path(__file__).parents[1] / "src" / "goodwill"
    private = []
    for path in sorted(source.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "typer":
                names = [*node.module.split("."), *(alias.name for alias in node.names)]  # type: ignore[union-attr]
            elif isinstance(node, ast.Attribute):
                names = [node.attr] if "typer" in ast.unparse(node.value).split(".")[:1] else []
            else:
                continue
            private += [f"{path.name}:{node.lineno}" for name in names if name.startswith("_")]
    assert private == []
