"""`goodwill digest` as a user runs it: a preview on the terminal, the HTML in a file, and a
real send to an SMTP server on loopback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runner import Goodwill

from smtp_sink import running

ON = "2026-11-24"


@pytest.fixture
def gw(cli: Callable[..., Goodwill]) -> Goodwill:
    goodwill = cli()
    goodwill("init")
    goodwill("add", "Ana Lima", "--tier", "inner", "--company", "Acme")
    goodwill("add", "<b>Bo</b> Chen", "--tier", "inner")
    goodwill("log", "Ana", "--touch", "--on", "2026-01-05")
    goodwill("log", "Bo", "--touch", "--on", "2026-01-05")
    return goodwill


def write_config(env: dict[str, str], text: str) -> None:
    path = Path(env["GOODWILL_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_a_preview_prints_the_text_and_sends_nothing(
    gw: Goodwill, env: dict[str, str], tmp_path: Path
) -> None:
    write_config(env, '[digest]\nserver_url = "http://127.0.0.1:8080"\n')
    out = gw("digest", "--on", ON)
    assert out.startswith("Subject: goodwill: 2 people to reach today, 2 overdue\n")
    picks = {line.split(". ", 1)[1] for line in out.splitlines() if line[:3] in ("1. ", "2. ")}
    assert picks == {"Ana Lima (Acme)", "<b>Bo</b> Chen"}
    assert "snooze 2 weeks: http://127.0.0.1:8080/snooze/" in out
    html = tmp_path / "digest.html"
    gw("digest", "--on", ON, "--html", str(html))
    page = html.read_text()
    assert "&lt;b&gt;Bo&lt;/b&gt; Chen" in page and "<b>Bo</b>" not in page
    assert html.stat().st_mode & 0o777 == 0o600
    data = json.loads(gw("digest", "--on", ON, "--json"))
    assert {pick["person"]["name"] for pick in data["picks"]} == {"Ana Lima", "<b>Bo</b> Chen"}
    assert data["overdue"]["total"] == 2


def test_send_mails_it_through_the_configured_server(gw: Goodwill, env: dict[str, str]) -> None:
    with running() as server:
        write_config(
            env,
            f'[smtp]\nhost = "{server.host}"\nport = {server.port}\nstarttls = false\n'
            'from = "goodwill@example.org"\n[digest]\nto = "me@example.org"\n',
        )
        out = gw("digest", "--send", "--on", ON)
        assert out.strip() == (
            f"sent the digest of {ON} to me@example.org through {server.host}:{server.port}"
        )
        sent = json.loads(gw("digest", "--send", "--on", ON, "--to", "other@example.org", "--json"))
        assert sent["to"] == "other@example.org"
        first, second = server.received
    assert first.rcpt_tos == ["me@example.org"] and second.rcpt_tos == ["other@example.org"]
    assert first.message["Subject"] == "goodwill: 2 people to reach today, 2 overdue"
    assert second.message["Message-ID"] == sent["message_id"]


def test_sending_problems_are_one_line(gw: Goodwill, env: dict[str, str]) -> None:
    error = gw("digest", "--send", "--on", ON, code=1)
    assert error.startswith("error: no mail server to send through: add [smtp]")
    assert "--to goes with --send" in gw("digest", "--to", "me@example.org", code=1)
    with running() as server:
        port = server.port
    write_config(env, f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nstarttls = false\n')
    error = gw("digest", "--send", "--to", "me@example.org", code=1)
    assert error.startswith(f"error: cannot send the digest through 127.0.0.1:{port}: ")
    assert error.count("\n") == 1
    write_config(env, "[digest]\nhour = 25\n")
    error = gw("digest", code=1)
    assert "digest.hour must be a whole hour from 0 to 23" in error
