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
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from goodwill.domain.errors import GoodwillError
from goodwill.services.context import Context
from goodwill.store.lazy_modules import load_whole
from goodwill.web import api, pages, task_pages
from goodwill.web.auth import Forbidden, Gate, LoginRequired, Viewer
from goodwill.web.errors import status_of, validation_field, validation_message
from goodwill.web.guard import RequestGuard
from goodwill.web.jobs import ImportJobs, clean_uploads
from goodwill.web.refused_form import page_with_refusal
from goodwill.web.rendering import templates

# What the store defers loads whole here, before any worker thread can race to load it
# (`goodwill.store.lazy_modules`): a server's requests need both anyway.
load_whole("sqlalchemy", "goodwill.store.tables")

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

    app.add_middleware(
        RequestGuard,
        gate=app.state.gate,
        allowed_hosts=settings.allowed_hosts,
        upload_limit=settings.upload_limit,
    )

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    json_api = api.create_api(app.state.gate, settings.upload_limit)
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

    @app.exception_handler(RequestValidationError)
    async def invalid_form(request: Request, error: RequestValidationError) -> Response:
        refused = GoodwillError(
            validation_message(error.errors()), field=validation_field(error.errors())
        )
        response = await user_error(request, refused)
        response.status_code = 422
        return response

    @app.exception_handler(GoodwillError)
    async def user_error(request: Request, error: GoodwillError) -> Response:
        status = status_of(error)
        if request.headers.get("hx-request"):
            return HTMLResponse(
                templates.get_template("_error.html").render(message=str(error), field=error.field),
                status_code=status,
                # The page's script puts it into the form that was sent (static/app.js); the
                # address stays the page's: a refused post is not a place to go back to.
                headers={
                    "HX-Retarget": "#messages",
                    "HX-Reswap": "innerHTML",
                    "HX-Push-Url": "false",
                },
            )
        # Without JavaScript: the form's own page, the message beside its field.
        again = await page_with_refusal(request, error.field, str(error))
        if again is not None:
            return HTMLResponse(again, status_code=status)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"message": str(error), "field": error.field, "viewer": _viewer_or_none(request)},
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
