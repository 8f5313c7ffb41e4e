"""The JSON API's operations for onboarding, triage, events, duplicates and paths, named as
the CLI's commands (`onboard`, `triage`, `events`, `event add`, `dupes`, `merge`, `path`,
`connectors`, `campaigns`, `campaign new|show|add|move`), returning what their `--json`
prints."""

from __future__ import annotations

import enum
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from goodwill.domain import limits
from goodwill.domain.campaign import Stage
from goodwill.domain.model import Tier
from goodwill.domain.onboarding import DEFAULT_ACTIVE, DEFAULT_INNER
from goodwill.services import campaigns, events, merging, onboard, paths, triage
from goodwill.web import forms
from goodwill.web.api_common import On, Owner, shaped
from goodwill.web.api_errors import COLD_ASK

Name = Annotated[str, Field(min_length=1, max_length=300)]


class Decision(enum.StrEnum):
    ACCEPT = "accept"
    IGNORE = "ignore"


class EventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    on: Annotated[str, Field(max_length=32)] | None = None
    met: Annotated[list[Name], Field(max_length=500)] = []
    location: Annotated[str, Field(max_length=300)] | None = None
    note: Annotated[str, Field(max_length=10_000)] = ""


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    keep: Name
    other: Name


class CampaignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    goal: Annotated[int, Field(ge=1, le=1000)] = 20


class EnrolIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    people: Annotated[list[Name], Field(min_length=1, max_length=500)]


class MoveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person: Name
    stage: Stage
    anyway: bool = False


class OnboardIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    #: person id -> the tier to put them in (people left out stay as they are).
    choices: Annotated[
        dict[Annotated[int, Field(ge=1, le=limits.ROW_ID)], Tier],
        Field(min_length=1, max_length=onboard.MAX_PLACES),
    ]


router = APIRouter()


@router.get(
    "/onboard",
    tags=["people"],
    summary="Proposed circles (goodwill onboard --json)",
    response_model=onboard.Proposal,
)
def propose(
    viewer: Owner,
    inner: Annotated[int, Query(ge=0, le=onboard.MAX_PLACES)] = DEFAULT_INNER,
    active: Annotated[int, Query(ge=0, le=onboard.MAX_PLACES)] = DEFAULT_ACTIVE,
) -> JSONResponse:
    return shaped(onboard.propose(viewer.ctx, inner=inner, active=active))


@router.post(
    "/onboard",
    tags=["people"],
    summary="Set the chosen tiers (goodwill onboard)",
    response_model=onboard.CirclesApplied,
)
def apply_onboarding(viewer: Owner, body: OnboardIn) -> JSONResponse:
    return shaped(onboard.apply(viewer.ctx, body.choices))


@router.get(
    "/campaigns",
    tags=["campaigns"],
    summary="Campaigns (goodwill campaigns)",
    response_model=list[campaigns.CampaignSummary],
)
def list_campaigns(viewer: Owner, on: On = None) -> JSONResponse:
    day = forms.day("on", on, viewer.ctx.today())
    return JSONResponse([found.to_json() for found in campaigns.list_campaigns(viewer.ctx, day)])


@router.post(
    "/campaigns",
    tags=["campaigns"],
    status_code=201,
    summary="Start a campaign (goodwill campaign new)",
    response_model=campaigns.Campaign,
)
def new_campaign(viewer: Owner, body: CampaignIn) -> JSONResponse:
    return shaped(campaigns.new_campaign(viewer.ctx, body.name, body.goal), status=201)


@router.get(
    "/campaigns/{name}",
    tags=["campaigns"],
    summary="A pipeline (goodwill campaign show)",
    response_model=campaigns.Pipeline,
)
def show_campaign(viewer: Owner, name: str) -> JSONResponse:
    return shaped(campaigns.show(viewer.ctx, name))


@router.post(
    "/campaigns/{name}/add",
    tags=["campaigns"],
    summary="goodwill campaign add",
    response_model=campaigns.Enrolled,
)
def enrol(viewer: Owner, name: str, body: EnrolIn) -> JSONResponse:
    return shaped(campaigns.enrol(viewer.ctx, name, tuple(body.people)))


@router.post(
    "/campaigns/{name}/move",
    tags=["campaigns"],
    summary="goodwill campaign move",
    response_model=campaigns.Moved,
    responses=COLD_ASK,
)
def move(viewer: Owner, name: str, body: MoveIn) -> JSONResponse:
    return shaped(campaigns.move(viewer.ctx, name, body.person, body.stage, anyway=body.anyway))


@router.get(
    "/triage",
    tags=["network"],
    summary="Invitations to connect (goodwill triage)",
    response_model=list[triage.Invitation],
)
def invitations(viewer: Owner, all: bool = False) -> JSONResponse:
    found = triage.list_invitations(viewer.ctx, include_done=all)
    return JSONResponse([invitation.to_json() for invitation in found])


@router.post(
    "/triage/{invitation_id}/{decision}",
    tags=["network"],
    summary="Accept or ignore an invitation (goodwill triage accept|ignore ID)",
    response_model=triage.Decided,
)
def decide(
    viewer: Owner,
    invitation_id: Annotated[int, Path(ge=1, le=limits.ROW_ID)],
    decision: Decision,
) -> JSONResponse:
    return shaped(triage.decide(viewer.ctx, invitation_id, accept=decision is Decision.ACCEPT))


@router.get(
    "/events",
    tags=["network"],
    summary="Recent events (goodwill events)",
    response_model=list[events.PastEvent],
)
def recent_events(
    viewer: Owner,
    limit: Annotated[int, Query(ge=1, le=1000)] = events.EVENTS_SHOWN,
    on: On = None,
) -> JSONResponse:
    day = forms.day("on", on, viewer.ctx.today())
    found = events.list_events(viewer.ctx, limit, on=day)
    return JSONResponse([event.to_json() for event in found])


@router.post(
    "/events",
    tags=["network"],
    status_code=201,
    summary="Add an event (goodwill event add)",
    response_model=events.RecordedEvent,
)
def add_event(viewer: Owner, body: EventIn) -> JSONResponse:
    recorded = events.add_event(
        viewer.ctx,
        body.name,
        on=forms.day("on", body.on, viewer.ctx.today()),
        met=tuple(body.met),
        location=body.location,
        note=body.note,
    )
    return shaped(recorded, status=201)


@router.get(
    "/dupes",
    tags=["people"],
    summary="Likely duplicates (goodwill dupes)",
    response_model=list[merging.Duplicate],
)
def dupes(viewer: Owner, limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> JSONResponse:
    return JSONResponse([pair.to_json() for pair in merging.find_duplicates(viewer.ctx, limit)])


@router.post(
    "/merge",
    tags=["people"],
    summary="Merge other into keep (goodwill merge A B)",
    response_model=merging.Merged,
)
def merge(viewer: Owner, body: MergeIn) -> JSONResponse:
    return shaped(merging.merge(viewer.ctx, body.keep, body.other))


@router.get(
    "/path",
    tags=["network"],
    summary="Warm introduction paths (goodwill path)",
    response_model=paths.Paths,
)
def path(
    viewer: Owner,
    target: Annotated[str, Query(min_length=1, max_length=300)],
    limit: Annotated[int, Query(ge=1, le=20)] = 3,
) -> JSONResponse:
    return shaped(paths.path(viewer.ctx, target, limit=limit))


@router.get(
    "/connectors",
    tags=["network"],
    summary="Bridges to keep warm (goodwill connectors)",
    response_model=list[paths.Bridge],
)
def connectors(
    viewer: Owner, on: On = None, limit: Annotated[int, Query(ge=1, le=100)] = 10
) -> JSONResponse:
    day = forms.day("on", on, viewer.ctx.today())
    return JSONResponse([bridge.to_json() for bridge in paths.connectors(viewer.ctx, limit, day)])
