"""The Model Context Protocol server: goodwill's use cases as tools an assistant can call.

It runs over stdio with the official SDK (`mcp`, the `goodwill[mcp]` extra), on the same
database and services as the CLI. Every tool's input is typed, so the SDK publishes a JSON
schema for it; a result is the CLI's `--json` shape; a user's mistake (an unknown name, a bad
date) comes back as a tool error carrying the CLI's one-line message. Tools that write are
refused unless the server was started with `--allow-writes`.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from mcp.server import MCPServer
from mcp.types import CallToolResult, TextContent
from pydantic import Field

from goodwill import services
from goodwill.domain.dates import parse_date
from goodwill.domain.errors import GoodwillError
from goodwill.domain.model import Channel
from goodwill.services import finder, ledger, paths, people, plan
from goodwill.services.context import Context
from goodwill.services.views import Shape

READ_ONLY = "this goodwill MCP server is read-only: start it with `goodwill mcp --allow-writes`"

Name = Annotated[str, Field(min_length=1, max_length=300, description="Name, email or #id.")]
Day = Annotated[
    str | None,
    Field(max_length=32, description="The day to answer for: 2026-03-01, or 3d / 2w ago."),
]


class LogAction(enum.StrEnum):
    """What `log` records: you gave, you asked (the ask guard runs first), or a touch."""

    GIVE = "give"
    ASK = "ask"
    TOUCH = "touch"


def build_server(ctx: Context, *, allow_writes: bool = False) -> MCPServer:
    """The server with its tools over `ctx`."""

    def answer(work: Callable[[], Any]) -> CallToolResult:
        """The CLI's JSON, or the CLI's one-line message as a tool error (the SDK's own
        errors would prefix it with the tool's name)."""
        try:
            text, failed = _json(work()), False
        except GoodwillError as error:
            text, failed = str(error), True
        return CallToolResult(content=[TextContent(type="text", text=text)], is_error=failed)

    def day(text: str | None) -> date | None:
        return None if text is None else parse_date(text, ctx.today())

    server = MCPServer(
        "goodwill",
        log_level="WARNING",
        instructions=(
            "goodwill is the user's relationship manager: whom to reach today, what to give "
            "before asking, and who knows whom. Names resolve like the CLI's (#id, email, name)."
        ),
    )

    @server.tool()
    def today(
        on: Day = None, n: Annotated[int | None, Field(ge=1, le=100)] = None
    ) -> CallToolResult:
        """Today's plan: whom to reach, why, what to give and a draft (goodwill today)."""
        return answer(lambda: plan.today(ctx, day(on), n))

    @server.tool()
    def brief(name: Name, on: Day = None) -> CallToolResult:
        """What to know before meeting someone: how you met, the last five interactions,
        the balance and what you owe them, people you both know, topics, occasions."""
        return answer(lambda: services.brief.brief(ctx, name, day(on)))

    @server.tool()
    def who_can_help(
        need: Annotated[str, Field(min_length=1, max_length=500, description="What you need.")],
        limit: Annotated[int, Field(ge=1, le=100)] = 10,
    ) -> CallToolResult:
        """Who in the network can help with a need, warmest first (goodwill help)."""
        return answer(lambda: finder.who_can_help(ctx, need, limit=limit))

    @server.tool()
    def intro_path(
        target: Annotated[
            str, Field(min_length=1, max_length=300, description="A person or a company.")
        ],
        limit: Annotated[int, Field(ge=1, le=20)] = 3,
    ) -> CallToolResult:
        """Warm introduction paths to a person or anyone at a company (goodwill path)."""
        return answer(lambda: paths.path(ctx, target, limit=limit))

    @server.tool()
    def due(on: Day = None, limit: Annotated[int, Field(ge=1, le=1000)] = 50) -> CallToolResult:
        """Overdue people, most overdue first (goodwill due)."""
        return answer(
            lambda: [row.to_json() for row in people.list_overdue(ctx, day(on), limit).people]
        )

    @server.tool()
    def ask_guard(
        name: Name,
        purpose: Annotated[str, Field(max_length=2000, description="What you would ask.")] = "",
    ) -> CallToolResult:
        """Would asking this person be cold? Advice and a deposit to make first (goodwill ask)."""
        return answer(lambda: services.ask.ask(ctx, name, purpose=purpose))

    @server.tool()
    def log(
        names: Annotated[list[Name], Field(min_length=1, max_length=20)],
        action: LogAction,
        kind: Annotated[
            str | None, Field(max_length=64, description="e.g. shared-article, advice, intro.")
        ] = None,
        channel: Channel = Channel.EMAIL,
        note: Annotated[str, Field(max_length=2000)] = "",
        even_if_cold: Annotated[
            bool, Field(description="Record an ask even when the guard says it is cold.")
        ] = False,
    ) -> CallToolResult:
        """Record a give, an ask or a touch (goodwill log). An ask runs the ask guard first
        and is refused when cold unless `even_if_cold`. Needs --allow-writes."""
        if not allow_writes:
            return answer(_refuse_writes)
        if action is LogAction.ASK:
            return answer(lambda: _ask(ctx, names, kind, note, even_if_cold))
        request = ledger.LogRequest(
            people=tuple(names),
            action=ledger.Action.GAVE if action is LogAction.GIVE else ledger.Action.TOUCH,
            kind=kind,
            channel=channel,
            note=note,
        )
        return answer(lambda: ledger.log(ctx, request))

    return server


def _refuse_writes() -> None:
    raise GoodwillError(READ_ONLY)


def _ask(
    ctx: Context, names: list[str], kind: str | None, note: str, even_if_cold: bool
) -> services.ask.AskCheck:
    if len(names) != 1:
        raise GoodwillError("an ask is of one person")
    guard = services.ask.ask(ctx, names[0], purpose=note, kind=kind)
    if guard.cold and not even_if_cold:
        raise GoodwillError(f"not recorded: {guard.advice}")
    return services.ask.ask(ctx, names[0], purpose=note, kind=kind, record_it=True, anyway=True)


def _json(value: Any) -> str:
    """The CLI's `--json` text, as the tool's result."""
    plain = value.to_json() if isinstance(value, Shape) else value
    return json.dumps(plain, ensure_ascii=False, indent=2)


def serve(ctx: Context, *, allow_writes: bool = False) -> None:
    """Run the server over stdin and stdout until the client hangs up."""
    build_server(ctx, allow_writes=allow_writes).run("stdio")
