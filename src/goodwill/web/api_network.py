"""The JSON API's questions about the network: who can help, who on the team knows whom."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from goodwill.domain import limits
from goodwill.domain.errors import BadInput
from goodwill.services import accounts, finder
from goodwill.web.api_common import Owner, shaped

router = APIRouter()


@router.get(
    "/help",
    tags=["network"],
    summary="Who can help with a need (goodwill help)",
    response_model=finder.Helpers,
)
def who_can_help(
    viewer: Owner, need: Annotated[str, Query(min_length=1, max_length=500)]
) -> JSONResponse:
    return shaped(finder.who_can_help(viewer.ctx, need))


@router.get(
    "/team/knows",
    tags=["team"],
    summary="Who on the team knows someone at a company",
    response_model=list[accounts.TeamTie],
)
def team_knows(
    request: Request,
    viewer: Owner,
    company: Annotated[str, Query(min_length=1, max_length=limits.COMPANY)],
) -> JSONResponse:
    if viewer.account_id is None:
        raise BadInput("the team exists on a team server (goodwill serve --multi-user)")
    found = accounts.who_on_team_knows(
        request.app.state.gate.base, viewer.account_id, company.strip(), viewer.ctx.today()
    )
    return JSONResponse([tie.to_json() for tie in found])
