"""Runs the CLI as a user would, in-process, with a private environment."""

from __future__ import annotations

import json
import sys

from typer.testing import CliRunner

from goodwill.cli.main import run


class Goodwill:
    """Runs `goodwill` with a private environment, through its entry point (the daily
    commands' quick path, else Typer); returns stdout, or stderr on failure."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = {**env, "NO_COLOR": "1", "COLUMNS": "200"}
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int = 0) -> str:
        with self.runner.isolation(env=self.env) as (stdout, stderr, _output):
            try:
                run(args, prog_name="goodwill")
                status = 0
            except SystemExit as exit:
                status = exit.code if isinstance(exit.code, int) else 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
            out, err = stdout.getvalue().decode(), stderr.getvalue().decode()
        assert status == code, (args, out, err)
        return out if code == 0 else err

    def json(self, *args: str) -> object:
        return json.loads(self(*args, "--json"))
