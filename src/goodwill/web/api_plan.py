"""The JSON API's daily plan: today, done, skip, snooze, due, and the network's health."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from goodwill import services
from goodwill.domain import limits
from goodwill.domain.model import Channel
from goodwill.services import people, plan
from goodwill.web import forms
from goodwill.web.api_common import On, Owner, PersonId, Text, shaped

router = APIRouter()


class DoneIn(BaseModel):
    """What you gave and how, named as `POST /ledger` names them (`kind`, `channel`);
    `gave` and `via`, the names this body had first, are still read."""

    model_config = ConfigDict(extra="forbid")

    kind: Annotated[
        str | None,
        Field(max_length=limits.KIND, validation_alias=AliasChoices("kind", "gave")),
    ] = None
    channel: Annotated[Channel, Field(validation_alias=AliasChoices("channel", "via"))] = (
        Channel.EMAIL
    )
    note: Text = ""


class SnoozeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    span: Annotated[str, Field(alias="for", max_length=16)] = "2w"


@router.post(
    "/people/{person_id}/snooze",
    tags=["plan"],
    summary="Keep a person out of the plan (goodwill snooze)",
    response_model=plan.Snoozed,
)
def snooze(viewer: Owner, person_id: PersonId, body: SnoozeIn) -> JSONResponse:
    return shaped(plan.snooze(viewer.ctx, f"#{person_id}", forms.span_days(body.span)))


@router.get(
    "/today", tags=["plan"], summary="Today's plan (goodwill today)", response_model=plan.Plan
)
def today(
    viewer: Owner, on: On = None, n: Annotated[int | None, Query(ge=1, le=100)] = None
) -> JSONResponse:
    return shaped(plan.today(viewer.ctx, forms.day("on", on, viewer.ctx.today()), n))


@router.post(
    "/today/{position}/done",
    tags=["plan"],
    summary="Mark a pick done (goodwill done)",
    response_model=plan.Done,
)
def done(viewer: Owner, position: Annotated[int, Path(ge=1, le=100)], body: DoneIn) -> JSONResponse:
    return shaped(
        plan.done(viewer.ctx, position, kind=body.kind, channel=body.channel, note=body.note)
    )


@router.post(
    "/today/{position}/skip",
    tags=["plan"],
    summary="Skip a pick (goodwill skip)",
    response_model=plan.Skipped,
)
def skip(viewer: Owner, position: Annotated[int, Path(ge=1, le=100)]) -> JSONResponse:
    return shaped(plan.skip(viewer.ctx, position))


@router.get(
    "/due",
    tags=["plan"],
    summary="Overdue people (goodwill due)",
    response_model=list[people.OverduePerson],
)
def due(
    viewer: Owner, on: On = None, limit: Annotated[int, Query(ge=1, le=10_000)] = 50
) -> JSONResponse:
    overdue = people.list_overdue(viewer.ctx, forms.day("on", on, viewer.ctx.today()), limit)
    return JSONResponse([row.to_json() for row in overdue.people])


@router.get(
    "/health",
    tags=["plan"],
    summary="The health of the network (goodwill health)",
    response_model=services.health.Health,
)
def health(viewer: Owner, on: On = None) -> JSONResponse:
    return shaped(services.health.health(viewer.ctx, forms.day("on", on, viewer.ctx.today())))
