"""The docs match the code: the CLI reference is generated, the README tours every command."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from goodwill.cli.app import commands

ROOT = Path(__file__).resolve().parent.parent


def _commands() -> list[str]:
    return [command.name or command.callback.__name__ for command in commands.registered_commands]  # type: ignore[union-attr]


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


def test_every_command_has_help_and_appears_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for command in commands.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        assert command.callback is not None and (command.callback.__doc__ or "").strip(), name
        assert re.search(rf"goodwill (--demo )?{re.escape(name)}\b", readme), (
            f"README lacks `goodwill {name}`"
        )
    assert len(_commands()) >= 20
