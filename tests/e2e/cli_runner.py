"""Runs the CLI as a user would, in-process, with a private environment."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from goodwill.cli.app import app as cli_app


class Goodwill:
    """Runs `goodwill` with a private environment; returns stdout, or stderr on failure."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = {**env, "NO_COLOR": "1", "COLUMNS": "200"}
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int = 0) -> str:
        result = self.runner.invoke(cli_app, list(args), env=self.env)
        assert result.exit_code == code, (result.output, result.stderr, result.exception)
        return result.stdout if code == 0 else result.stderr

    def json(self, *args: str) -> object:
        return json.loads(self(*args, "--json"))
