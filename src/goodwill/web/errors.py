"""What a user sees when the database refuses a value (PostgreSQL takes no NUL in text):
one line from the driver, as the CLI shows it, and a 400 rather than a server error."""

from __future__ import annotations

from sqlalchemy.exc import DataError


def refused_by_database(error: DataError) -> str:
    reason = str(error.orig or error).strip().splitlines()[0]
    return f"the database cannot store this value: {reason}"
