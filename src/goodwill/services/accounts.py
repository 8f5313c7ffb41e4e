"""The team server's accounts: users, logins, browser sessions, API tokens, digests, sharing.

Accounts live in the main namespace; each account's network lives in a namespace of its
own (`Context.for_owner`). These use cases always work on the main namespace, whichever
namespace the context they are given is on.

Secrets are stored as hashes only: passwords with argon2id, session and API tokens (random,
so a fast hash is enough) as sha256. A token is shown to its user once, when it is made.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from goodwill.domain import limits
from goodwill.domain.accounts import Account, TokenOwner, check_password, username_key
from goodwill.domain.errors import BadInput, NotFound
from goodwill.domain.team import strength, tie_points
from goodwill.services.context import Context
from goodwill.services.views import Shape
from goodwill.store.database import UnitOfWork

if TYPE_CHECKING:
    from argon2 import PasswordHasher

SESSION_DAYS = 14
SESSION_LIFETIME = timedelta(days=SESSION_DAYS)
#: A session's (and a token's) last use is written at most this often, not on every request.
LAST_SEEN_EVERY = timedelta(hours=1)
#: API tokens start with it, so that a user (or a secret scanner) recognises one.
TOKEN_PREFIX = "gw_"
MAX_TOKEN_NAME = 100
#: Failed sign-ins allowed per user name and per client address within the window.
LOGIN_ATTEMPTS = 5
LOGIN_WINDOW = timedelta(minutes=15)
LOGIN_KEY_CHARS = 100
#: Of each colleague's matches, `who_on_team_knows` takes the strongest this many.
TEAM_MATCHES_PER_COLLEAGUE = 20


@dataclass(frozen=True, slots=True)
class UserView(Shape):
    """An account as results show it: never its password."""

    id: int
    username: str
    created_at: str
    share_ties: bool
    digest_email: str | None
    #: The hour (0-23) of the user's day the digest goes out, in `time_zone`.
    digest_hour: int | None
    time_zone: str | None


@dataclass(frozen=True, slots=True)
class PasswordChanged(UserView):
    """The account with its new password, and how many of its sessions ended."""

    sessions_ended: int


@dataclass(frozen=True, slots=True)
class NewToken(Shape):
    """An API token just made: `token` is the secret, shown this once; `user` is None for
    the local user's."""

    id: int
    name: str
    user: str | None
    created_at: str
    token: str


@dataclass(frozen=True, slots=True)
class TokenView(Shape):
    """An API token as listed, without its secret."""

    id: int
    name: str
    user: str | None
    created_at: str
    last_used: str | None


@dataclass(frozen=True, slots=True)
class TeamTie(Shape):
    """A colleague who knows someone at a company, and how well: nothing private."""

    colleague: str
    person: str
    company: str | None
    title: str | None
    strength: str


def _context(ctx: Context) -> Context:
    """The main namespace, where the accounts are."""
    return (
        ctx if ctx.db.owner is None else Context(ctx.config, ctx.db.main, ctx.clock, ctx.real_clock)
    )


@cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id with the library's current parameters


@cache
def _dummy_hash() -> str:
    """A hash to verify against when the user does not exist: unknown names take as long."""
    return _hasher().hash(secrets.token_urlsafe(16))


def _verify(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _account(uow: UnitOfWork, username: str) -> Account:
    account = uow.accounts.by_username(username.strip().lower())
    if account is None:
        raise NotFound(f"no user named '{username}'")
    return account


def _view(account: Account) -> UserView:
    return UserView(**_user_fields(account))


def _user_fields(account: Account) -> dict[str, Any]:
    """A `UserView`'s fields, for the results that add their own to them."""
    return {
        "id": account.id,
        "username": account.username,
        "created_at": account.created_at.isoformat(),
        "share_ties": account.share_ties,
        "digest_email": account.digest_email,
        "digest_hour": account.digest_hour,
        "time_zone": account.time_zone,
    }


# -- users ------------------------------------------------------------------------------


def add_user(ctx: Context, username: str, password: str) -> UserView:
    """Create an account and its empty namespace, or neither."""
    key = username_key(username)
    check_password(password)
    password_hash = _hasher().hash(password)
    main = _context(ctx)
    with main.db.write() as uow:
        if uow.accounts.by_username(key) is not None:
            raise BadInput(f"a user named {key} already exists")
        account_id = uow.accounts.add(key, password_hash, main.clock())
        # The id is new, so anything already in its namespace is a leftover (a database
        # recreated beside an old owners directory): it must not become this user's.
        main.db.for_owner(account_id).create_namespace()
        account = uow.accounts.get(account_id)
    assert account is not None
    return _view(account)


def list_users(ctx: Context) -> list[UserView]:
    with _context(ctx).db.read() as uow:
        return [_view(account) for account in uow.accounts.all()]


def upgrade_namespaces(ctx: Context) -> int:
    """Bring every account's namespace to this version's schema (creating a missing one);
    how many changed. `goodwill init` runs it after upgrading the main namespace."""
    main = _context(ctx)
    with main.db.read() as uow:
        owners = [account.id for account in uow.accounts.all()]
    return sum(main.db.for_owner(owner).initialise() for owner in owners)


def find_user(ctx: Context, username: str) -> Account:
    with _context(ctx).db.read() as uow:
        return _account(uow, username)


def remove_user(ctx: Context, username: str) -> UserView:
    """Delete an account, its sessions and tokens, and its whole namespace."""
    main = _context(ctx)
    with main.db.write() as uow:
        account = _account(uow, username)
        uow.accounts.remove(account.id)
        # Last, so that a failure before it leaves everything in place; should the commit
        # then fail, the account is left without data and `goodwill init` gives it a new,
        # empty namespace.
        main.db.for_owner(account.id).remove_namespace()
    return _view(account)


def set_password(ctx: Context, username: str, password: str) -> PasswordChanged:
    """A new password; every session of the user ends (their API tokens stay)."""
    check_password(password)
    password_hash = _hasher().hash(password)
    with _context(ctx).db.write() as uow:
        account = _account(uow, username)
        uow.accounts.set_password_hash(account.id, password_hash)
        ended = uow.accounts.remove_sessions(account.id)
    return PasswordChanged(**_user_fields(account), sessions_ended=ended)


def authenticate(ctx: Context, username: str, password: str) -> Account | None:
    """The account when the password is right, else None (whether or not the user exists,
    and in about the same time)."""
    main = _context(ctx)
    with main.db.read() as uow:
        found = uow.accounts.credentials(username.strip().lower())
    if found is None:
        _verify(_dummy_hash(), password)
        return None
    account, stored = found
    if not _verify(stored, password):
        return None
    if _hasher().check_needs_rehash(stored):
        with main.db.write() as uow:
            uow.accounts.set_password_hash(account.id, _hasher().hash(password), replacing=stored)
    return account


# -- failed sign-ins --------------------------------------------------------------------


def _login_keys(username: str, address: str) -> tuple[str, str]:
    """What a sign-in counts against: the user name tried, and the client's address."""
    name = username.strip().lower()[:LOGIN_KEY_CHARS]
    return f"user:{name}", f"addr:{address[:LOGIN_KEY_CHARS]}"


def login_wait(ctx: Context, username: str, address: str) -> int:
    """Seconds before this name or address may try to sign in again; 0 when it may now.

    The failures are in the database, so every server process on it counts the same ones.
    """
    main = _context(ctx)
    now = main.clock()
    with main.db.read() as uow:
        failures = uow.accounts.login_failures(_login_keys(username, address), now - LOGIN_WINDOW)
    wait = timedelta()
    for times in failures.values():
        if len(times) >= LOGIN_ATTEMPTS:
            wait = max(wait, times[-LOGIN_ATTEMPTS] + LOGIN_WINDOW - now)
    seconds = wait.total_seconds()
    return int(seconds) + 1 if seconds > 0 else 0


def login_failed(ctx: Context, username: str, address: str) -> None:
    """Count a failed sign-in; failures older than the window are dropped meanwhile, so
    the table holds only the last window's."""
    main = _context(ctx)
    now = main.clock()
    with main.db.write() as uow:
        uow.accounts.forget_login_failures(until=now - LOGIN_WINDOW)
        uow.accounts.add_login_failure(_login_keys(username, address), now)


def login_succeeded(ctx: Context, username: str) -> None:
    """The user's failures are forgotten (the address's stay: it may be guessing others)."""
    main = _context(ctx)
    key, _address = _login_keys(username, "")
    with main.db.write() as uow:
        uow.accounts.forget_login_failures(key=key, until=main.clock())


# -- browser sessions -------------------------------------------------------------------


def start_session(ctx: Context, account_id: int) -> tuple[str, str]:
    """A new session: (the token for the cookie, the CSRF token for its forms)."""
    token, csrf_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    main = _context(ctx)
    now = main.clock()
    with main.db.write() as uow:
        if uow.accounts.get(account_id) is None:
            raise NotFound(f"no account #{account_id}")
        uow.accounts.remove_sessions(account_id, expired_by=now)
        uow.accounts.add_session(
            _digest(token), account_id, csrf_token, now, now + SESSION_LIFETIME
        )
    return token, csrf_token


def session_account(ctx: Context, token: str, now: datetime) -> tuple[Account, str] | None:
    """The session's account and CSRF token, or None when the session is unknown or over."""
    main = _context(ctx)
    token_hash = _digest(token)
    with main.db.read() as uow:
        session = uow.accounts.session(token_hash)
    if session is None or session.expires_at <= now:
        return None
    if now - session.last_seen >= LAST_SEEN_EVERY:
        with main.db.write() as uow:
            uow.accounts.touch_session(token_hash, now)
    return session.account, session.csrf_token


def end_session(ctx: Context, token: str) -> None:
    with _context(ctx).db.write() as uow:
        uow.accounts.remove_session(_digest(token))


def end_all_sessions(ctx: Context, account_id: int) -> int:
    """Log the account out everywhere; how many sessions ended."""
    with _context(ctx).db.write() as uow:
        return uow.accounts.remove_sessions(account_id)


# -- API tokens -------------------------------------------------------------------------


def create_token(ctx: Context, name: str, username: str | None = None) -> NewToken:
    """A new API token, for an account or (no username) the local user; the token itself is
    in the answer, and never again."""
    label = name.strip()
    if not label or len(label) > MAX_TOKEN_NAME:
        raise BadInput(f"a token needs a name of 1 to {MAX_TOKEN_NAME} characters")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    main = _context(ctx)
    now = main.clock()
    with main.db.write() as uow:
        account = None if username is None else _account(uow, username)
        token_id = uow.accounts.add_token(
            _digest(token), None if account is None else account.id, label, now
        )
    owner = None if account is None else account.username
    return NewToken(token_id, label, owner, now.isoformat(), token)


def list_tokens(ctx: Context, username: str | None = None) -> list[TokenView]:
    """Every token (or the user's), without the secrets: they are not stored."""
    with _context(ctx).db.read() as uow:
        account_id = None if username is None else _account(uow, username).id
        found = uow.accounts.tokens(account_id)
    return [
        TokenView(
            token.id,
            token.name,
            token.username,
            token.created_at.isoformat(),
            None if token.last_used is None else token.last_used.isoformat(),
        )
        for token in found
    ]


def revoke_token(ctx: Context, token_id: int, username: str | None = None) -> None:
    """Revoke a token; with `username`, only one of that user's."""
    if not limits.names_a_row(token_id):
        raise NotFound(f"no API token #{token_id}")
    with _context(ctx).db.write() as uow:
        account_id = None if username is None else _account(uow, username).id
        if not uow.accounts.remove_token(token_id, account_id):
            raise NotFound(f"no API token #{token_id}")


def token_owner(ctx: Context, token: str, now: datetime | None = None) -> TokenOwner | None:
    """Whose the token is (`TokenOwner.local`: the local user's), or None if it is none."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    main = _context(ctx)
    now = main.clock() if now is None else now
    with main.db.read() as uow:
        found = uow.accounts.token_owner(_digest(token))
    if found is None:
        return None
    owner, last_used = found
    if last_used is None or now - last_used >= LAST_SEEN_EVERY:
        with main.db.write() as uow:
            uow.accounts.touch_token(owner.token_id, now)
    return owner


# -- digest and sharing -----------------------------------------------------------------


def set_digest(
    ctx: Context,
    username: str,
    email: str | None,
    hour: int | None = None,
    time_zone: str | None = None,
) -> UserView:
    """Send the daily digest to `email` at `hour` (0-23) in `time_zone` (an IANA name such
    as Europe/Paris); with no email, send none."""
    if email is None:
        hour = time_zone = None
    else:
        email = email.strip()
        local, _, domain = email.partition("@")
        if not local or "." not in domain or any(c.isspace() for c in email) or len(email) > 320:
            raise BadInput(f"bad email address '{email}'")
        if hour is None or not 0 <= hour <= 23:
            raise BadInput("the digest hour is 0 to 23")
        if time_zone is None:
            raise BadInput("the digest needs a time zone, such as Europe/Paris")
        _check_zone(time_zone)
    with _context(ctx).db.write() as uow:
        account = _account(uow, username)
        uow.accounts.set_digest(account.id, email, hour, time_zone)
        updated = uow.accounts.get(account.id)
    assert updated is not None
    return _view(updated)


def _check_zone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadInput(
            f"unknown time zone '{name}': use an IANA name such as Europe/Paris"
        ) from None


def set_sharing(ctx: Context, username: str, share: bool) -> UserView:
    """Opt in (or out) of showing the team who you know at a company, and how well."""
    with _context(ctx).db.write() as uow:
        account = _account(uow, username)
        uow.accounts.set_sharing(account.id, share)
        updated = uow.accounts.get(account.id)
    assert updated is not None
    return _view(updated)


def who_on_team_knows(
    ctx: Context, asking_account_id: int, company: str, on: date
) -> list[TeamTie]:
    """Who on the team (other accounts that share their ties) knows someone at `company`:
    names, titles and the strength of the tie, strongest first; nothing private."""
    if not company.strip():
        raise BadInput("name a company")
    main = _context(ctx)
    with main.db.read() as uow:
        if uow.accounts.get(asking_account_id) is None:
            raise NotFound(f"no account #{asking_account_id}")
        colleagues = uow.accounts.sharing(except_id=asking_account_id)
    found = []
    for colleague in colleagues:
        with main.db.for_owner(colleague.id).read() as uow:
            ties = uow.team.known_at(company, on, TEAM_MATCHES_PER_COLLEAGUE)
        for tie in ties:
            points = tie_points(tie.tier, tie.last_touch, on)
            found.append((points, colleague.username, tie))
    found.sort(key=lambda item: (-item[0], item[1], item[2].name))
    return [
        TeamTie(username, tie.name, tie.company, tie.title, strength(points).value)
        for points, username, tie in found
    ]
