"""The daily commands without Typer: `today`, `done`, `skip`, `due`, `show`, `log`, `undo`,
`help`, `list`, and the reports `health` and `occasions`.

Typer and the click it carries cost a fresh process about 0.07 s before any work (importing
them, then building and parsing the command): more than half of what a daily command now
takes in all. So the daily commands' plain forms are read here: the global `--db` and `--demo`, the command, its arguments, and its options,
each as `--name value`, `--name=value` or a flag. Whatever this parser does not read with
certainty goes to Typer as it is: help, a short option, an option it does not know or that
is given twice, a value that does not convert (a count below one, a channel that does not
exist), a missing or extra argument. Typer then answers as it always has, so there is one
set of errors and one help. The same functions (`goodwill.cli.daily`) do the work on both
paths.

Each command's table below mirrors what its Typer declaration says (option names, flags,
defaults, arguments); a test compares them, so that the two cannot drift apart.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from goodwill.domain.dates import OCCASION_DAYS_MOST
from goodwill.domain.model import Channel, Tier

#: Reads an option's text into its value; raises ValueError for a value Typer would refuse.
Convert = Callable[[str], Any]


def _text(value: str) -> str:
    return value


def _number(value: str) -> int:
    """A whole number written plainly: digits only (anything else is Typer's to read)."""
    if not (value.isascii() and value.isdigit()):
        raise ValueError(value)
    return int(value)


def _count(value: str) -> int:
    """A whole number of at least 1, written plainly (anything else is Typer's to refuse)."""
    if _number(value) < 1:
        raise ValueError(value)
    return int(value)


def _days(value: str) -> int:
    """A count of days from 1 to `OCCASION_DAYS_MOST` (anything else is Typer's to refuse)."""
    if _count(value) > OCCASION_DAYS_MOST:
        raise ValueError(value)
    return int(value)


class Option:
    """One option: the keyword it fills, how its text converts (None for a flag), its default."""

    __slots__ = ("convert", "default", "keyword")

    def __init__(self, keyword: str, convert: Convert | None = None, default: Any = None) -> None:
        self.keyword = keyword
        self.convert = convert
        self.default = False if convert is None else default


class Command:
    """A command: the function that does it (in `goodwill.cli.daily`, or the module
    named), its options, and its argument: the keyword it fills, whether it takes one value
    or one or more, and how a value converts."""

    __slots__ = ("argument", "convert", "function", "many", "module", "options")

    def __init__(
        self,
        function: str,
        options: dict[str, Option],
        argument: str = "",
        *,
        many: bool = False,
        convert: Convert = _text,
        module: str = "daily",
    ) -> None:
        self.function = function
        self.module = module
        self.options = options
        self.argument = argument
        self.many = many
        self.convert = convert


_ON = {"--on": Option("on", _text), "--json": Option("json_output")}
_PLAN = {"--n": Option("n", _count), **_ON}

COMMANDS: dict[str, Command] = {
    "today": Command("today", _PLAN),
    "done": Command(
        "done",
        {
            "--gave": Option("gave", _text),
            "--via": Option("via", Channel, Channel.EMAIL),
            "--note": Option("note", _text, ""),
            **_PLAN,
        },
        "position",
        convert=_number,
    ),
    "skip": Command("skip", _PLAN, "position", convert=_number),
    "due": Command("due", {"--limit": Option("limit", _count, 50), **_ON}),
    "show": Command("show", {"--all": Option("all_entries"), **_ON}, argument="query"),
    "list": Command(
        "list_people",
        {
            "--tier": Option("tier", Tier),
            "--tag": Option("tag", _text),
            "--discipline": Option("discipline", _text),
            "--due": Option("due"),
            "--limit": Option("limit", _count),
            **_ON,
        },
    ),
    "help": Command("who_can_help", {"--limit": Option("limit", _count, 10), **_ON}, "need"),
    "log": Command(
        "log",
        {
            "--gave": Option("gave", _text),
            "--asked": Option("asked", _text),
            "--touch": Option("touch"),
            "--they-gave": Option("they_gave", _text),
            "--they-asked": Option("they_asked", _text),
            "--them": Option("them"),
            "--via": Option("via", Channel, Channel.EMAIL),
            "--note": Option("note", _text, ""),
            "--follow-up": Option("follow_up", _text),
            "--anyway": Option("anyway"),
            **_ON,
        },
        argument="names",
        many=True,
    ),
    "undo": Command("undo", _ON),
    "health": Command(
        "show_health",
        {"--n": Option("n", _count), "--plot": Option("plot", _text), **_ON},
        module="reports",
    ),
    "occasions": Command(
        "list_occasions", {"--days": Option("days", _days, 30), **_ON}, module="reports"
    ),
}


class Call:
    """A command line read in full: the global options, the command, and its keywords."""

    __slots__ = ("command", "db", "demo", "keywords")

    def __init__(self, db: str | None, demo: bool, command: Command, keywords: dict[str, Any]):
        self.db = db
        self.demo = demo
        self.command = command
        self.keywords = keywords


def _is_option(word: str) -> bool:
    return word.startswith("-")


def parse(argv: Sequence[str]) -> Call | None:
    """The call `argv` makes, or None when Typer should read it."""
    db: str | None = None
    demo = False
    at = 0
    while at < len(argv) and _is_option(argv[at]):
        name, equals, value = argv[at].partition("=")
        if name == "--demo" and not equals and not demo:
            demo = True
        elif name == "--db" and db is None:
            if not equals:
                at += 1
                if at == len(argv) or _is_option(argv[at]):
                    return None
                value = argv[at]
            db = value
        else:
            return None
        at += 1
    command = COMMANDS.get(argv[at]) if at < len(argv) else None
    if command is None:
        return None
    keywords = _read(command, argv[at + 1 :])
    return None if keywords is None else Call(db, demo, command, keywords)


def _read(command: Command, words: Sequence[str]) -> dict[str, Any] | None:
    """The keywords of `command`'s function from the words after its name, or None."""
    given: dict[str, Any] = {}
    arguments: list[str] = []
    at = 0
    while at < len(words):
        word = words[at]
        at += 1
        if not _is_option(word):
            arguments.append(word)
            continue
        name, equals, value = word.partition("=")
        option = command.options.get(name)
        if option is None or option.keyword in given:
            return None
        if option.convert is None:
            if equals:
                return None
            given[option.keyword] = True
            continue
        if not equals:
            if at == len(words) or _is_option(words[at]):
                return None
            value = words[at]
            at += 1
        try:
            given[option.keyword] = option.convert(value)
        except ValueError:
            return None
    if command.argument:
        if not arguments or (len(arguments) > 1 and not command.many):
            return None
        try:
            values = [command.convert(argument) for argument in arguments]
        except ValueError:
            return None
        given[command.argument] = values if command.many else values[0]
    elif arguments:
        return None
    defaults = {option.keyword: option.default for option in command.options.values()}
    return defaults | given


def run(argv: Sequence[str]) -> bool:
    """Run `argv` if it is a daily command in a form this module reads; False if not (then
    nothing has happened). A user's mistake ends the process with one line and exit code 1,
    as on Typer's path."""
    call = parse(argv)
    if call is None:
        return False
    from importlib import import_module

    from goodwill.bootstrap import build_context
    from goodwill.cli.render import refuse
    from goodwill.domain.errors import GoodwillError

    try:
        app = build_context(os.environ, db=call.db, demo=call.demo, direct=True)
        try:
            module = import_module(f"goodwill.cli.{call.command.module}")
            getattr(module, call.command.function)(app, **call.keywords)
        finally:
            app.db.dispose()
    except GoodwillError as error:
        refuse(error)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None  # Typer's answer to Ctrl-C: no message, 128 + SIGINT
    return True
