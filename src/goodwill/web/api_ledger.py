"""The JSON API's ledger: log, undo, a person's balance, and the ask guard."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from goodwill.domain import limits
from goodwill.domain.model import Channel
from goodwill.services import ledger
from goodwill.services.ask import AskCheck, ask
from goodwill.services.ledger import Action, LogRequest
from goodwill.web import forms
from goodwill.web.api_common import On, Owner, PersonId, Text, shaped
from goodwill.web.api_errors import COLD_ASK

router = APIRouter()


class LogIn(BaseModel):
    """`goodwill log`: one entry shared by the people named (ids as "#12", names or emails)."""

    model_config = ConfigDict(extra="forbid")

    people: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=limits.EMAIL)]],
        Field(min_length=1, max_length=limits.ITEMS),
    ]
    action: Action = Action.TOUCH
    kind: Annotated[str, Field(max_length=limits.KIND)] | None = None
    channel: Channel = Channel.EMAIL
    them: bool = False
    on: Annotated[str, Field(max_length=32)] | None = None
    note: Text = ""
    follow_up: Annotated[str, Field(max_length=32)] | None = None
    #: Record an ask even when the guard finds it cold (otherwise: 409 and the deposit).
    anyway: bool = False


class AskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    purpose: Annotated[str, Field(alias="for", max_length=10_000)] = ""
    kind: Annotated[str, Field(max_length=limits.KIND)] | None = None
    #: Record the ask even when the guard finds it cold (otherwise: 409 and the deposit).
    anyway: bool = False


@router.get(
    "/people/{person_id}/balance",
    tags=["ledger"],
    summary="The balance, line by line (goodwill balance)",
    response_model=ledger.Balance,
)
def balance(viewer: Owner, person_id: PersonId, on: On = None) -> JSONResponse:
    day = forms.day("on", on, viewer.ctx.today())
    return shaped(ledger.balance(viewer.ctx, f"#{person_id}", day))


@router.get(
    "/people/{person_id}/ask",
    tags=["ledger"],
    summary="Is this ask warm? (goodwill ask)",
    response_model=AskCheck,
)
def ask_guard(
    viewer: Owner,
    person_id: PersonId,
    purpose: Annotated[str, Query(alias="for", max_length=10_000)] = "",
    kind: Annotated[str | None, Query(max_length=limits.KIND)] = None,
) -> JSONResponse:
    return shaped(ask(viewer.ctx, f"#{person_id}", purpose=purpose, kind=kind))


@router.post(
    "/people/{person_id}/ask",
    tags=["ledger"],
    summary="Record an ask (goodwill ask --yes)",
    response_model=AskCheck,
    responses=COLD_ASK,
)
def record_ask(viewer: Owner, person_id: PersonId, body: AskIn) -> JSONResponse:
    recorded = ask(
        viewer.ctx,
        f"#{person_id}",
        purpose=body.purpose,
        kind=body.kind,
        record_it=True,
        anyway=body.anyway,
    )
    return shaped(recorded)


@router.post(
    "/ledger",
    tags=["ledger"],
    status_code=201,
    summary="Log a give, an ask or a touch (goodwill log)",
    response_model=ledger.Logged,
    responses=COLD_ASK,
)
def log(viewer: Owner, body: LogIn) -> JSONResponse:
    today = viewer.ctx.today()
    request = LogRequest(
        people=tuple(body.people),
        action=body.action,
        kind=body.kind,
        channel=body.channel,
        them=body.them,
        on=forms.day("on", body.on, today),
        note=body.note,
        follow_up=forms.day("follow_up", body.follow_up, today, future=True),
        anyway=body.anyway,
    )
    return shaped(ledger.log(viewer.ctx, request), status=201)


@router.post(
    "/ledger/undo",
    tags=["ledger"],
    summary="Revert the last ledger write (goodwill undo)",
    response_model=ledger.Undone,
)
def undo(viewer: Owner, on: On = None) -> JSONResponse:
    return shaped(ledger.undo(viewer.ctx, forms.day("on", on, viewer.ctx.today())))
