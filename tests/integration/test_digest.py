"""The daily digest on both backends, mailed to a real SMTP server on loopback.

What a user sees: the digest lists the plan, the most overdue and the follow-ups due; it
arrives as text and HTML with a contact's markup shown as text; its snooze links work
once signed and only then; and the server sends one digest a day, also after downtime.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest

from goodwill.bootstrap import build_context
from goodwill.config import DigestSettings, SmtpSettings
from goodwill.domain.errors import BadInput, GoodwillError
from goodwill.domain.model import Tier
from goodwill.services import digest, people, plan
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest, log
from goodwill.services.link_secret import LINK_SECRET_KEY
from goodwill.services.people import PersonChanges
from smtp_sink import (
    PASSWORD,
    USERNAME,
    Server,
    running,
    self_signed_certificate,
    server_tls,
    smtp_at,
    smtp_for,
)

TODAY = date(2026, 11, 24)
LONG_AGO = date(2025, 1, 1)
SERVER_URL = "http://127.0.0.1:8080"
MARKUP_NAME = "<img src=x onerror=alert(1)>"


def add(app: Context, name: str, *, on: date = LONG_AGO, **changes: object) -> int:
    return people.add_person(app, PersonChanges(name=name, **changes), on=on).id  # type: ignore[arg-type]


def configure(app: Context, smtp: SmtpSettings | None = None, **digest_settings: object) -> None:
    settings = DigestSettings(**{"to": "me@example.org", **digest_settings})  # type: ignore[arg-type]
    app.config = replace(app.config, smtp=smtp, digest=settings)


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


@pytest.fixture
def sink() -> Iterator[Server]:
    with running() as server:
        yield server


@pytest.fixture
def network(app: Context) -> dict[str, int]:
    """Three inner-circle people long overdue, two more overdue, one follow-up, one archived."""
    ids = {name: add(app, name, tier=Tier.INNER) for name in ("Ana Lima", "Bo Chen", "Cy Diaz")}
    ids |= {name: add(app, name) for name in ("Dee Park", "Eve Moss")}
    ids["Fay Wu"] = add(app, "Fay Wu", tier=Tier.ACQUAINTANCE, on=date(2026, 11, 1))
    log(
        app,
        LogRequest(
            people=("Fay Wu",),
            action=Action.TOUCH,
            on=date(2026, 11, 18),
            note="her conference talk",
            follow_up=date(2026, 11, 22),
        ),
    )
    ids["Gil Old"] = add(app, "Gil Old", tier=Tier.ARCHIVED)
    return ids


def names(items: list[dict[str, Any]]) -> list[str]:
    return [item["person"]["name"] for item in items]


def test_the_digest_holds_the_plan_the_overdue_and_the_follow_ups(
    app: Context, network: dict[str, int]
) -> None:
    composed = digest.compose(app, TODAY)
    shown = plan.today(app, TODAY).to_json()
    assert names(composed["picks"]) == names(shown["picks"])
    # The follow-up is never hidden: it comes first in the plan.
    assert len(composed["picks"]) == app.config.plan_size
    assert names(composed["picks"])[0] == "Fay Wu"
    assert composed["note"] is shown["note"] is None
    in_plan = set(names(composed["picks"]))
    overdue = names(composed["overdue"]["people"])
    assert composed["overdue"]["total"] == 5
    assert set(overdue) == {"Ana Lima", "Bo Chen", "Cy Diaz", "Dee Park", "Eve Moss"} - in_plan
    assert composed["follow_ups"] == []
    every = [*in_plan, *overdue, *names(composed["follow_ups"])]
    assert "Gil Old" not in every and len(every) == len(set(every))
    assert all(item["snooze_url"] is None for item in composed["picks"])


def test_composing_a_digest_saves_nothing(app: Context, network: dict[str, int]) -> None:
    configure(app, server_url=SERVER_URL)
    digest.compose(app, TODAY)
    with app.db.read() as uow:
        assert uow.plans.picks(TODAY) is None
        assert uow.settings.get(digest.LAST_SENT_KEY) is None


def test_a_plain_send_arrives_as_text_and_html(
    app: Context, network: dict[str, int], sink: Server
) -> None:
    configure(app, smtp_for(sink))
    sent = digest.send(app, TODAY)
    [received] = sink.received
    message = received.message
    assert received.rcpt_tos == ["me@example.org"]
    assert message["From"] == "goodwill@example.org"
    assert message["To"] == "me@example.org"
    assert message["Subject"] == "goodwill: 2 people to reach today, 5 overdue"
    assert message["Subject"] == sent["subject"]
    assert message["Message-ID"] == sent["message_id"]
    assert message["Message-ID"].endswith("@example.org>")
    assert message["Auto-Submitted"] == "auto-generated"
    assert parsedate_to_datetime(message["Date"]).date() == TODAY
    assert message.get_content_type() == "multipart/alternative"
    text, html = parts(message)
    assert "TODAY'S PLAN: ten minutes, 2 people" in text
    assert "1. Fay Wu" in text and "a follow-up is due (since 2 days ago)" in text
    for name in names(digest.compose(app, TODAY)["picks"]):
        assert f". {name}" in text and f"<strong>{name}</strong>" in html
    assert "<" not in text.replace(MARKUP_NAME, "")  # plain text, no markup to read around


def test_the_html_part_shows_a_markup_name_as_text(app: Context, sink: Server) -> None:
    marked = add(app, MARKUP_NAME, company="<script>alert(2)</script>", tier=Tier.INNER)
    note = '"><svg onload=alert(3)>'
    log(app, LogRequest(people=(f"#{marked}",), action=Action.TOUCH, on=LONG_AGO, note=note))
    configure(app, smtp_for(sink), server_url=SERVER_URL)
    digest.send(app, TODAY)
    text, html = parts(sink.received[0].message)
    assert "<img" not in html and "<script" not in html and "<svg" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert f"1. {MARKUP_NAME} (<script>alert(2)</script>)" in text


def test_nothing_to_do_reads_plainly(app: Context, sink: Server) -> None:
    configure(app, smtp_for(sink))
    digest.send(app, TODAY)
    message = sink.received[0].message
    assert message["Subject"] == "goodwill: nobody to reach today"
    text, _html = parts(message)
    assert "nobody to reach today; everyone is on cadence" in text
    assert "OVERDUE" not in text and "FOLLOW-UPS" not in text


def test_send_needs_a_server_and_an_address(app: Context) -> None:
    with pytest.raises(BadInput, match=r"^no mail server to send through: add \[smtp\]"):
        digest.send(app, TODAY)
    configure(app, smtp_at("127.0.0.1", 25), to=None)
    with pytest.raises(BadInput, match=r"^no address to send the digest to"):
        digest.send(app, TODAY)
    with pytest.raises(BadInput, match="is not an email address"):
        digest.send(app, TODAY, to="me@example.org\r\nBcc: them@example.org")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


def test_starttls_and_login(app: Context, certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    with running(starttls=server_tls(cert, key), require_login=True) as server:
        configure(
            app,
            smtp_for(server, starttls=True, username=USERNAME, password=PASSWORD, ca_file=cert),
        )
        digest.send(app, TODAY)
        [received] = server.received
    assert received.over_tls and received.login == USERNAME


def test_implicit_tls(app: Context, certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    with running(implicit_tls=server_tls(cert, key)) as server:
        configure(app, smtp_for(server, ssl=True, ca_file=cert))
        digest.send(app, TODAY)
        [received] = server.received
    assert received.over_tls


def test_mail_server_problems_are_one_line(app: Context, certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    login = {"starttls": True, "username": USERNAME, "password": PASSWORD}
    errors = []
    # Each case on a server of its own: aiosmtpd stalls after a failed TLS handshake.
    for case in (
        {**login},  # its certificate is not trusted without ca_file
        {**login, "ca_file": cert, "password": "wrong"},
        {**login, "ca_file": cert, "password": None, "password_env": "GW_PASS"},
        "stopped",
    ):
        with running(starttls=server_tls(cert, key), require_login=True) as server:
            where = f"{server.host}:{server.port}"
            configure(app, smtp_for(server, **(login if case == "stopped" else case)))  # type: ignore[arg-type]
            if case != "stopped":
                with pytest.raises(GoodwillError) as error:
                    digest.send(app, TODAY)
                errors.append(str(error.value))
            assert server.received == []
        if case == "stopped":
            with pytest.raises(GoodwillError) as error:
                digest.send(app, TODAY)
            errors.append(str(error.value))
    untrusted, refused, no_password, down = errors
    assert "certificate verify failed" in untrusted
    assert ": 535 " in refused
    assert (
        no_password
        == "smtp.password_env names GW_PASS, which is not set: set it to the mail password"
    )
    assert "Connection refused" in down
    for message in (untrusted, refused, down):
        assert message.startswith(f"cannot send the digest through {where.split(':')[0]}:")
    assert all("\n" not in message for message in errors)


def token_of(url: str) -> str:
    assert url.startswith(f"{SERVER_URL}/snooze/")
    return url.rsplit("/", 1)[1]


def test_a_snooze_link_snoozes_its_person(app: Context, network: dict[str, int]) -> None:
    configure(app, server_url=SERVER_URL)
    composed = digest.compose(app, TODAY)
    assert composed["links_valid_until"] == "2026-12-01"
    pick = composed["picks"][0]
    token = token_of(pick["snooze_url"])
    later = TODAY + timedelta(days=3)
    app.clock = lambda: datetime.combine(later, time(9))  # the link is used three days on
    assert digest.inspect_snooze(app, token)["person"] == pick["person"]
    assert people.show_person(app, f"#{pick['person']['id']}").snoozed_until is None
    result = digest.redeem_snooze(app, token).to_json()
    assert result["person"] == pick["person"]
    assert result["until"] == (later + timedelta(days=digest.SNOOZE_DAYS)).isoformat()
    shown = people.show_person(app, f"#{pick['person']['id']}").to_json()
    assert shown["snoozed_until"] == result["until"]
    assert pick["person"] not in [p["person"] for p in plan.today(app, later).to_json()["picks"]]


def test_a_changed_or_old_snooze_link_is_refused(app: Context, network: dict[str, int]) -> None:
    configure(app, server_url=SERVER_URL)
    first, second = digest.compose(app, TODAY)["picks"][:2]
    token = token_of(first["snooze_url"])
    other_id = str(second["person"]["id"])
    person_id, rest = token.split(".", 1)
    forged = [
        f"{other_id}.{rest}",
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        token.replace(".14.", ".999."),
        token[:-5],
        "",
    ]
    for bad in forged:
        with pytest.raises(BadInput, match=r"^this snooze link is not valid"):
            digest.redeem_snooze(app, bad, TODAY)
    with pytest.raises(BadInput, match=r"^this snooze link expired on 2026-12-01"):
        digest.redeem_snooze(app, token, TODAY + timedelta(days=8))
    app.clock = lambda: datetime.combine(TODAY + timedelta(days=7), time(9))  # its last day
    assert digest.redeem_snooze(app, token).to_json()["person"]["id"] == int(person_id)
    for person in (first, second):
        assert people.show_person(app, f"#{person['person']['id']}").snoozed_until == (
            None
            if person is second
            else (TODAY + timedelta(days=7 + digest.SNOOZE_DAYS)).isoformat()
        )


def test_another_databases_links_are_refused(
    app: Context, network: dict[str, int], tmp_path: Path
) -> None:
    configure(app, server_url=SERVER_URL)
    token = token_of(digest.compose(app, TODAY)["picks"][0]["snooze_url"])
    other = build_context({"GOODWILL_DATA_DIR": str(tmp_path / "other")})
    other.clock = app.clock
    from goodwill.services import admin

    admin.init(other)
    add(other, "Someone Else")
    with pytest.raises(BadInput, match=r"^this snooze link is not valid"):
        digest.redeem_snooze(other, token, TODAY)
    other.db.dispose()


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment given on Paris wall-clock time, in UTC (Paris is UTC+1 in late November)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=1)


def test_the_server_sends_once_a_day_and_catches_up_once(
    app: Context, network: dict[str, int], sink: Server
) -> None:
    configure(app, smtp_for(sink), hour=8, time_zone="Europe/Paris")
    assert digest.send_if_due(app, at(TODAY, 7, 59)) is None
    assert digest.send_if_due(app, at(TODAY, 8, 0))["date"] == "2026-11-24"  # type: ignore[index]
    assert digest.send_if_due(app, at(TODAY, 8, 1)) is None
    assert digest.send_if_due(app, at(TODAY, 23, 59)) is None
    assert len(sink.received) == 1
    # Down for three days; back on the fourth, after the hour: one digest, for that day.
    back = TODAY + timedelta(days=4)
    assert digest.send_if_due(app, at(back, 10, 30))["date"] == back.isoformat()  # type: ignore[index]
    assert digest.send_if_due(app, at(back, 10, 31)) is None
    assert digest.send_if_due(app, at(back, 18, 0)) is None
    assert len(sink.received) == 2
    assert (
        "Your goodwill digest for Saturday 28 November 2026" in parts(sink.received[1].message)[0]
    )


def test_a_failed_send_is_tried_again(app: Context, network: dict[str, int]) -> None:
    with running() as server:
        settings = smtp_for(server)
    configure(app, settings, hour=8, time_zone="Europe/Paris")
    with pytest.raises(GoodwillError, match=r"^cannot send the digest through"):
        digest.send_if_due(app, at(TODAY, 9, 0))
    with running() as server:
        configure(app, smtp_for(server), hour=8, time_zone="Europe/Paris")
        assert digest.send_if_due(app, at(TODAY, 9, 1)) is not None
        assert len(server.received) == 1


def test_without_settings_the_server_sends_nothing(app: Context, network: dict[str, int]) -> None:
    configure(app, None)
    assert digest.send_if_due(app, at(TODAY, 12, 0)) is None
    with running() as server:
        configure(app, smtp_for(server), to=None)
        assert digest.send_if_due(app, at(TODAY, 12, 0)) is None
        assert server.received == []


def test_two_servers_on_one_database_send_one_digest(
    app: Context, db_url: str, env: dict[str, str], network: dict[str, int], sink: Server
) -> None:
    servers = []
    for _ in range(2):
        context = build_context(env, db=db_url)
        context.clock = app.clock
        configure(context, smtp_for(sink), hour=8, time_zone="Europe/Paris")
        servers.append(context)
    start = threading.Barrier(2)
    results: list[object] = []

    def tick(context: Context) -> None:
        start.wait()
        results.append(digest.send_if_due(context, at(TODAY, 8, 0)))

    threads = [threading.Thread(target=tick, args=(context,)) for context in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for context in servers:
        context.db.dispose()
    assert sorted(result is None for result in results) == [False, True]
    assert len(sink.received) == 1


def test_links_need_the_secret_that_only_a_write_makes(
    app: Context, network: dict[str, int], sink: Server
) -> None:
    """A database from before digests has no secret: a preview shows no links (a read
    never writes), the first send makes the secret, and its links then work."""
    with app.db.write() as uow:
        uow.settings.remove(LINK_SECRET_KEY)
    configure(app, smtp_for(sink), server_url=SERVER_URL)
    assert all(pick["snooze_url"] is None for pick in digest.compose(app, TODAY)["picks"])
    with app.db.read() as uow, pytest.raises(GoodwillError, match="no link secret yet"):
        digest.snooze_token(app, uow, network["Ana Lima"], on=TODAY)
    digest.send(app, TODAY)
    text, _html = parts(sink.received[0].message)
    assert f"{SERVER_URL}/snooze/" in text
    with app.db.read() as uow:
        token = digest.snooze_token(app, uow, network["Ana Lima"], on=TODAY)
    assert f"{SERVER_URL}/snooze/{token}" in text  # Ana is overdue: listed with her link
    assert digest.redeem_snooze(app, token, TODAY).to_json()["person"]["name"] == "Ana Lima"
