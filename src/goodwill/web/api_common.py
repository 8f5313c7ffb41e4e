"""What every JSON API route shares: who is asking, and the parameters many routes take."""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import Field

from goodwill.domain import limits
from goodwill.services.views import Shape
from goodwill.web.auth import Gate, Viewer

PersonId = Annotated[int, Path(ge=1, le=limits.ROW_ID, description="The person's id.")]
On = Annotated[
    str | None, Query(description="The day to answer for: ISO (2026-03-01) or relative (3d).")
]
Text = Annotated[str, Field(max_length=limits.NOTE)]
T = TypeVar("T")
#: A list field: at most `limits.ITEMS` values.
Items = Annotated[list[T], Field(max_length=limits.ITEMS)]


def _owner(request: Request) -> Viewer:
    gate: Gate = request.app.state.gate
    return gate.api_viewer(request)


#: The account a bearer token belongs to, with its context; 401 without a valid token.
Owner = Annotated[Viewer, Depends(_owner)]


def shaped(result: Shape, status: int = 200) -> JSONResponse:
    """A use case's typed result as its route's JSON: `to_json()`, the CLI's `--json`,
    whose shape the route declares (`response_model`) for the schema. The tests check that
    every declared model reads back what the route sends."""
    return JSONResponse(result.to_json(), status_code=status)
