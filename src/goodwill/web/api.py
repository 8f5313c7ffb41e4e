"""The JSON API, `/api/v1`: the CLI's operations under the same names, for scripts.

Every call needs an API token (`goodwill token create`) and reaches only its owner's data.
The bodies are the CLI's `--json` shapes (DESIGN.md), made by the same services.
"""

from __future__ import annotations

import enum
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Path, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from goodwill.domain import limits
from goodwill.domain.errors import Ambiguous, BadInput, ColdAsk, GoodwillError
from goodwill.domain.model import Channel, Tier
from goodwill.services import accounts, ledger, plan
from goodwill.services import health as health_service
from goodwill.services.ask import ask
from goodwill.services.brief import brief as brief_person
from goodwill.services.finder import who_can_help as find_helpers
from goodwill.services.importing import import_path
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import (
    PersonChanges,
    add_person,
    archive_person,
    edit_person,
    find_person,
    list_overdue,
    remove_person,
    show_person,
)
from goodwill.services.people import list_people as find_people
from goodwill.services.transfer import export as export_network
from goodwill.web import forms
from goodwill.web.auth import Forbidden, Gate, Viewer
from goodwill.web.errors import status_of, validation_message, validation_problems
from goodwill.web.jobs import named_as_uploaded, private_upload_path

EXPORT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "vcard": "text/vcard; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
}


class ImportFormat(enum.StrEnum):
    LINKEDIN = "linkedin"
    VCARD = "vcard"
    GOOGLE_CSV = "google-csv"
    OUTLOOK_CSV = "outlook-csv"
    MBOX = "mbox"
    ICS = "ics"
    WHATSAPP = "whatsapp"
    TELEGRAM = "telegram"
    SLACK = "slack"


class DateOrder(enum.StrEnum):
    DMY = "dmy"
    MDY = "mdy"


ExportFormat = enum.StrEnum("ExportFormat", {name.upper(): name for name in EXPORT_TYPES})  # type: ignore[misc]

PersonId = Annotated[int, Path(ge=1, le=limits.ROW_ID, description="The person's id.")]
On = Annotated[
    str | None, Query(description="The day to answer for: ISO (2026-03-01) or relative (3d).")
]
Text = Annotated[str, Field(max_length=limits.NOTE)]
T = TypeVar("T")
#: A list field: at most `limits.ITEMS` values.
Items = Annotated[list[T], Field(max_length=limits.ITEMS)]


class PersonIn(BaseModel):
    """A person's fields; on PATCH, fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(max_length=limits.NAME)] | None = None
    emails: Items[Annotated[str, Field(max_length=limits.EMAIL)]] | None = None
    phones: Items[Annotated[str, Field(max_length=limits.PHONE)]] | None = None
    company: Annotated[str, Field(max_length=limits.COMPANY)] | None = None
    title: Annotated[str, Field(max_length=limits.TITLE)] | None = None
    discipline: Annotated[str, Field(max_length=limits.DISCIPLINE)] | None = None
    location: Annotated[str, Field(max_length=limits.LOCATION)] | None = None
    links: Items[Annotated[str, Field(max_length=limits.LINK)]] | None = None
    tags: Items[Annotated[str, Field(max_length=limits.TAG)]] | None = None
    tier: Tier | None = None
    cadence_days: (
        Annotated[int, Field(ge=limits.CADENCE_DAYS_MIN, le=limits.CADENCE_DAYS_MAX)] | None
    ) = None
    note: Text | None = None

    def changes(self, current_tags: tuple[str, ...] = ()) -> PersonChanges:
        tags = None if self.tags is None else tuple(t.strip().lower() for t in self.tags)
        return PersonChanges(
            name=self.name,
            emails=None if self.emails is None else tuple(self.emails),
            phones=None if self.phones is None else tuple(self.phones),
            company=self.company,
            title=self.title,
            discipline=self.discipline,
            location=self.location,
            links=None if self.links is None else tuple(self.links),
            add_tags=tags or (),
            remove_tags=() if tags is None else tuple(t for t in current_tags if t not in tags),
            tier=self.tier,
            cadence_days=self.cadence_days,
            note=self.note,
        )


class LogIn(BaseModel):
    """`goodwill log`: one entry shared by the people named (ids as "#12", names or emails)."""

    model_config = ConfigDict(extra="forbid")

    people: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=limits.EMAIL)]],
        Field(min_length=1, max_length=limits.ITEMS),
    ]
    action: Action = Action.TOUCH
    kind: Annotated[str, Field(max_length=limits.KIND)] | None = None
    channel: Channel = Channel.EMAIL
    them: bool = False
    on: Annotated[str, Field(max_length=32)] | None = None
    note: Text = ""
    follow_up: Annotated[str, Field(max_length=32)] | None = None
    #: Record an ask even when the guard finds it cold (otherwise: 409 and the deposit).
    anyway: bool = False


class DoneIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gave: Annotated[str, Field(max_length=limits.KIND)] | None = None
    via: Channel = Channel.EMAIL
    note: Text = ""


class SnoozeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    span: Annotated[str, Field(alias="for", max_length=16)] = "2w"


class AskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    purpose: Annotated[str, Field(alias="for", max_length=10_000)] = ""
    kind: Annotated[str, Field(max_length=limits.KIND)] | None = None
    #: Record the ask even when the guard finds it cold (otherwise: 409 and the deposit).
    anyway: bool = False


def _owner(request: Request) -> Viewer:
    gate: Gate = request.app.state.gate
    return gate.api_viewer(request)


Owner = Annotated[Viewer, Depends(_owner)]


def create_api(gate: Gate, upload_limit: int) -> FastAPI:
    api = FastAPI(
        title="goodwill API",
        version="1",
        description=(
            "The goodwill CLI's operations over HTTP. Authenticate with "
            "`Authorization: Bearer <token>` (create one with `goodwill token create`)."
        ),
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
    )

    api.state.gate = gate

    @api.exception_handler(GoodwillError)
    async def user_error(_request: Request, error: GoodwillError) -> JSONResponse:
        body: dict[str, Any] = {"error": str(error)}
        if isinstance(error, Ambiguous):
            body["candidates"] = [{"id": pid, "label": label} for pid, label in error.candidates]
        if isinstance(error, ColdAsk):
            # The guard's refusal: what each ask needs, the deposit to make first, and how
            # to record it all the same.
            body |= {"cold_asks": error.asks, "override": {"anyway": True}}
            return JSONResponse(body, status_code=409)
        return JSONResponse(body, status_code=status_of(error))

    @api.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            {
                "error": validation_message(error.errors()),
                "detail": validation_problems(error.errors()),
            },
            status_code=422,
        )

    @api.exception_handler(Forbidden)
    async def forbidden(_request: Request, error: Forbidden) -> JSONResponse:
        return JSONResponse(
            {"error": str(error)}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )

    # -- people ----------------------------------------------------------------------

    @api.get("/people", tags=["people"], summary="List people (goodwill list)")
    def list_people(
        viewer: Owner,
        q: Annotated[
            str, Query(max_length=limits.SEARCH, description="Part of a name or company.")
        ] = "",
        tier: Tier | None = None,
        tag: Annotated[str, Query(max_length=limits.TAG)] = "",
        discipline: Annotated[str, Query(max_length=limits.DISCIPLINE)] = "",
        due: bool = False,
        limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
        on: On = None,
    ) -> list[dict[str, Any]]:
        day = forms.day("on", on, viewer.ctx.today()) or viewer.ctx.today()
        return find_people(
            viewer.ctx,
            text=q.strip() or None,
            tier=tier,
            tag=tag.strip() or None,
            discipline=discipline.strip() or None,
            due_on=day if due else None,
            limit=limit,
            on=day,
        )

    @api.post("/people", tags=["people"], status_code=201, summary="Add a person (goodwill add)")
    def add(viewer: Owner, person: PersonIn) -> dict[str, Any]:
        if not person.name or not person.name.strip():
            raise BadInput("name: a person needs a name")
        return add_person(viewer.ctx, person.changes())

    @api.get(
        "/people/{person_id}",
        tags=["people"],
        summary="A person and their timeline (goodwill show)",
    )
    def show(viewer: Owner, person_id: PersonId, on: On = None) -> dict[str, Any]:
        return show_person(viewer.ctx, f"#{person_id}", forms.day("on", on, viewer.ctx.today()))

    @api.get(
        "/people/{person_id}/brief",
        tags=["people"],
        summary="What to know before meeting them (goodwill brief)",
    )
    def brief(viewer: Owner, person_id: PersonId, on: On = None) -> dict[str, Any]:
        return brief_person(viewer.ctx, f"#{person_id}", forms.day("on", on, viewer.ctx.today()))

    @api.patch("/people/{person_id}", tags=["people"], summary="Change a person (goodwill edit)")
    def edit(viewer: Owner, person_id: PersonId, person: PersonIn) -> dict[str, Any]:
        current = find_person(viewer.ctx, f"#{person_id}")
        return edit_person(viewer.ctx, f"#{person_id}", person.changes(tuple(current["tags"])))

    @api.delete(
        "/people/{person_id}",
        tags=["people"],
        status_code=204,
        summary="Delete a person (goodwill rm)",
    )
    def remove(viewer: Owner, person_id: PersonId) -> Response:
        found = find_person(viewer.ctx, f"#{person_id}", exact=True)
        remove_person(viewer.ctx, found["id"])
        return Response(status_code=204)

    @api.post(
        "/people/{person_id}/archive",
        tags=["people"],
        summary="Archive a person (goodwill archive)",
    )
    def archive(viewer: Owner, person_id: PersonId) -> dict[str, Any]:
        return archive_person(viewer.ctx, f"#{person_id}")

    @api.post(
        "/people/{person_id}/snooze",
        tags=["plan"],
        summary="Keep a person out of the plan (goodwill snooze)",
    )
    def snooze(viewer: Owner, person_id: PersonId, body: SnoozeIn) -> dict[str, Any]:
        return plan.snooze(viewer.ctx, f"#{person_id}", forms.span_days(body.span))

    @api.get(
        "/people/{person_id}/balance",
        tags=["ledger"],
        summary="The balance, line by line (goodwill balance)",
    )
    def balance(viewer: Owner, person_id: PersonId, on: On = None) -> dict[str, Any]:
        return ledger.balance(viewer.ctx, f"#{person_id}", forms.day("on", on, viewer.ctx.today()))

    @api.get("/people/{person_id}/ask", tags=["ledger"], summary="Is this ask warm? (goodwill ask)")
    def ask_guard(
        viewer: Owner,
        person_id: PersonId,
        purpose: Annotated[str, Query(alias="for", max_length=10_000)] = "",
        kind: Annotated[str | None, Query(max_length=limits.KIND)] = None,
    ) -> dict[str, Any]:
        return ask(viewer.ctx, f"#{person_id}", purpose=purpose, kind=kind)

    @api.post(
        "/people/{person_id}/ask", tags=["ledger"], summary="Record an ask (goodwill ask --yes)"
    )
    def record_ask(viewer: Owner, person_id: PersonId, body: AskIn) -> dict[str, Any]:
        return ask(
            viewer.ctx,
            f"#{person_id}",
            purpose=body.purpose,
            kind=body.kind,
            record_it=True,
            anyway=body.anyway,
        )

    # -- ledger ----------------------------------------------------------------------

    @api.post(
        "/ledger",
        tags=["ledger"],
        status_code=201,
        summary="Log a give, an ask or a touch (goodwill log)",
    )
    def log(viewer: Owner, body: LogIn) -> dict[str, Any]:
        today = viewer.ctx.today()
        request = LogRequest(
            people=tuple(body.people),
            action=body.action,
            kind=body.kind,
            channel=body.channel,
            them=body.them,
            on=forms.day("on", body.on, today),
            note=body.note,
            follow_up=forms.day("follow_up", body.follow_up, today, future=True),
            anyway=body.anyway,
        )
        return ledger.log(viewer.ctx, request)

    @api.post(
        "/ledger/undo", tags=["ledger"], summary="Revert the last ledger write (goodwill undo)"
    )
    def undo(viewer: Owner) -> dict[str, Any]:
        return ledger.undo(viewer.ctx)

    # -- the plan --------------------------------------------------------------------

    @api.get("/today", tags=["plan"], summary="Today's plan (goodwill today)")
    def today(
        viewer: Owner, on: On = None, n: Annotated[int | None, Query(ge=1, le=100)] = None
    ) -> dict[str, Any]:
        return plan.today(viewer.ctx, forms.day("on", on, viewer.ctx.today()), n)

    @api.post("/today/{position}/done", tags=["plan"], summary="Mark a pick done (goodwill done)")
    def done(
        viewer: Owner, position: Annotated[int, Path(ge=1, le=100)], body: DoneIn
    ) -> dict[str, Any]:
        return plan.done(viewer.ctx, position, kind=body.gave, channel=body.via, note=body.note)

    @api.post("/today/{position}/skip", tags=["plan"], summary="Skip a pick (goodwill skip)")
    def skip(viewer: Owner, position: Annotated[int, Path(ge=1, le=100)]) -> dict[str, Any]:
        return plan.skip(viewer.ctx, position)

    @api.get("/due", tags=["plan"], summary="Overdue people (goodwill due)")
    def due(
        viewer: Owner, on: On = None, limit: Annotated[int, Query(ge=1, le=10_000)] = 50
    ) -> list[dict[str, Any]]:
        people: list[dict[str, Any]] = list_overdue(
            viewer.ctx, forms.day("on", on, viewer.ctx.today()), limit
        )["people"]
        return people

    @api.get("/health", tags=["plan"], summary="The health of the network (goodwill health)")
    def health(viewer: Owner, on: On = None) -> dict[str, Any]:
        return health_service.health(viewer.ctx, forms.day("on", on, viewer.ctx.today()))

    @api.get("/help", tags=["network"], summary="Who can help with a need (goodwill help)")
    def who_can_help(
        viewer: Owner, need: Annotated[str, Query(min_length=1, max_length=500)]
    ) -> dict[str, Any]:
        return find_helpers(viewer.ctx, need)

    # -- import and export -----------------------------------------------------------

    @api.post("/import/{fmt}", tags=["transfer"], summary="Import a file (goodwill import)")
    async def import_file(
        viewer: Owner,
        fmt: ImportFormat,
        file: UploadFile,
        dry_run: bool = False,
        strict: bool = False,
        me: Annotated[
            list[str] | None,
            Query(description="Your addresses, or your name in a chat (default: the config's)."),
        ] = None,
        date_order: Annotated[
            DateOrder | None, Query(description="A WhatsApp chat's dates: dmy or mdy.")
        ] = None,
    ) -> dict[str, Any]:
        name = (file.filename or "upload").replace("\\", "/").rsplit("/", 1)[-1]
        upload = private_upload_path(
            viewer.ctx.config.data_dir, name.rpartition(".")[2] if "." in name else ""
        )
        try:
            await run_in_threadpool(forms.save_upload, file, upload, upload_limit)
            report: dict[str, Any] = await run_in_threadpool(
                lambda: import_path(
                    viewer.ctx,
                    fmt.value,
                    upload,
                    dry_run=dry_run,
                    strict=strict,
                    me=tuple(me or ()),
                    date_order=date_order.value if date_order else None,
                )
            )
        except GoodwillError as error:
            raise type(error)(str(error).replace(str(upload), name)) from None
        finally:
            upload.unlink(missing_ok=True)
        return named_as_uploaded(report, upload, name)

    @api.get("/export/{fmt}", tags=["transfer"], summary="Export the network (goodwill export)")
    def export(viewer: Owner, fmt: ExportFormat, on: On = None) -> Response:
        text = export_network(viewer.ctx, fmt.value, on=forms.day("on", on, viewer.ctx.today()))
        return Response(text, media_type=EXPORT_TYPES[fmt.value])

    # -- the team --------------------------------------------------------------------

    @api.get("/team/knows", tags=["team"], summary="Who on the team knows someone at a company")
    def team_knows(
        viewer: Owner, company: Annotated[str, Query(min_length=1, max_length=limits.COMPANY)]
    ) -> list[dict[str, Any]]:
        if viewer.account_id is None:
            raise BadInput("the team exists on a team server (goodwill serve --multi-user)")
        return accounts.who_on_team_knows(
            gate.base, viewer.account_id, company.strip(), viewer.ctx.today()
        )

    return api
