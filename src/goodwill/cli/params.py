"""Typer's conversion of parameter values, without pydantic for the plain values goodwill takes.

Typer 0.29 converts every parameter value, even a missing one, through a pydantic
`TypeAdapter` that it builds on first use. Importing pydantic and building those adapters
costs a fresh process about 90 ms, more than the query behind `goodwill today`. Most values
need no conversion: a string option is the string given, a number is ASCII digits, a default
is already of its type, a missing option is None (Typer answers that before converting).

Commands made by a `PlainTyper` give each of their parameters, just before parsing, a
converter that answers those plain cases itself, with the value Typer's adapter returns, and
hands anything else (a bad or out-of-range number, a path, a case-folded choice) to the
converter Typer builds, so results and error messages stay Typer's own. It uses Typer's
private per-parameter converter hook; with a Typer without it, nothing is changed and Typer
converts every value as before.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

try:
    from typer._click import Context, Parameter
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer.core import _TyperParameter
except ImportError:  # pragma: no cover - another Typer: it converts every value itself
    HOOKED = False
else:
    HOOKED = True

#: "Not a plain value": Typer's own converter takes it.
NOT_PLAIN: Any = object()


class PlainCommand(TyperCommand):
    """A command whose parameters convert plain values without pydantic."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        install(self.get_params(ctx))  # with the help option, which Typer makes on demand
        return super().parse_args(ctx, args)


class PlainGroup(TyperGroup):
    """A group whose own parameters convert plain values without pydantic."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        install(self.get_params(ctx))
        return super().parse_args(ctx, args)


class PlainTyper(typer.Typer):
    """A Typer app whose commands are `PlainCommand`s unless a command asks for its own class."""

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[Any], Any]:
        return super().command(name, cls=cls or PlainCommand, **kwargs)


def install(params: Iterable[Parameter]) -> None:
    """Give each Typer parameter that has no converter yet the plain-value converter."""
    if not HOOKED:  # pragma: no cover
        return
    for param in params:
        if (
            isinstance(param, _TyperParameter)
            and param._runtime_param is None
            and param.type_descriptor.file_annotation is None
        ):
            descriptor = param.type_descriptor
            param._runtime_param = _PlainParam(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )


def plain_value(annotation: Any, info: Any, value: Any, ctx: Context | None) -> Any:
    """`value` as Typer would convert it for `annotation`, or `NOT_PLAIN` to ask Typer.

    `info` is the parameter's Typer `ParameterInfo` (bounds, case sensitivity).
    """
    if annotation is str:
        return value if type(value) is str else NOT_PLAIN
    if annotation is bool:
        return value if type(value) is bool else NOT_PLAIN
    if annotation is int:
        return _number(info, value)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _choice(annotation, info, value, ctx)
    if annotation == list[str]:
        return _strings(value)
    return NOT_PLAIN


def _number(info: Any, value: Any) -> Any:
    """ASCII digits or an int within the bounds; Typer explains anything else."""
    if info.clamp:
        return NOT_PLAIN
    if type(value) is str and value.isascii() and value.isdigit():
        number = int(value)
    elif type(value) is int:
        number = value
    else:
        return NOT_PLAIN
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        return NOT_PLAIN
    return number


def _choice(annotation: type[enum.Enum], info: Any, value: Any, ctx: Context | None) -> Any:
    """A member (a default), or a string that is exactly a member's value, case and all."""
    members = list(annotation)
    if any(value is member for member in members):
        return value
    if type(value) is not str or not info.case_sensitive:
        return NOT_PLAIN
    if ctx is not None and ctx.token_normalize_func is not None:
        return NOT_PLAIN
    for member in members:
        if str(member.value) == value:
            return member
    return NOT_PLAIN


def _strings(value: Any) -> Any:
    """A repeated option or a variadic argument of strings, as the list Typer makes."""
    if isinstance(value, list | tuple) and all(type(item) is str for item in value):
        return list(value)
    return NOT_PLAIN


if HOOKED:

    @dataclass(frozen=True)
    class _PlainParam(RuntimeParam):
        """Plain values here; the first other value switches the parameter to Typer's own."""

        def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
            plain = plain_value(self.annotation, self.parameter_info, value, ctx)
            if plain is not NOT_PLAIN:
                return plain
            typer_own = build_runtime_param(param.type_descriptor)
            param._runtime_param = typer_own
            return typer_own._coerce_value(value, param=param, ctx=ctx)
