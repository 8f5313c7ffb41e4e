"""The JSON API's daily plan: today, done, skip, snooze, due, and the network's health."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from goodwill import services
from goodwill.domain import limits
from goodwill.domain.model import Channel
from goodwill.services import people, plan
from goodwill.web import forms
from goodwill.web.api_common import On, Owner, PersonId, Text

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
)
def snooze(viewer: Owner, person_id: PersonId, body: SnoozeIn) -> dict[str, Any]:
    return plan.snooze(viewer.ctx, f"#{person_id}", forms.span_days(body.span))


@router.get("/today", tags=["plan"], summary="Today's plan (goodwill today)")
def today(
    viewer: Owner, on: On = None, n: Annotated[int | None, Query(ge=1, le=100)] = None
) -> dict[str, Any]:
    return plan.today(viewer.ctx, forms.day("on", on, viewer.ctx.today()), n)


@router.post("/today/{position}/done", tags=["plan"], summary="Mark a pick done (goodwill done)")
def done(
    viewer: Owner, position: Annotated[int, Path(ge=1, le=100)], body: DoneIn
) -> dict[str, Any]:
    return plan.done(viewer.ctx, position, kind=body.kind, channel=body.channel, note=body.note)


@router.post("/today/{position}/skip", tags=["plan"], summary="Skip a pick (goodwill skip)")
def skip(viewer: Owner, position: Annotated[int, Path(ge=1, le=100)]) -> dict[str, Any]:
    return plan.skip(viewer.ctx, position)


@router.get("/due", tags=["plan"], summary="Overdue people (goodwill due)")
def due(
    viewer: Owner, on: On = None, limit: Annotated[int, Query(ge=1, le=10_000)] = 50
) -> list[dict[str, Any]]:
    overdue: list[dict[str, Any]] = people.list_overdue(
        viewer.ctx, forms.day("on", on, viewer.ctx.today()), limit
    )["people"]
    return overdue


@router.get("/health", tags=["plan"], summary="The health of the network (goodwill health)")
def health(viewer: Owner, on: On = None) -> dict[str, Any]:
    return services.health.health(viewer.ctx, forms.day("on", on, viewer.ctx.today()))
