"""`goodwill mcp` as an assistant meets it: the SDK's own client talks to a real
`goodwill mcp` process over stdio, on a database the CLI filled."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from cli_runner import Goodwill
from mcp import Client
from mcp.client.stdio import StdioServerParameters

TOOLS = {"today", "brief", "who_can_help", "intro_path", "due", "ask_guard", "log"}


@pytest.fixture
def gw(cli: Callable[..., Goodwill], tmp_path: Path) -> Goodwill:
    goodwill = cli(GOODWILL_DB=str(tmp_path / "net.db"))
    goodwill("init")
    goodwill("add", "Ana Núñez", "--company", "Acme", "--tag", "pricing", "--tier", "inner")
    goodwill("add", "Bo Chen", "--company", "Globex", "--met-via", "Ana Núñez")
    goodwill("log", "Ana", "--touch", "--via", "coffee", "--on", "2026-01-10")
    return goodwill


def _session(gw: Goodwill, *extra: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "goodwill", "mcp", *extra],
        env={k: v for k, v in gw.env.items() if k.startswith("GOODWILL_")},
    )


def _talk(params: StdioServerParameters, calls: list[tuple[str, dict[str, Any]]]) -> Any:
    async def run() -> tuple[Any, list[Any]]:
        async with Client(params, mode="legacy") as client:
            tools = await client.list_tools()
            return tools, [await client.call_tool(name, args) for name, args in calls]

    # A thread of its own: Playwright's sync API, when a browser test ran earlier in this
    # worker, leaves an event loop running in the main thread, where asyncio.run refuses.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


def _data(result: Any) -> Any:
    assert not result.is_error, result.content
    return json.loads(result.content[0].text)


def test_every_tool_over_stdio_answers_with_the_cli_json(gw: Goodwill) -> None:
    calls = [
        ("today", {"on": "2026-11-24"}),
        ("brief", {"name": "Ana"}),
        ("who_can_help", {"need": "pricing"}),
        ("intro_path", {"target": "Globex"}),
        ("due", {"on": "2027-11-24"}),
        ("ask_guard", {"name": "Bo", "purpose": "an intro"}),
        ("brief", {"name": "Nobody Here"}),
        ("log", {"names": ["Ana"], "action": "give", "kind": "shared-article"}),
    ]
    tools, results = _talk(_session(gw), calls)
    listed = {tool.name: tool for tool in tools.tools}
    assert set(listed) == TOOLS
    assert all(tool.input_schema["type"] == "object" for tool in listed.values())
    assert listed["log"].input_schema["required"] == ["names", "action"]
    today, brief, helpers, path, due, guard, unknown, refused = results
    assert _data(today) == gw.json("today", "--on", "2026-11-24")
    assert _data(brief) == gw.json("brief", "Ana")
    assert _data(helpers) == gw.json("help", "pricing")
    assert "Ana Núñez" in json.dumps(_data(helpers), ensure_ascii=False)
    assert _data(path) == gw.json("path", "Globex")
    assert _data(due) == gw.json("due", "--on", "2027-11-24")
    assert _data(guard)["cold"] is True and "deposit" in _data(guard)["advice"]
    # A user's mistake is a tool error with the CLI's one line, not a crash.
    [message] = unknown.content[0].text.splitlines()
    assert unknown.is_error and message.startswith("no one matches 'Nobody Here'")
    assert refused.is_error and "read-only" in refused.content[0].text
    assert "shared-article" not in gw("show", "Ana")


def test_writes_with_allow_writes_and_the_guard_on_asks(gw: Goodwill) -> None:
    calls = [
        ("log", {"names": ["Ana"], "action": "give", "kind": "shared-article", "note": "paper"}),
        ("log", {"names": ["Bo"], "action": "ask", "kind": "advice", "note": "pricing"}),
        ("log", {"names": ["Bo"], "action": "ask", "kind": "advice", "even_if_cold": True}),
        ("log", {"names": ["Ana"], "action": "wave"}),
    ]
    _tools, (gave, cold, forced, bad) = _talk(_session(gw, "--allow-writes"), calls)
    assert _data(gave)["entry"]["kind"] == "shared-article"
    assert cold.is_error and cold.content[0].text.startswith("not recorded: This ask would be cold")
    assert _data(forced)["recorded"] is True
    assert bad.is_error  # outside the input schema
    timeline = gw.json("show", "Bo")["timeline"]  # type: ignore[index]
    assert [e["kind"] for e in timeline] == ["asked-advice"]
    assert "paper" in gw("show", "Ana")


def test_without_the_sdk_the_command_says_which_extra_to_install(
    gw: Goodwill, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "mcp" else find_spec(name, *a)
    )
    assert "pip install 'goodwill[mcp]'" in gw("mcp", code=1)
