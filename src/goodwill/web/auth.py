"""Who is asking: the local user, a signed-in team member, or a script with an API token.

Each answer is a service context scoped to that owner's data, so pages and the API reach
only the viewer's own rows. Forms carry a CSRF token; sign-ins are rate limited
(`goodwill.services.accounts.login_wait`).
"""

from __future__ import annotations

import hmac
import secrets
import threading
from dataclasses import dataclass

from fastapi import Request

from goodwill.services.context import Context

SESSION_COOKIE = "goodwill_session"
#: The sign-in form's own token, before there is a session: the form must carry the value
#: of this cookie, which a page on another site can neither read nor set.
LOGIN_COOKIE = "goodwill_login"


class LoginRequired(Exception):
    """A team server page was asked for without a valid session."""


class Forbidden(Exception):
    """A form without the right CSRF token, or an API call without a valid token."""


@dataclass(frozen=True)
class Viewer:
    ctx: Context
    #: The team member's name; None for the single local user.
    username: str | None
    account_id: int | None
    csrf: str
    session: str | None = None


class Gate:
    def __init__(self, base: Context, *, multi_user: bool, secure: bool) -> None:
        self.base = base
        self.multi_user = multi_user
        self.secure = secure
        # The single local user's forms are signed with a secret of this process.
        self._local_csrf = secrets.token_urlsafe(32)
        self._owners: dict[int, Context] = {}
        self._lock = threading.Lock()

    def owner_context(self, account_id: int | None) -> Context:
        """The context of one owner's namespace, kept for the server's life (its engine and
        schema check are made once)."""
        if account_id is None:
            return self.base
        with self._lock:
            context = self._owners.get(account_id)
            if context is None:
                context = self._owners[account_id] = self.base.for_owner(account_id)
            return context

    def page_viewer(self, request: Request) -> Viewer:
        """The viewer of a page; found once per request (the request guard finds it before
        a form's body is read, the route then reuses it)."""
        known: Viewer | None = getattr(request.state, "page_viewer", None)
        if known is None:
            known = request.state.page_viewer = self._page_viewer(request)
        return known

    def _page_viewer(self, request: Request) -> Viewer:
        if not self.multi_user:
            return Viewer(self.base, None, None, self._local_csrf)
        from goodwill.services import accounts

        token = request.cookies.get(SESSION_COOKIE)
        if not token:
            raise LoginRequired
        found = accounts.session_account(self.base, token, self.base.clock())
        if found is None:
            raise LoginRequired
        account, csrf = found
        return Viewer(
            self.owner_context(account.id), account.username, account.id, csrf, session=token
        )

    def check_csrf(self, viewer: Viewer, submitted: str | None) -> None:
        if not submitted or not hmac.compare_digest(submitted.encode(), viewer.csrf.encode()):
            raise Forbidden("this form has expired or came from another site: reload the page")

    def check_login_token(self, request: Request, submitted: str | None) -> None:
        """The sign-in form must carry its cookie's token: a post from another site, which
        cannot read that cookie, cannot sign a victim into the attacker's account."""
        expected = request.cookies.get(LOGIN_COOKIE)
        if (
            not submitted
            or not expected
            or not hmac.compare_digest(submitted.encode(), expected.encode())
        ):
            raise Forbidden("this sign-in form has expired or came from another site: reload it")

    def api_viewer(self, request: Request) -> Viewer:
        """The owner of the bearer token: the local user's token on a personal server, an
        account's token on a team server (found once per request, as `page_viewer`)."""
        known: Viewer | None = getattr(request.state, "api_viewer", None)
        if known is None:
            known = request.state.api_viewer = self._api_viewer(request)
        return known

    def _api_viewer(self, request: Request) -> Viewer:
        from goodwill.services import accounts

        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Forbidden("an API token is needed: Authorization: Bearer <token>")
        owner = accounts.token_owner(self.base, token.strip())
        if owner is None or (owner.account_id is not None) != self.multi_user:
            raise Forbidden("this API token is not valid here")
        return Viewer(
            self.owner_context(owner.account_id), owner.username, owner.account_id, csrf=""
        )
