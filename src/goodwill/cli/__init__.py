"""The command-line interface: parse input, call one service, render the result.

A fresh process runs one command, so the CLI keeps its start cheap:

- command modules import their services inside the command functions: building the CLI
  (for `--help`, `--version`, or any one command) then imports neither SQLAlchemy nor the
  services that other commands need;
- command modules keep their annotations evaluated (no `from __future__ import annotations`):
  Typer reads the signature of the command it runs, and string annotations would be
  compiled and evaluated four times per parameter;
- Rich is imported on the first print (`goodwill.cli.render`);
- the group builds a command's parameters only when that command runs (`goodwill.cli.lazy`);
- the cyclic garbage collector keeps out of the way of a short process (`app.main`).
"""
