"""A command group that builds each of its commands on first use.

Typer builds the click command of every registered command before it parses anything: it
reads each function's signature and makes its parameters. For goodwill's fifty commands and
groups that costs a fresh process about 15 ms, to run one of them. A `LazyGroup` knows every
name from the start (for help, suggestions and completion) and builds a command when it is
looked up: `goodwill today` builds `today` alone, `goodwill --help` builds them all. The
commands are Typer's own, built by the functions Typer builds them with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from functools import partial
from typing import Any, ClassVar

import typer
from typer._click import Command, Context
from typer.main import get_command_from_info, get_command_name, get_group_from_info

from goodwill.cli.params import PlainGroup


class LazyCommands(MutableMapping[str, Command]):
    """The commands and groups registered on a Typer app, each built on first lookup."""

    def __init__(self, registry: typer.Typer, *, rich_markup_mode: Any) -> None:
        self._makers: dict[str, Callable[[], Command]] = {}
        self._built: dict[str, Command] = {}
        for command in registry.registered_commands:
            assert command.callback is not None
            name = command.name or get_command_name(command.callback.__name__)
            self._makers[name] = partial(
                get_command_from_info,
                command,
                pretty_exceptions_short=registry.pretty_exceptions_short,
                rich_markup_mode=rich_markup_mode,
            )
        for group in registry.registered_groups:
            assert group.name, "every command group has a name"
            self._makers[group.name] = partial(
                get_group_from_info,
                group,
                pretty_exceptions_short=registry.pretty_exceptions_short,
                suggest_commands=registry.suggest_commands,
                rich_markup_mode=rich_markup_mode,
            )

    def __getitem__(self, name: str) -> Command:
        command = self._built.get(name)
        if command is None:
            command = self._built[name] = self._makers[name]()
        return command

    def __setitem__(self, name: str, command: Command) -> None:
        self._built[name] = command
        self._makers.setdefault(name, lambda: command)

    def __delitem__(self, name: str) -> None:
        del self._makers[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


class LazyGroup(PlainGroup):
    """A group offering the commands of `registry`, a Typer app that is never built itself.

    A subclass names the registry; the group's own Typer app holds just its callback.
    """

    registry: ClassVar[typer.Typer]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = LazyCommands(self.registry, rich_markup_mode=self.rich_markup_mode)

    def list_commands(self, ctx: Context) -> list[str]:
        """The names in the order they were registered, without building any command."""
        return list(self.commands)
