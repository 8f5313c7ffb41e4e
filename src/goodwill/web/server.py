"""The web application: pages and the JSON API over one database, for one user or a team.

`create_app` builds it from a service context for the main namespace; in team mode each
signed-in account gets a context scoped to its own data (see `goodwill.web.auth`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError

from goodwill.domain.errors import GoodwillError, NotFound
from goodwill.services.context import Context
from goodwill.web import api, api_tasks, pages, task_pages
from goodwill.web.auth import Forbidden, Gate, LoginRequired, Viewer
from goodwill.web.errors import refused_by_database
from goodwill.web.jobs import ImportJobs, clean_uploads
from goodwill.web.rendering import templates

STATIC_DIR = Path(__file__).with_name("static")
#: Uploads larger than this are refused before they reach an importer.
DEFAULT_UPLOAD_LIMIT = 200 * 1024 * 1024


@dataclass(frozen=True)
class ServerSettings:
    multi_user: bool = False
    #: Mark cookies Secure: set when the server is reached over TLS (behind a proxy).
    secure_cookies: bool = False
    upload_limit: int = DEFAULT_UPLOAD_LIMIT
    #: Host headers accepted; guards a loopback server against DNS rebinding.
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]")
    #: Send each owner's daily digest at their hour (see `goodwill.web.scheduler`).
    send_digests: bool = True


def create_app(base: Context, settings: ServerSettings | None = None) -> FastAPI:
    settings = settings or ServerSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from goodwill.web.scheduler import DigestScheduler

        scheduler = DigestScheduler(app.state.gate) if settings.send_digests else None
        if scheduler is not None:
            scheduler.start()
        try:
            yield
        finally:
            if scheduler is not None:
                await scheduler.stop()
            app.state.jobs.shutdown()

    app = FastAPI(
        title="goodwill",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.gate = Gate(base, multi_user=settings.multi_user, secure=settings.secure_cookies)
    app.state.jobs = ImportJobs()
    clean_uploads(base.config.data_dir)  # left by a server that crashed mid-import

    @app.middleware("http")
    async def guard_host(request: Request, call_next):  # type: ignore[no-untyped-def]
        """A page on another site must not reach a loopback server by renaming itself
        (DNS rebinding): only the configured host names are served."""
        host = request.headers.get("host", "").rsplit(":", 1)[0].lower()
        if settings.allowed_hosts and host not in settings.allowed_hosts:
            return Response("unknown host", status_code=400)
        refused = _oversized(request, settings.upload_limit)
        if refused is not None:
            return refused
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
        )
        return response

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    json_api = api.create_api(app.state.gate, settings.upload_limit)
    api_tasks.register(json_api)
    app.mount("/api/v1", json_api)
    app.include_router(pages.router)
    app.include_router(task_pages.router)

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, _error: LoginRequired) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden) -> Response:
        return templates.TemplateResponse(
            request, "error.html", {"message": str(error), "viewer": None}, status_code=403
        )

    @app.exception_handler(DataError)
    async def refused_value(request: Request, error: DataError) -> Response:
        return await user_error(request, GoodwillError(refused_by_database(error)))

    @app.exception_handler(GoodwillError)
    async def user_error(request: Request, error: GoodwillError) -> Response:
        status = 404 if isinstance(error, NotFound) else 400
        if request.headers.get("hx-request"):
            return HTMLResponse(
                templates.get_template("_error.html").render(message=str(error)),
                status_code=status,
                # The page's script puts it into the form that was sent (static/app.js); the
                # address stays the page's: a refused post is not a place to go back to.
                headers={
                    "HX-Retarget": "#messages",
                    "HX-Reswap": "innerHTML",
                    "HX-Push-Url": "false",
                },
            )
        return templates.TemplateResponse(
            request,
            "error.html",
            {"message": str(error), "viewer": _viewer_or_none(request)},
            status_code=status,
        )

    @app.exception_handler(404)
    async def not_found(request: Request, _error: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "not found"}, status_code=404)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"message": "no such page", "viewer": _viewer_or_none(request)},
            status_code=404,
        )

    return app


def _viewer_or_none(request: Request) -> Viewer | None:
    """Who is looking at an error page, so that it keeps its navigation; None when signed
    out (a team server's page without a session)."""
    try:
        viewer: Viewer = request.app.state.gate.page_viewer(request)
    except (LoginRequired, GoodwillError):
        return None
    return viewer


#: Room for the form fields around an upload.
FORM_OVERHEAD = 1024 * 1024


def _oversized(request: Request, limit: int) -> Response | None:
    """Refuse a body larger than the upload limit before it is read (and spooled to disk);
    a body of unknown length is refused on the upload paths."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    length = request.headers.get("content-length")
    if length is None:
        if request.headers.get("transfer-encoding") and "import" in request.url.path:
            return Response("uploads need a Content-Length", status_code=411)
        return None
    if not length.isdecimal() or int(length) > limit + FORM_OVERHEAD:
        message = f"larger than the {limit // 2**20} MB upload limit"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=413)
        return Response(message, status_code=413)
    return None
