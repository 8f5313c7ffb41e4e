"""A command group that builds each of its commands on first use.

Typer builds the click command of every registered command before it parses anything: it
reads each function's signature and makes its parameters. For goodwill's fifty commands and
groups that costs a fresh process about 15 ms, to run one of them. A `LazyGroup` knows every
name from the start (for help, suggestions and completion) and builds a command when it is
looked up: `goodwill today` builds `today` alone, `goodwill --help` builds them all. Each
command is Typer's own, built by `typer.main.get_command` (Typer's public entry point) from
an app that holds only that command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from functools import partial
from typing import Any, ClassVar

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo, TyperInfo

#: A built command or group. Their common base, click's `Command`, is not part of Typer's
#: public API, so the mapping below holds `Any` where click expects it.
Command = TyperCommand | TyperGroup


def command_name(info: CommandInfo) -> str:
    """The name Typer gives a registered command: its own, or its function's, dashed."""
    assert info.callback is not None
    return info.name or info.callback.__name__.lower().replace("_", "-")


def _build(registry: typer.Typer, rich_markup_mode: Any, info: CommandInfo | TyperInfo) -> Command:
    """The click command of one registered command or group, built by Typer's public
    `typer.main.get_command` from an app that holds only it."""
    holder = typer.Typer(
        add_completion=False,
        rich_markup_mode=rich_markup_mode,
        pretty_exceptions_short=registry.pretty_exceptions_short,
        suggest_commands=registry.suggest_commands,
    )
    if isinstance(info, CommandInfo):
        holder.registered_commands.append(info)
        built: Command = typer.main.get_command(holder)  # type: ignore[assignment]
        return built
    holder.registered_groups.append(info)
    group = typer.main.get_command(holder)  # a group around the one group
    assert isinstance(group, TyperGroup) and info.name is not None
    inner: Command = group.commands[info.name]  # type: ignore[assignment]
    return inner


class LazyCommands(MutableMapping[str, Any]):
    """The commands and groups registered on a Typer app, each built on first lookup."""

    def __init__(self, registry: typer.Typer, *, rich_markup_mode: Any) -> None:
        self._makers: dict[str, Callable[[], Command]] = {}
        self._built: dict[str, Command] = {}
        build = partial(_build, registry, rich_markup_mode)
        for command in registry.registered_commands:
            self._makers[command_name(command)] = partial(build, command)
        for group in registry.registered_groups:
            assert group.name, "every command group has a name"
            self._makers[group.name] = partial(build, group)

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


class LazyGroup(TyperGroup):
    """A group offering the commands of `registry`, a Typer app that is never built itself.

    A subclass names the registry; the group's own Typer app holds just its callback. Its
    `commands` (click's mapping of name to command, which `get_command`, `list_commands` and
    Typer's "did you mean" read) knows every name and builds a command when it is looked up.
    """

    registry: ClassVar[typer.Typer]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = LazyCommands(self.registry, rich_markup_mode=self.rich_markup_mode)

    def list_commands(self, ctx: Any) -> list[str]:
        """The names in the order they were registered, without building any command."""
        return list(self.commands)
