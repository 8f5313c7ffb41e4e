"""The docs match the code: the CLI reference is generated, the README tours every command."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer

from goodwill.cli.app import app

ROOT = Path(__file__).resolve().parent.parent


def _command_tree() -> dict[str, Any]:
    """Every command and command group, by its path (`user add`), through click's public API."""
    root = typer.main.get_command(app)
    found: dict[str, Any] = {}

    def walk(group: Any, prefix: str, ctx: typer.Context) -> None:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            path = f"{prefix} {name}".strip()
            found[path] = command
            if hasattr(command, "list_commands"):
                walk(command, path, typer.Context(command, parent=ctx, info_name=name))

    walk(root, "", typer.Context(root, info_name="goodwill"))
    return found


def test_the_cli_reference_is_generated_from_the_code(tmp_path: Path) -> None:
    typer = shutil.which("typer", path=str(Path(sys.executable).parent))
    assert typer is not None, "the typer command comes with the typer package"
    output = tmp_path / "cli.md"
    subprocess.run(
        [typer, "goodwill.cli.app", "utils", "docs", "--name", "goodwill", "--output", str(output)],
        check=True,
        capture_output=True,
        env={"COLUMNS": "80", "PATH": str(Path(sys.executable).parent)},
    )
    assert output.read_text() == (ROOT / "docs" / "cli.md").read_text(), "run `make docs`"


def test_every_command_and_subcommand_has_help_and_appears_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    tree = _command_tree()
    for path, command in tree.items():
        assert (command.help or "").strip(), f"`goodwill {path}` has no help"
        assert re.search(rf"goodwill (--demo )?{re.escape(path)}\b", readme), (
            f"README lacks `goodwill {path}`"
        )
    # The walk reaches into every group.
    groups = {path for path, command in tree.items() if hasattr(command, "list_commands")}
    assert groups >= {"user", "token", "team", "campaign", "event", "sync"}
    assert all(any(p.startswith(f"{group} ") for p in tree) for group in groups)
    assert len(tree) >= 50
