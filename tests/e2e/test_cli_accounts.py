"""`goodwill user`, `goodwill token` and `goodwill team` as an administrator runs them, on
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from cli_runner import Goodwill

from goodwill.bootstrap import build_context
from goodwill.cli.app import app as cli_app
from goodwill.services import accounts, people
from goodwill.services.people import PersonChanges

PASSWORD = "correct horse battery"


@pytest.fixture
def gw(cli: Callable[..., Goodwill], db_url: str) -> Goodwill:
    goodwill = cli(GOODWILL_DB=db_url)
    goodwill("init")
    return goodwill


def run(gw: Goodwill, *args: str, stdin: str, code: int = 0) -> str:
    """Run with something typed on stdin."""
    result = gw.runner.invoke(cli_app, list(args), env=gw.env, input=stdin)
    assert result.exit_code == code, (result.output, result.stderr, result.exception)
    return result.stdout if code == 0 else result.stderr


def test_users_are_added_listed_and_removed(gw: Goodwill) -> None:
    assert "added ana (#1)" in run(
        gw, "user", "add", "Ana", "--password-stdin", stdin=PASSWORD + "\n"
    )
    run(gw, "user", "add", "bo", "--password-stdin", stdin=PASSWORD + "\n")
    listed = gw.json("user", "list")
    assert [user["username"] for user in listed] == ["ana", "bo"]  # type: ignore[union-attr]
    assert "bo  #2  private, no digest" in gw("user", "list")

    error = run(gw, "user", "add", "ana", "--password-stdin", stdin=PASSWORD + "\n", code=1)
    assert "a user named ana already exists" in error
    error = run(gw, "user", "add", "cy", "--password-stdin", stdin="short\n", code=1)
    assert "at least 10 characters" in error

    assert "needs --yes" in gw("user", "remove", "ana", code=1)
    assert "removed ana and their data" in gw("user", "remove", "ana", "--yes")
    assert [user["username"] for user in gw.json("user", "list")] == ["bo"]  # type: ignore[union-attr]
    assert "no user named 'ana'" in gw("user", "remove", "ana", "--yes", code=1)


def test_a_password_is_never_taken_from_a_missing_terminal(gw: Goodwill) -> None:
    error = gw("user", "add", "ana", code=1)
    assert "--password-stdin" in error
    assert gw.json("user", "list") == []


def test_passwd_changes_the_password_and_ends_sessions(
    gw: Goodwill, db_url: str, env: dict[str, str]
) -> None:
    run(gw, "user", "add", "ana", "--password-stdin", stdin=PASSWORD + "\n")
    app = build_context(env, db=db_url)
    account = accounts.authenticate(app, "ana", PASSWORD)
    assert account is not None
    session, _csrf = accounts.start_session(app, account.id)

    said = run(gw, "user", "passwd", "ana", "--password-stdin", stdin="a much better passphrase\n")
    assert "1 sessions ended" in said
    assert accounts.session_account(app, session, app.clock()) is None
    assert accounts.authenticate(app, "ana", PASSWORD) is None
    assert accounts.authenticate(app, "ana", "a much better passphrase") is not None
    app.db.dispose()


def test_share_and_digest_settings(gw: Goodwill) -> None:
    run(gw, "user", "add", "ana", "--password-stdin", stdin=PASSWORD + "\n")
    assert "shares ties" in gw("user", "share", "ana", "on")
    said = gw(
        "user", "digest", "ana", "--email", "ana@example.org", "--hour", "7", "--tz", "Europe/Paris"
    )
    assert "digest to ana@example.org at 7:00 Europe/Paris" in said
    assert "unknown time zone 'Nowhere/Land'" in gw(
        "user",
        "digest",
        "ana",
        "--email",
        "ana@example.org",
        "--hour",
        "7",
        "--tz",
        "Nowhere/Land",
        code=1,
    )
    assert "no digest" in gw("user", "digest", "ana", "--off")
    assert "'maybe' is not one of 'on', 'off'" in gw("user", "share", "ana", "maybe", code=2)
    assert "private" in gw("user", "share", "ana", "off")


def test_a_token_is_shown_once_and_stops_when_revoked(
    gw: Goodwill, db_url: str, env: dict[str, str]
) -> None:
    run(gw, "user", "add", "ana", "--password-stdin", stdin=PASSWORD + "\n")
    printed = gw("token", "create", "my scripts")
    assert "cannot be shown again" in printed
    token = next(line for line in printed.splitlines() if line.startswith("gw_"))
    made = gw.json("token", "create", "phone", "--user", "ana")
    assert isinstance(made, dict) and made["user"] == "ana" and made["token"].startswith("gw_")

    listed = gw.json("token", "list")
    assert [(t["name"], t["user"]) for t in listed] == [("my scripts", None), ("phone", "ana")]  # type: ignore[union-attr]
    assert token not in gw("token", "list") and made["token"] not in gw("token", "list")

    app = build_context(env, db=db_url)
    assert accounts.token_owner(app, token) is not None
    gw("token", "revoke", "1")
    assert accounts.token_owner(app, token) is None
    assert accounts.token_owner(app, made["token"]) is not None
    assert "no API token #1" in gw("token", "revoke", "1", code=1)
    assert "no user named 'nobody'" in gw("token", "create", "x", "--user", "nobody", code=1)
    app.db.dispose()


def test_team_knows_shows_only_what_colleagues_share(
    gw: Goodwill, db_url: str, env: dict[str, str]
) -> None:
    for name in ("ana", "bo"):
        run(gw, "user", "add", name, "--password-stdin", stdin=PASSWORD + "\n")
    app = build_context(env, db=db_url)
    people.add_person(
        app.for_owner(2),
        PersonChanges(
            name="Dana Reyes",
            company="Acme",
            title="CFO",
            note="owes me one",
            emails=("dana@acme.example",),
        ),
    )
    app.db.dispose()

    assert "nobody sharing their ties knows someone at acme" in gw(
        "team", "knows", "acme", "--user", "ana"
    )
    gw("user", "share", "bo", "on")
    assert gw.json("team", "knows", "acme", "--user", "ana") == [
        {
            "colleague": "bo",
            "person": "Dana Reyes",
            "company": "Acme",
            "title": "CFO",
            "strength": "weak",
        }
    ]
    said = gw("team", "knows", "acme", "--user", "ana")
    assert "bo knows Dana Reyes, CFO (Acme)" in said
    assert "owes me one" not in said and "dana@acme.example" not in said
    assert "no user named 'zed'" in gw("team", "knows", "acme", "--user", "zed", code=1)
