"""Property tests of the API from its own OpenAPI schema: whatever a client sends that the
schema admits, or nearly admits, the server answers without a server error, and with a body
the schema describes for that status (a success's model, or a refusal's `{"error": ...}`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance
from websupport import FIXED_NOW

from goodwill.bootstrap import build_context
from goodwill.domain.model import Tier
from goodwill.services import accounts, admin, ledger, people
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges
from goodwill.web.server import ServerSettings, create_app


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every operation, read from the schema without a database."""
    ctx = build_context({"GOODWILL_DATA_DIR": "unused"}, db="sqlite:///unused.db")
    app = create_app(ctx, ServerSettings(send_digests=False, allowed_hosts=()))
    paths = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app).raw_schema["paths"]
    return sorted((method.upper(), path) for path, item in paths.items() for method in item)


@pytest.fixture
def fuzzed_app(tmp_path: Path) -> Iterator[tuple[Any, str]]:
    env = {
        "GOODWILL_DATA_DIR": str(tmp_path / "data"),
        "GOODWILL_CONFIG": str(tmp_path / "config.toml"),
    }
    ctx = build_context(env, db=str(tmp_path / "goodwill.db"))
    ctx.clock = lambda: FIXED_NOW
    admin.init(ctx)
    for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing"):
        people.add_person(ctx, PersonChanges(name=name, tier=Tier.ACTIVE))
        ledger.log(
            ctx,
            LogRequest(people=(name,), action=Action.GAVE, on=ctx.today() - timedelta(days=300)),
        )
    token = accounts.create_token(ctx, "fuzz").token
    yield create_app(ctx, ServerSettings(send_digests=False, allowed_hosts=())), token
    ctx.db.dispose()


@pytest.mark.parametrize(("method", "path"), _operations())
def test_no_request_makes_a_server_error(
    fuzzed_app: tuple[Any, str], method: str, path: str
) -> None:
    app, token = fuzzed_app
    operation = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: Any) -> None:
        case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"},
            checks=[not_a_server_error, response_schema_conformance],
        )

    fuzz()
