"""Reminders that arrive: the server sends each owner's digest when due, and a snooze link
from the email asks before it snoozes. A real SMTP server listens on loopback."""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from websupport import BASE_URL, Site, make_site, sign_in

from goodwill.config import DigestSettings
from goodwill.domain.model import Tier
from goodwill.services import accounts, digest, ledger, people
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges
from goodwill.web.scheduler import DigestScheduler
from goodwill.web.server import ServerSettings, create_app
from smtp_sink import Server, running, smtp_for

PASSWORD = "correct horse battery"
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def sink() -> Iterator[Server]:
    with running() as server:
        yield server


def mail_to(ctx: Context, server: Server, **digest_settings: object) -> None:
    smtp = smtp_for(server)
    settings = DigestSettings(**{"server_url": BASE_URL, **digest_settings})  # type: ignore[arg-type]
    ctx.config = replace(ctx.config, smtp=smtp, digest=settings)


def overdue(ctx: Context, *names: str) -> None:
    for name in names:
        people.add_person(ctx, PersonChanges(name=name, tier=Tier.INNER))
        ledger.log(
            ctx,
            LogRequest(people=(name,), action=Action.TOUCH, on=ctx.today() - timedelta(days=400)),
        )


def test_a_snooze_link_asks_then_snoozes(site: Site, sink: Server) -> None:
    mail_to(site.ctx, sink, to="me@example.org")
    overdue(site.ctx, "Ada Lovelace")
    digest.send(site.ctx)
    [link] = [p["snooze_url"] for p in digest.compose(site.ctx)["picks"]]
    path = link.removeprefix(BASE_URL)
    asking = site.client.get(path).text
    assert "Keep Ada Lovelace out of your plan for 14 days" in html.unescape(asking)
    assert people.show_person(site.ctx, "Ada Lovelace").snoozed_until is None
    done = site.post(path)
    assert "stays out of your plan until" in done.text
    assert people.show_person(site.ctx, "Ada Lovelace").snoozed_until is not None
    forged = site.client.get(path[:-2] + "xx")
    assert forged.status_code == 400 and "not valid" in forged.text


def test_the_server_sends_the_local_digest_once_a_day(site: Site, sink: Server) -> None:
    mail_to(site.ctx, sink, to="me@example.org", hour=7, time_zone="UTC")
    overdue(site.ctx, "Ada Lovelace")
    scheduler = DigestScheduler(site.client.app.state.gate)  # type: ignore[attr-defined]
    morning = datetime(2026, 11, 24, 7, 5, tzinfo=UTC)
    assert scheduler.send_due(morning - timedelta(hours=1)) == 0
    assert scheduler.send_due(morning) == 1
    assert scheduler.send_due(morning + timedelta(minutes=1)) == 0
    assert [m.rcpt_tos for m in sink.received] == [["me@example.org"]]


def test_each_team_member_gets_their_own_digest_at_their_hour(app: Context, sink: Server) -> None:
    mail_to(app, sink)
    for name, hour, zone in (("alice", 8, "Europe/Paris"), ("bob", 8, "America/New_York")):
        accounts.add_user(app, name, PASSWORD)
        accounts.set_digest(app, name, f"{name}@example.org", hour, zone)
    ids = {user.username: user.id for user in accounts.list_users(app)}
    overdue(app.for_owner(ids["alice"]), "Ada Lovelace", HOSTILE)
    overdue(app.for_owner(ids["bob"]), "Bo Chen")
    site = create_app(app, ServerSettings(multi_user=True, send_digests=False))
    scheduler = DigestScheduler(site.state.gate)
    paris_eight = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    assert scheduler.send_due(paris_eight) == 1  # 02:00 in New York: not Bob's hour yet
    assert scheduler.send_due(paris_eight + timedelta(hours=6)) == 1  # 08:00 in New York
    assert scheduler.send_due(paris_eight + timedelta(hours=7)) == 0
    by_address = {m.rcpt_tos[0]: m.message for m in sink.received}
    assert set(by_address) == {"alice@example.org", "bob@example.org"}
    alice_text = by_address["alice@example.org"].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    bob_text = by_address["bob@example.org"].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Ada Lovelace" in alice_text and "Bo Chen" not in alice_text
    assert "Bo Chen" in bob_text and "Ada Lovelace" not in bob_text
    alice_html = by_address["alice@example.org"].get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert HOSTILE not in alice_html and html.escape(HOSTILE, quote=False) in alice_html


def test_a_team_members_snooze_link_needs_their_session(app: Context, sink: Server) -> None:
    mail_to(app, sink)
    accounts.add_user(app, "alice", PASSWORD)
    [alice] = accounts.list_users(app)
    mine = app.for_owner(alice.id)
    mail_to(mine, sink, to="alice@example.org")
    overdue(mine, "Ada Lovelace")
    digest.send(mine)
    [link] = [p["snooze_url"] for p in digest.compose(mine)["picks"]]
    team = make_site(app, multi_user=True)
    signed_out = team.client.get(link.removeprefix(BASE_URL), follow_redirects=False)
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/login"
    sign_in(team.client, "alice", PASSWORD)
    assert "Ada Lovelace" in team.client.get(link.removeprefix(BASE_URL)).text


def test_a_running_server_sends_a_due_digest_by_itself(app: Context, sink: Server) -> None:
    """The scheduler starts with the server: a digest due at start-up goes out at once."""
    import time

    from fastapi.testclient import TestClient

    mail_to(app, sink, to="me@example.org", hour=0, time_zone="UTC")
    overdue(app, "Ada Lovelace")
    server = create_app(app, ServerSettings(send_digests=True))
    with TestClient(server, base_url=BASE_URL):
        deadline = time.monotonic() + 30
        while not sink.received and time.monotonic() < deadline:
            time.sleep(0.05)
    assert [m.rcpt_tos for m in sink.received] == [["me@example.org"]]
