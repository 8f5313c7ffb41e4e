"""How the JSON API answers what it refuses: one JSON line, `{"error": ...}`, and a status."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from goodwill.domain.errors import Ambiguous, ColdAsk, GoodwillError
from goodwill.web.auth import Forbidden
from goodwill.web.errors import status_of, validation_message, validation_problems


def install(api: FastAPI) -> None:
    """Answer user errors (4xx, with the candidates of an ambiguous name and the guard's
    verdict on a cold ask), invalid requests (422) and missing tokens (401) as JSON."""

    @api.exception_handler(GoodwillError)
    async def user_error(_request: Request, error: GoodwillError) -> JSONResponse:
        body: dict[str, Any] = {"error": str(error)}
        if isinstance(error, Ambiguous):
            body["candidates"] = [{"id": pid, "label": label} for pid, label in error.candidates]
        if isinstance(error, ColdAsk):
            # The guard's refusal: what each ask needs, the deposit to make first, and how
            # to record it all the same.
            body |= {"cold_asks": error.asks, "override": {"anyway": True}}
            return JSONResponse(body, status_code=409)
        return JSONResponse(body, status_code=status_of(error))

    @api.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            {
                "error": validation_message(error.errors()),
                "detail": validation_problems(error.errors()),
            },
            status_code=422,
        )

    @api.exception_handler(Forbidden)
    async def forbidden(_request: Request, error: Forbidden) -> JSONResponse:
        return JSONResponse(
            {"error": str(error)}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )
