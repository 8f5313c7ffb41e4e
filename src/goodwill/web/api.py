"""The JSON API, `/api/v1`: the CLI's operations under the same names, for scripts.

Every call needs an API token (`goodwill token create`) and reaches only its owner's data.
The bodies are the CLI's `--json` shapes (DESIGN.md), made by the same services. Each
feature's routes are a router of their own (`api_people`, `api_ledger`, `api_plan`,
`api_network`, `api_transfer`, `api_tasks`); this module puts them together.
"""

from __future__ import annotations

from fastapi import FastAPI

from goodwill.web import (
    api_errors,
    api_ledger,
    api_network,
    api_people,
    api_plan,
    api_tasks,
    api_transfer,
)
from goodwill.web.auth import Gate

ROUTERS = (api_people, api_ledger, api_plan, api_network, api_transfer, api_tasks)


def create_api(gate: Gate, upload_limit: int) -> FastAPI:
    api = FastAPI(
        title="goodwill API",
        version="1",
        description=(
            "The goodwill CLI's operations over HTTP. Authenticate with "
            "`Authorization: Bearer <token>` (create one with `goodwill token create`)."
        ),
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    api.state.gate = gate
    api.state.upload_limit = upload_limit
    api_errors.install(api)
    for feature in ROUTERS:
        api.include_router(feature.router, responses=api_errors.REFUSALS)
    return api
