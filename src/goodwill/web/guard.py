"""What every request passes before the app sees it, in this order:

1. the Host header is one the server answers to (no DNS rebinding of a loopback server);
2. a request that changes something comes from this site (Origin, Sec-Fetch-Site);
3. such a request is authenticated (its session, its API token, or on /login the sign-in
   form's cookie) before a byte of its body is read;
4. its body is read only up to its route's limit (`goodwill.web.bodies`);
and every answer carries the security headers.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from goodwill.domain.errors import GoodwillError
from goodwill.web.auth import LOGIN_COOKIE, Forbidden, Gate, LoginRequired
from goodwill.web.bodies import LimitedBody, body_limit, declared_refusal, refusal

#: Methods that change something: they are checked for their origin and authenticated
#: before their body is read.
CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; "
        b"script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    ),
)


def cross_site(request: Request) -> bool:
    """Whether a browser says the request comes from another site. A request without
    either header is not from a browser that could be tricked (scripts, curl): the form's
    CSRF token or the API token still guards it."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return True
    origin = request.headers.get("origin")
    if origin is None:
        return False
    if origin == "null":
        return True
    return urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower()


class RequestGuard:
    def __init__(
        self,
        app: ASGIApp,
        gate: Gate,
        *,
        allowed_hosts: tuple[str, ...],
        upload_limit: int,
    ) -> None:
        self.app = app
        self.gate = gate
        self.allowed_hosts = allowed_hosts
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        request = Request(scope, receive)
        refused = await self._refusal(request)
        if refused is not None:
            await refused(scope, receive, send_with_headers)
            return
        if request.method not in CHANGING:
            await self.app(scope, receive, send_with_headers)
            return
        body = LimitedBody(
            scope, receive, send_with_headers, body_limit(scope["path"], self.upload_limit)
        )
        try:
            await self.app(scope, body.receive, body.send)
        except Exception:
            if not body.cut:  # once cut, the app's failure to read the rest is expected
                raise

    async def _refusal(self, request: Request) -> Response | None:
        path = request.url.path
        host = request.headers.get("host", "").rsplit(":", 1)[0].lower()
        if self.allowed_hosts and host not in self.allowed_hosts:
            return Response("unknown host", status_code=400)
        if request.method not in CHANGING:
            return None
        if cross_site(request):
            return refusal(path, "a request from another site is refused", 403)
        refused = await self._unauthenticated(request)
        if refused is not None:
            return refused
        headers = {k.lower(): v for k, v in request.headers.items()}
        return declared_refusal(request.scope, headers, body_limit(path, self.upload_limit))

    async def _unauthenticated(self, request: Request) -> Response | None:
        """Who is asking, found from the headers before any body is read; the viewer is
        kept on the request for the route. A refusal when nobody valid is."""
        path = request.url.path
        if path.startswith("/api/"):
            try:
                await run_in_threadpool(self.gate.api_viewer, request)
            except Forbidden as error:
                return refusal(path, str(error), 401, {"WWW-Authenticate": "Bearer"})
            return None
        if path == "/login":
            if self.gate.multi_user and not request.cookies.get(LOGIN_COOKIE):
                return refusal(path, "this sign-in form has expired: reload the page", 403)
            return None
        try:
            await run_in_threadpool(self.gate.page_viewer, request)
        except LoginRequired:
            if request.headers.get("hx-request"):
                return Response(status_code=401, headers={"HX-Redirect": "/login"})
            return RedirectResponse("/login", status_code=303)
        except GoodwillError as error:
            return refusal(path, str(error), 400)
        return None
