"""The pages: Today, People, Person, Health, Import, and the team's sign-in.

Each handler reads the request, calls one service, and renders a template. Forms post back
here (htmx makes them partial-page updates; without JavaScript they still work) and every
post carries the viewer's CSRF token.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, unquote

from fastapi import APIRouter, Depends, Form, Header, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from goodwill import services
from goodwill.domain.dates import days as count_days
from goodwill.domain.errors import BadInput, GoodwillError, NotFound
from goodwill.domain.model import DEFAULT_TIER, Channel, Tier
from goodwill.services import accounts, digest, ledger, trends
from goodwill.services.ask import ask
from goodwill.services.context import Context
from goodwill.services.imports import import_path
from goodwill.services.people import list_people, timeline_page
from goodwill.services.person_page import person_page
from goodwill.web import charts, forms
from goodwill.web.auth import LOGIN_COOKIE, SESSION_COOKIE, Gate, Viewer
from goodwill.web.jobs import KEPT_FOR, Importer, ImportJobs, Run, private_upload_path
from goodwill.web.refused_form import keep_sent
from goodwill.web.rendering import templates

router = APIRouter(include_in_schema=False)

#: Formats that arrive as one file (a Maildir is a folder: `goodwill import maildir`).
UPLOAD_FORMATS = {
    "linkedin": "LinkedIn data export (.zip)",
    "vcard": "vCard (.vcf)",
    "google-csv": "Google Contacts CSV",
    "outlook-csv": "Outlook contacts CSV",
    "mbox": "Mail archive (.mbox, Google Takeout)",
    "ics": "Calendar (.ics)",
    "whatsapp": "WhatsApp chat (.txt or .zip from Export chat)",
    "telegram": "Telegram Desktop export (result.json)",
    "slack": "Slack workspace export (.zip)",
}
PEOPLE_SHOWN = 50


def gate(request: Request) -> Gate:
    result: Gate = request.app.state.gate
    return result


def viewer(request: Request) -> Viewer:
    return gate(request).page_viewer(request)


async def sent_form(request: Request) -> None:
    """Keep what a form sent, for a refusal to show it again without JavaScript
    (`refused_form`); the form is read already, for the route's own fields."""
    if request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        keep_sent(request, (await request.form()).multi_items())


def poster(
    request: Request,
    csrf_token: Annotated[str | None, Form()] = None,
    x_csrf_token: Annotated[str | None, Header()] = None,
    _kept: Annotated[None, Depends(sent_form)] = None,
) -> Viewer:
    """The viewer of a form post, once its CSRF token checks out."""
    seen = gate(request).page_viewer(request)
    gate(request).check_csrf(seen, csrf_token or x_csrf_token)
    return seen


Seen = Annotated[Viewer, Depends(viewer)]
Posted = Annotated[Viewer, Depends(poster)]


#: The cookie that carries what a post did to the page shown after it (`back_to`'s `said`).
SAID_COOKIE = "goodwill_said"


def page(request: Request, name: str, seen: Viewer | None, **values: Any) -> HTMLResponse:
    """The page `name`, with what the post before it did (`back_to`'s `said`), if anything,
    shown once at its top."""
    said = request.cookies.get(SAID_COOKIE)
    if said is not None:
        values["said"] = unquote(said)[:SAID_LIMIT]
    response = templates.TemplateResponse(request, name, {"viewer": seen, **values})
    if said is not None:
        response.delete_cookie(SAID_COOKIE, path="/")
    return response


#: The most of a `said` message a page shows.
SAID_LIMIT = 300


def back_to(url: str, said: str | None = None) -> Response:
    """After a post, the page to show (303: the browser loads it with GET; htmx follows),
    with what the post did (`said`: "Logged …", "Undone: …") as that page's message. It
    goes in a short-lived cookie of this site, not in the address, so that a link cannot
    make a page say something."""
    response = RedirectResponse(url, status_code=303)
    if said is not None:
        response.set_cookie(
            SAID_COOKIE, quote(said[:SAID_LIMIT]), max_age=60, path="/", httponly=True,
            samesite="strict",
        )  # fmt: skip
    return response


# -- The app shell ----------------------------------------------------------------------

SERVICE_WORKER = Path(__file__).with_name("static") / "sw.js"


@router.get("/sw.js")
def service_worker() -> Response:
    """The service worker, from the root so that its scope is every page (see static/sw.js)."""
    return FileResponse(
        SERVICE_WORKER, media_type="text/javascript", headers={"Cache-Control": "no-cache"}
    )


# -- Today ---------------------------------------------------------------------------


def _plan_fragment(
    request: Request, seen: Viewer, *, template: str = "_plan.html", **extra: Any
) -> HTMLResponse:
    """Today's plan: the whole page, or only its section for htmx to swap in."""
    return page(
        request,
        template,
        seen,
        plan=services.plan.today(seen.ctx),
        kinds=forms.deposit_kinds(seen.ctx),
        channels=list(Channel),
        **extra,
    )


@router.get("/", response_class=HTMLResponse)
def today_page(request: Request, seen: Seen) -> HTMLResponse:
    return _plan_fragment(request, seen, template="today.html")


@router.post("/today/{position}/done")
def mark_done(
    request: Request,
    position: int,
    seen: Posted,
    gave: Annotated[str, Form()] = "",
    via: Annotated[Channel, Form()] = Channel.EMAIL,
    note: Annotated[str, Form()] = "",
) -> Response:
    try:
        result = services.plan.done(seen.ctx, position, kind=gave or None, channel=via, note=note)
    except GoodwillError as error:
        if error.field == "kind":  # the kind is the form's "I gave" menu, as `done --gave`
            error.field = "gave"
        raise
    if request.headers.get("hx-request"):
        did = seen.ctx.config.catalogue.phrase(result.kind)
        message = f"Done with {result.person.name}: you {did}."
        if result.day_complete:
            message += f" Today's plan is complete; streak {count_days(result.streak)}."
        return _plan_fragment(request, seen, message=message)
    return back_to("/")


@router.post("/today/{position}/step")
def take_step(
    request: Request,
    position: int,
    seen: Posted,
    anyway: Annotated[bool, Form()] = False,
) -> Response:
    """Done on a campaign's pick: what `goodwill campaign move` does (the ask, through the
    guard; or the thanks), not a catch-up."""
    moved = services.plan.take_step(seen.ctx, position, anyway=anyway)
    if request.headers.get("hx-request"):
        message = f"Moved {moved.person} to {moved.stage} in '{moved.campaign}'"
        message += f", and logged {moved.logged}." if moved.logged else "."
        return _plan_fragment(request, seen, message=message)
    return back_to("/")


@router.post("/today/{position}/skip")
def skip_pick(request: Request, position: int, seen: Posted) -> Response:
    skipped = services.plan.skip(seen.ctx, position)
    if request.headers.get("hx-request"):
        return _plan_fragment(request, seen, message=f"Skipped {skipped.person.name}.")
    return back_to("/")


@router.post("/people/{person_id}/snooze")
def snooze_person(
    request: Request,
    person_id: int,
    seen: Posted,
    span: Annotated[str, Form()] = "2w",
    back: Annotated[str, Form()] = "",
) -> Response:
    result = services.plan.snooze(seen.ctx, f"#{person_id}", forms.span_days(span))
    if request.headers.get("hx-request") and back == "today":
        return _plan_fragment(
            request,
            seen,
            message=f"Snoozed {result.person.name} until {result.until}."
            + (
                " Nobody else is due to take their place."
                if result.was_picked and result.replacement is None
                else ""
            ),
        )
    return back_to("/" if back == "today" else f"/people/{person_id}")


# -- People --------------------------------------------------------------------------


@router.get("/people", response_class=HTMLResponse)
def people_page(
    request: Request,
    seen: Seen,
    q: str = "",
    tier: str = "",
    tag: str = "",
    discipline: str = "",
    due: str = "",
) -> HTMLResponse:
    day = seen.ctx.today()
    chosen_tier = forms.tier(tier)
    found = list_people(
        seen.ctx,
        text=q.strip() or None,
        tier=chosen_tier,
        tag=tag.strip() or None,
        discipline=discipline.strip() or None,
        due_on=day if due else None,
        limit=PEOPLE_SHOWN + 1,
        on=day,
    )
    values = {
        "people": found[:PEOPLE_SHOWN],
        "more": len(found) > PEOPLE_SHOWN,
        "filters": {"q": q, "tier": tier, "tag": tag, "discipline": discipline, "due": due},
        "tiers": list(Tier),
    }
    if request.headers.get("hx-request") and request.headers.get("hx-target") == "results":
        return page(request, "_people_rows.html", seen, **values)
    return page(request, "people.html", seen, **values)


@router.get("/people/new", response_class=HTMLResponse)
def new_person_page(request: Request, seen: Seen) -> HTMLResponse:
    # The form starts at the tier `goodwill add` gives when none is said.
    return page(request, "person_new.html", seen, tiers=list(Tier), default_tier=DEFAULT_TIER.value)


@router.post("/people")
def add_person(seen: Posted, form: forms.PersonForm) -> Response:
    if not form.name.strip():
        raise BadInput("name: a name is needed", field="name")
    added = services.people.add_person(seen.ctx, form.changes(seen.ctx.today()), anyway=form.anyway)
    return back_to(f"/people/{added.id}")


@router.get("/people/{person_id}", response_class=HTMLResponse)
def person_view(request: Request, person_id: int, seen: Seen) -> HTMLResponse:
    shown = person_page(seen.ctx, f"#{person_id}")
    catalogue = seen.ctx.config.catalogue
    return page(
        request,
        "person.html",
        seen,
        person=shown.person,
        brief=shown.brief,
        # Their unanswered asks in words, as `goodwill brief` says them ("asked for an
        # introduction"), not by the kind's name.
        they_asked={e.kind: catalogue.phrase(e.kind, by_them=True) for e in shown.brief.owed},
        tiers=list(Tier),
        channels=list(Channel),
        actions=forms.ACTIONS,
        kinds=forms.all_kinds(seen.ctx),
    )


@router.get("/people/{person_id}/timeline", response_class=HTMLResponse)
def person_timeline(request: Request, person_id: int, seen: Seen, offset: int = 0) -> HTMLResponse:
    """Older entries of the timeline, a page at a time: the Person page shows the newest."""
    older = timeline_page(seen.ctx, f"#{person_id}", offset)
    if request.headers.get("hx-request"):
        return page(request, "_timeline_more.html", seen, page=older)
    return page(request, "timeline.html", seen, page=older)


@router.post("/people/{person_id}/edit")
def edit_person(person_id: int, seen: Posted, form: forms.PersonForm) -> Response:
    services.people.edit_person(seen.ctx, f"#{person_id}", form.changes(seen.ctx.today()))
    return back_to(f"/people/{person_id}")


@router.post("/people/{person_id}/log")
def log_entry(person_id: int, seen: Posted, form: forms.LogForm) -> Response:
    logged = ledger.log(seen.ctx, form.request(f"#{person_id}", seen.ctx.today()))
    entry = logged.entry
    what = seen.ctx.config.catalogue.phrase(entry.kind, by_them=entry.by_them)
    said = f"Logged on {entry.on}: {'they' if entry.by_them else 'you'} {what} ({entry.kind})."
    return back_to(f"/people/{person_id}", f"{said} Undo reverts it.")


@router.get("/people/{person_id}/guard", response_class=HTMLResponse)
def ask_guard(
    request: Request, person_id: int, seen: Seen, action: str = "", note: str = "", kind: str = ""
) -> HTMLResponse:
    """Shown as soon as the log form turns to an ask: is this ask warm? A cold one offers
    "ask anyway", without which logging it is refused."""
    if action != "asked":
        return HTMLResponse("")
    try:
        advice = ask(seen.ctx, f"#{person_id}", purpose=note, kind=kind.strip() or None)
    except BadInput:  # a kind still being typed: weigh the default ask meanwhile
        advice = ask(seen.ctx, f"#{person_id}", purpose=note)
    return page(request, "_guard.html", seen, advice=advice)


@router.post("/ledger/undo")
def undo(seen: Posted, back: Annotated[str, Form()] = "/") -> Response:
    undone = ledger.undo(seen.ctx)
    said = f"Undone: {undone.undone}."
    if not undone.took_back:
        said += " It only changed people already there: the next undo reverts the write before it."
    return back_to(back if back.startswith("/") and not back.startswith("//") else "/", said)


# -- Health --------------------------------------------------------------------------


@router.get("/health", response_class=HTMLResponse)
def health_page(request: Request, seen: Seen) -> HTMLResponse:
    day = seen.ctx.today()
    report = services.health.health(seen.ctx, day)
    weekly = trends.weekly(seen.ctx, day)
    coverage = trends.coverage_weekly(seen.ctx, day)
    return page(
        request,
        "health.html",
        seen,
        report=report,
        charts=charts.health_charts(report, weekly, coverage),
    )


# -- Import --------------------------------------------------------------------------


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, seen: Seen) -> HTMLResponse:
    limit = request.app.state.settings.upload_limit
    return page(
        request,
        "import.html",
        seen,
        formats=UPLOAD_FORMATS,
        date_orders=forms.DATE_ORDERS,
        limit_mb=limit // 2**20,
        me=", ".join(seen.ctx.config.me),
    )


@router.post("/import")
async def start_import(
    request: Request,
    seen: Posted,
    file: UploadFile,
    fmt: Annotated[str, Form(alias="format")] = "",
    me: Annotated[str, Form()] = "",
    date_order: Annotated[str, Form()] = "",
    dry_run: Annotated[bool, Form()] = False,
) -> Response:
    if fmt and fmt not in UPLOAD_FORMATS:
        raise BadInput(f"unknown format '{fmt}': choose one of the list", field="format")
    addresses = forms.my_names(me)
    order = forms.date_order(date_order)
    filename = (file.filename or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    upload = private_upload_path(
        seen.ctx.config.data_dir, filename.rpartition(".")[2] if "." in filename else ""
    )
    limit = request.app.state.settings.upload_limit
    try:
        await run_in_threadpool(forms.save_upload, file, upload, limit)
    except BaseException:
        upload.unlink(missing_ok=True)
        raise
    jobs: ImportJobs = request.app.state.jobs
    job = jobs.start(
        _importer(seen.ctx)(fmt, filename, (addresses, order), dry_run),
        owner=seen.account_id,
        fmt=fmt,
        filename=filename,
        dry_run=dry_run,
        upload=upload,
        choices=(addresses, order),
    )
    return back_to(f"/import/jobs/{job.id}")


@router.post("/import/jobs/{job_id}/for-real")
def import_for_real(request: Request, job_id: str, seen: Posted) -> Response:
    """The file a dry run previewed, imported with its choices, without a second upload."""
    jobs: ImportJobs = request.app.state.jobs
    job = jobs.for_real(job_id, seen.account_id, _importer(seen.ctx))
    if job is None:
        raise NotFound("that preview's file is no longer kept: choose it again")
    return back_to(f"/import/jobs/{job.id}")


def _importer(ctx: Context) -> Importer:
    """Imports of an upload with the form's choices, as a job runs them."""

    def importer(
        fmt: str, filename: str, choices: tuple[tuple[str, ...], str | None], dry_run: bool
    ) -> Run:
        me, order = choices

        def run(path: Path, progress: Callable[[int, int], None]) -> dict[str, Any]:
            return import_path(
                ctx,
                fmt or None,
                path,
                dry_run=dry_run,
                me=me,
                date_order=order,
                on_progress=progress,
                named=filename,
            )

        return run

    return importer


@router.get("/import/jobs/{job_id}", response_class=HTMLResponse)
def import_job(request: Request, job_id: str, seen: Seen) -> HTMLResponse:
    job = request.app.state.jobs.get(job_id, seen.account_id)
    if job is None:
        raise NotFound("no such import: it may be from before the server restarted")
    polling = request.headers.get("hx-request") and not request.headers.get("hx-boosted")
    name = "_job.html" if polling else "import_job.html"
    return page(request, name, seen, job=job, formats=UPLOAD_FORMATS, kept_minutes=KEPT_FOR // 60)


# -- Snooze links from the digest ----------------------------------------------------


@router.get("/snooze/{token}", response_class=HTMLResponse)
def snooze_link(request: Request, token: str, seen: Seen) -> HTMLResponse:
    """A link in an email only asks: mail scanners open links, and must not snooze anyone."""
    link = digest.inspect_snooze(seen.ctx, token)
    return page(request, "snooze.html", seen, token=token, link=link)


@router.post("/snooze/{token}")
def snooze_by_link(request: Request, token: str, seen: Posted) -> Response:
    result = digest.redeem_snooze(seen.ctx, token)
    return page(request, "snoozed.html", seen, result=result)


# -- Team sign-in --------------------------------------------------------------------


def _login_form(request: Request, status: int = 200, **values: Any) -> Response:
    """The sign-in form with its token: the cookie's, or a new one set with the page."""
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
    response = page(request, "login.html", None, login_token=token, **values)
    response.status_code = status
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=gate(request).secure,
        path="/login",
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    if not gate(request).multi_user:
        return RedirectResponse("/", status_code=303)
    return _login_form(request, failed=False)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    the_gate = gate(request)
    if not the_gate.multi_user:
        return RedirectResponse("/", status_code=303)
    the_gate.check_login_token(request, csrf_token)
    address = request.client.host if request.client else "?"
    wait = accounts.login_wait(the_gate.base, username, address)
    if wait:
        response = _login_form(request, 429, failed=True, wait=wait)
        response.headers["Retry-After"] = str(wait)
        return response
    account = accounts.authenticate(the_gate.base, username, password)
    if account is None:
        accounts.login_failed(the_gate.base, username, address)
        return _login_form(request, 401, failed=True)
    accounts.login_succeeded(the_gate.base, username)
    token, _csrf = accounts.start_session(the_gate.base, account.id)
    signed_in = RedirectResponse("/", status_code=303)
    signed_in.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=the_gate.secure,
        max_age=accounts.SESSION_DAYS * 86400,
    )
    signed_in.delete_cookie(LOGIN_COOKIE, path="/login")
    return signed_in


@router.post("/logout")
def logout(request: Request, seen: Posted, everywhere: Annotated[bool, Form()] = False) -> Response:
    the_gate = gate(request)
    if seen.account_id is not None:
        if everywhere:
            accounts.end_all_sessions(the_gate.base, seen.account_id)
        elif seen.session is not None:
            accounts.end_session(the_gate.base, seen.session)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/team", response_class=HTMLResponse)
def team_page(request: Request, seen: Seen, company: str = "") -> HTMLResponse:
    answers: list[accounts.TeamTie] = []
    if company.strip() and seen.account_id is not None:
        answers = accounts.who_on_team_knows(
            gate(request).base, seen.account_id, company.strip(), seen.ctx.today()
        )
    return page(request, "team.html", seen, company=company, answers=answers)
