"""Accounts of a team server on a real database: users, logins, sessions, API tokens,
digest settings and what colleagues share. SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from argon2 import PasswordHasher

from goodwill.domain.errors import BadInput, NotFound
from goodwill.domain.model import Tier
from goodwill.services import accounts, ledger, people
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges
from goodwill.store.tables import accounts as accounts_table
from goodwill.store.tables import api_tokens as api_tokens_table
from goodwill.store.tables import sessions as sessions_table

PASSWORD = "correct horse battery"
TODAY = date(2026, 11, 24)


def test_users_are_added_listed_and_named_in_lowercase(app: Context) -> None:
    added = accounts.add_user(app, "Ana.Reyes", PASSWORD)
    accounts.add_user(app, "bo", PASSWORD)
    assert added.username == "ana.reyes"
    assert [user.username for user in accounts.list_users(app)] == ["ana.reyes", "bo"]
    assert "password_hash" not in added.to_json()
    with pytest.raises(BadInput, match=r"a user named ana\.reyes already exists"):
        accounts.add_user(app, "ANA.REYES", PASSWORD)


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("ana reyes", PASSWORD, "bad username"),
        ("", PASSWORD, "bad username"),
        ("x" * 65, PASSWORD, "bad username"),
        ("ana", "too short", "at least 10 characters"),
    ],
)
def test_bad_names_and_short_passwords_are_refused(
    app: Context, username: str, password: str, message: str
) -> None:
    with pytest.raises(BadInput, match=message):
        accounts.add_user(app, username, password)
    assert accounts.list_users(app) == []


def test_the_right_password_logs_in_and_nothing_else_does(app: Context) -> None:
    accounts.add_user(app, "ana", PASSWORD)
    found = accounts.authenticate(app, "Ana", PASSWORD)
    assert found is not None and found.username == "ana"
    assert accounts.authenticate(app, "ana", PASSWORD + "!") is None
    assert accounts.authenticate(app, "nobody", PASSWORD) is None


def test_a_hash_with_old_parameters_is_upgraded_at_login(app: Context) -> None:
    account = accounts.add_user(app, "ana", PASSWORD)
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with app.db.write() as uow:
        uow.accounts.set_password_hash(account.id, weak)
    assert accounts.authenticate(app, "ana", PASSWORD) is not None
    with app.db.read() as uow:
        found = uow.accounts.credentials("ana")
    assert found is not None
    stored = found[1]
    assert stored != weak and not PasswordHasher().check_needs_rehash(stored)
    assert accounts.authenticate(app, "ana", PASSWORD) is not None


def test_a_new_password_replaces_the_old_and_ends_every_session(app: Context) -> None:
    account = accounts.add_user(app, "ana", PASSWORD)
    token, _csrf = accounts.start_session(app, account.id)
    changed = accounts.set_password(app, "ana", "a much better passphrase")
    assert changed.sessions_ended == 1
    assert accounts.session_account(app, token, app.clock()) is None
    assert accounts.authenticate(app, "ana", PASSWORD) is None
    assert accounts.authenticate(app, "ana", "a much better passphrase") is not None


def test_a_session_lasts_fourteen_days(app: Context) -> None:
    account = accounts.add_user(app, "ana", PASSWORD)
    token, csrf = accounts.start_session(app, account.id)
    start = app.clock()
    found = accounts.session_account(app, token, start + timedelta(days=13))
    assert found is not None
    assert found[0].username == "ana" and found[1] == csrf
    assert accounts.session_account(app, token, start + timedelta(days=14)) is None
    assert accounts.session_account(app, "a forged token", start) is None


def test_a_session_notes_its_last_use_at_most_hourly(app: Context) -> None:
    account = accounts.add_user(app, "ana", PASSWORD)
    token, _csrf = accounts.start_session(app, account.id)
    start = app.clock()

    def last_seen() -> object:
        with app.db.read() as uow:
            return uow.connection.execute(sessions_table.select()).one().last_seen

    accounts.session_account(app, token, start + timedelta(minutes=59))
    assert last_seen() == start
    accounts.session_account(app, token, start + timedelta(minutes=61))
    assert last_seen() == start + timedelta(minutes=61)


def test_logging_out_ends_one_session_or_all(app: Context) -> None:
    ana = accounts.add_user(app, "ana", PASSWORD)
    bo = accounts.add_user(app, "bo", PASSWORD)
    laptop, _ = accounts.start_session(app, ana.id)
    phone, _ = accounts.start_session(app, ana.id)
    tablet, _ = accounts.start_session(app, ana.id)
    bos, _ = accounts.start_session(app, bo.id)
    now = app.clock()

    accounts.end_session(app, laptop)
    assert accounts.session_account(app, laptop, now) is None
    assert accounts.session_account(app, phone, now) is not None
    assert accounts.end_all_sessions(app, ana.id) == 2
    assert accounts.session_account(app, phone, now) is None
    assert accounts.session_account(app, tablet, now) is None
    assert accounts.session_account(app, bos, now) is not None


def test_an_api_token_works_once_made_and_stops_when_revoked(app: Context) -> None:
    accounts.add_user(app, "ana", PASSWORD)
    local = accounts.create_token(app, "my scripts")
    ana = accounts.create_token(app, "ana's phone", username="ana")
    assert local.token.startswith("gw_") and local.token != ana.token

    mine = accounts.token_owner(app, local.token)
    assert mine is not None and mine.local and mine.account_id is None
    hers = accounts.token_owner(app, ana.token)
    assert hers is not None and not hers.local and hers.username == "ana"
    assert accounts.token_owner(app, "gw_" + "x" * 43) is None
    assert accounts.token_owner(app, ana.token[3:]) is None

    listed = accounts.list_tokens(app)
    assert [(t.id, t.name, t.user) for t in listed] == [
        (local.id, "my scripts", None),
        (ana.id, "ana's phone", "ana"),
    ]
    assert all("token" not in t.to_json() for t in listed)
    assert [t.name for t in accounts.list_tokens(app, "ana")] == ["ana's phone"]

    accounts.revoke_token(app, ana.id)
    assert accounts.token_owner(app, ana.token) is None
    assert accounts.token_owner(app, local.token) is not None
    with pytest.raises(NotFound, match=f"no API token #{ana.id}"):
        accounts.revoke_token(app, ana.id)


def test_a_user_revokes_only_their_own_tokens(app: Context) -> None:
    accounts.add_user(app, "ana", PASSWORD)
    accounts.add_user(app, "bo", PASSWORD)
    bos = accounts.create_token(app, "bo's laptop", username="bo")
    with pytest.raises(NotFound):
        accounts.revoke_token(app, bos.id, username="ana")
    assert accounts.token_owner(app, bos.token) is not None


def test_removing_a_user_ends_their_sessions_and_tokens(app: Context) -> None:
    ana = accounts.add_user(app, "ana", PASSWORD)
    session, _ = accounts.start_session(app, ana.id)
    token = accounts.create_token(app, "phone", username="ana").token
    accounts.remove_user(app, "ana")
    assert accounts.session_account(app, session, app.clock()) is None
    assert accounts.token_owner(app, token) is None
    assert accounts.list_tokens(app) == []
    with pytest.raises(NotFound, match="no user named 'ana'"):
        accounts.remove_user(app, "ana")


def test_digest_settings_are_checked_and_kept(app: Context) -> None:
    accounts.add_user(app, "ana", PASSWORD)
    set_to = accounts.set_digest(app, "ana", "ana@example.org", 7, "Europe/Paris")
    assert (set_to.digest_email, set_to.digest_hour, set_to.time_zone) == (
        "ana@example.org",
        7,
        "Europe/Paris",
    )
    with pytest.raises(BadInput, match="unknown time zone 'Mars/Olympus'"):
        accounts.set_digest(app, "ana", "ana@example.org", 7, "Mars/Olympus")
    with pytest.raises(BadInput, match="0 to 23"):
        accounts.set_digest(app, "ana", "ana@example.org", 24, "UTC")
    with pytest.raises(BadInput, match="bad email"):
        accounts.set_digest(app, "ana", "ana at example", 7, "UTC")
    assert accounts.list_users(app)[0].time_zone == "Europe/Paris"
    off = accounts.set_digest(app, "ana", None)
    assert (off.digest_email, off.digest_hour, off.time_zone) == (None, None, None)


def _network(ctx: Context) -> None:
    """Someone at Acme for every strength, an archived one, and one elsewhere."""
    for name, company, title, tier in (
        ("Dana Reyes", "Acme", "CFO", Tier.INNER),
        ("Lee Park", "ACME Robotics", "Engineer", Tier.ACTIVE),
        ("Sam Ortiz", "Acme", None, Tier.ACQUAINTANCE),
        ("Old Colleague", "Acme", "VP", Tier.ARCHIVED),
        ("Cy Wu", "Globex", "CTO", Tier.INNER),
    ):
        people.add_person(
            ctx,
            PersonChanges(
                name=name,
                company=company,
                title=title,
                tier=tier,
                emails=(f"{name.split()[0].lower()}@example.org",),
                note="private: owes me a favour",
            ),
        )
    ledger.log(
        ctx, LogRequest(people=("Dana Reyes",), action=Action.TOUCH, on=TODAY - timedelta(days=200))
    )
    ledger.log(
        ctx,
        LogRequest(
            people=("Lee Park",),
            action=Action.GAVE,
            kind="intro-made",
            on=TODAY - timedelta(days=10),
        ),
    )


def test_the_team_sees_who_knows_someone_at_a_company_only_where_shared(app: Context) -> None:
    ana = accounts.add_user(app, "ana", PASSWORD)
    bo = accounts.add_user(app, "bo", PASSWORD)
    cy = accounts.add_user(app, "cy", PASSWORD)
    _network(app.for_owner(bo.id))
    _network(app.for_owner(cy.id))  # cy does not share
    _network(app.for_owner(ana.id))  # the one asking: never told about their own ties

    assert accounts.who_on_team_knows(app, ana.id, "acme", TODAY) == []
    accounts.set_sharing(app, "bo", True)
    accounts.set_sharing(app, "ana", True)
    found = accounts.who_on_team_knows(app, ana.id, "acme", TODAY)
    assert [tie.to_json() for tie in found] == [
        {
            "colleague": "bo",
            "person": "Dana Reyes",
            "company": "Acme",
            "title": "CFO",
            "strength": "strong",
        },
        {
            "colleague": "bo",
            "person": "Lee Park",
            "company": "ACME Robotics",
            "title": "Engineer",
            "strength": "strong",
        },
        {
            "colleague": "bo",
            "person": "Sam Ortiz",
            "company": "Acme",
            "title": None,
            "strength": "weak",
        },
    ]
    assert [row.colleague for row in accounts.who_on_team_knows(app, bo.id, "Acme", TODAY)] == [
        "ana"
    ] * 3

    # Whole companies, not substrings: "a" is in "Acme" and "ACME Robotics", and names neither.
    assert accounts.who_on_team_knows(app, ana.id, "a", TODAY) == []
    assert accounts.who_on_team_knows(app, ana.id, "Robotics", TODAY) == []

    accounts.set_sharing(app, "bo", False)
    assert accounts.who_on_team_knows(app, ana.id, "acme", TODAY) == []


def test_strength_follows_tier_and_how_lately_they_were_in_touch(app: Context) -> None:
    ana = accounts.add_user(app, "ana", PASSWORD)
    bo = accounts.add_user(app, "bo", PASSWORD)
    accounts.set_sharing(app, "bo", True)
    _network(app.for_owner(bo.id))
    later = TODAY + timedelta(days=170)
    found = accounts.who_on_team_knows(app, ana.id, "acme", later)
    assert [(row.person, row.strength) for row in found] == [
        ("Dana Reyes", "medium"),  # inner, but silent for over a year by then
        ("Lee Park", "medium"),  # active, touched within the year but not the quarter
        ("Sam Ortiz", "weak"),
    ]


def test_a_company_with_like_wildcards_matches_literally(app: Context) -> None:
    ana = accounts.add_user(app, "ana", PASSWORD)
    bo = accounts.add_user(app, "bo", PASSWORD)
    accounts.set_sharing(app, "bo", True)
    people.add_person(app.for_owner(bo.id), PersonChanges(name="Pat Doe", company="100% Juice"))
    people.add_person(app.for_owner(bo.id), PersonChanges(name="Kim Roe", company="1000 Juicers"))
    # As LIKE patterns, "100%" would take "1000 Juicers" too; whole names never do.
    found = accounts.who_on_team_knows(app, ana.id, "100%", TODAY)
    assert [row.person for row in found] == ["Pat Doe"]
    assert accounts.who_on_team_knows(app, ana.id, "0% j", TODAY) == []
    with pytest.raises(BadInput, match="name a company"):
        accounts.who_on_team_knows(app, ana.id, "  ", TODAY)


def test_account_rows_never_hold_a_password_or_token_in_clear(app: Context) -> None:
    account = accounts.add_user(app, "ana", PASSWORD)
    session, csrf = accounts.start_session(app, account.id)
    token = accounts.create_token(app, "phone", username="ana").token
    with app.db.read() as uow:
        rows = [
            *uow.connection.execute(accounts_table.select()).all(),
            *uow.connection.execute(sessions_table.select()).all(),
            *uow.connection.execute(api_tokens_table.select()).all(),
        ]
    stored = repr(rows)
    assert PASSWORD not in stored and session not in stored and token not in stored
    assert "argon2id" in stored
    assert csrf in stored  # the CSRF token is not a credential: forms carry it openly
