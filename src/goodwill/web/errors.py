"""What a user sees when a request is refused: one line, never a traceback, never the
refused input echoed back (the database refusing a value, say a NUL in text on PostgreSQL,
which the store reports as `ValueRefused`, or a field failing validation)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from goodwill.domain.errors import AlreadyExists, DatabaseFailed, GoodwillError, NotFound


def status_of(error: GoodwillError) -> int:
    """404 for what is not there, 409 for someone already there, 500 for a database that
    failed, 400 for the rest."""
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, AlreadyExists):
        return 409
    return 500 if isinstance(error, DatabaseFailed) else 400


#: A field's message is cut to this: a 422 names the field and the rule, never the input.
MESSAGE_CHARS = 200


def validation_problems(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """FastAPI's validation errors without the input they refused (which may be huge, and
    is the client's own anyway): where, what rule, and a one-line message."""
    return [
        {
            "loc": [str(part) for part in error.get("loc", ())],
            "type": str(error.get("type", "")),
            "msg": str(error.get("msg", ""))[:MESSAGE_CHARS],
        }
        for error in errors[:20]
    ]


def validation_field(errors: Sequence[Any]) -> str | None:
    """The form field or body key the first problem concerns, when it is one (a 422 for
    a form's "goal" that is not a number: `goal`)."""
    problems = validation_problems(errors)
    if not problems:
        return None
    where = [part for part in problems[0]["loc"] if part not in ("body", "query", "path")]
    return where[0] if where and not where[0].isdecimal() else None


def validation_message(errors: Sequence[Any]) -> str:
    """The first problem as one line: "body.name: String should have at most 300 characters"."""
    problems = validation_problems(errors)
    if not problems:
        return "the request is not valid"
    first = problems[0]
    where = ".".join(part for part in first["loc"] if part not in ("body", "query", "path"))
    return f"{where or 'request'}: {first['msg']}"
