"""How the JSON API answers what it refuses: one JSON line, `{"error": ...}`, and a status."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from goodwill.domain.errors import AlreadyExists, Ambiguous, ColdAsk, GoodwillError
from goodwill.web.auth import Forbidden
from goodwill.web.errors import (
    status_of,
    validation_field,
    validation_message,
    validation_problems,
)


class Candidate(BaseModel):
    """One of the people an ambiguous name may mean."""

    id: int
    label: str


class Refusal(BaseModel):
    """A refused request: what is wrong, in one line (and, for an ambiguous name, whom it
    may mean)."""

    error: str
    #: The body key or query parameter the error concerns, when one does.
    field: str | None = None
    candidates: list[Candidate] | None = None


class Problem(BaseModel):
    loc: list[str]
    type: str
    msg: str


class Invalid(BaseModel):
    """A request the schema refuses: the first problem in one line, then each."""

    error: str
    #: The body key or query parameter of the first problem, when it is one.
    field: str | None = None
    detail: list[Problem]


class ColdAskRefusal(BaseModel):
    """The ask guard's refusal: each cold ask with what it needs and the deposit to make
    first, and how to record it all the same."""

    error: str
    #: `anyway`: what to set to record the ask all the same.
    field: str | None = None
    cold_asks: list[dict[str, Any]]
    override: dict[str, bool]


class AlreadyExistsRefusal(BaseModel):
    """Someone of that name is already known: who, and how to add a second person of the
    name all the same."""

    error: str
    field: str
    existing: Candidate
    override: dict[str, bool]


#: What every route may answer besides its success, for the OpenAPI schema.
REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {"model": Refusal, "description": "A value the service refuses, or an ambiguous name"},
    401: {"model": Refusal, "description": "No valid API token"},
    404: {"model": Refusal, "description": "No such person, campaign or entry"},
    422: {"model": Invalid, "description": "A request the schema refuses"},
}
#: What adding a person may answer besides.
ALREADY_EXISTS: dict[int | str, dict[str, Any]] = {
    409: {
        "model": AlreadyExistsRefusal,
        "description": "Someone of that name is already known, refused unless `anyway`",
    }
}
#: What a route that records an ask may answer besides.
COLD_ASK: dict[int | str, dict[str, Any]] = {
    409: {"model": ColdAskRefusal, "description": "A cold ask, refused unless `anyway`"}
}


def install(api: FastAPI) -> None:
    """Answer user errors (4xx, with the candidates of an ambiguous name and the guard's
    verdict on a cold ask), invalid requests (422) and missing tokens (401) as JSON."""

    @api.exception_handler(GoodwillError)
    async def user_error(_request: Request, error: GoodwillError) -> JSONResponse:
        body: dict[str, Any] = {"error": str(error)}
        if error.field is not None:
            body["field"] = error.field
        if isinstance(error, Ambiguous):
            body["candidates"] = [{"id": pid, "label": label} for pid, label in error.candidates]
        if isinstance(error, AlreadyExists):
            pid, name = error.existing
            body |= {"existing": {"id": pid, "label": name}, "override": {"anyway": True}}
        if isinstance(error, ColdAsk):
            # The guard's refusal: what each ask needs, the deposit to make first, and how
            # to record it all the same.
            body |= {"cold_asks": error.asks, "override": {"anyway": True}}
            return JSONResponse(body, status_code=409)
        return JSONResponse(body, status_code=status_of(error))

    @api.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        body: dict[str, Any] = {"error": validation_message(error.errors())}
        field = validation_field(error.errors())
        if field is not None:
            body["field"] = field
        body["detail"] = validation_problems(error.errors())
        return JSONResponse(body, status_code=422)

    @api.exception_handler(Forbidden)
    async def forbidden(_request: Request, error: Forbidden) -> JSONResponse:
        return JSONResponse(
            {"error": str(error)}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )
