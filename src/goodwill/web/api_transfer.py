"""The JSON API's import (an uploaded file) and export (the network as a download)."""

from __future__ import annotations

import enum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from goodwill.domain.dates import DateOrder
from goodwill.domain.errors import GoodwillError
from goodwill.services import transfer
from goodwill.services.imports import import_path
from goodwill.web import forms
from goodwill.web.api_common import On, Owner
from goodwill.web.jobs import named_as_uploaded, private_upload_path

router = APIRouter()

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


ExportFormat = enum.StrEnum("ExportFormat", {name.upper(): name for name in EXPORT_TYPES})  # type: ignore[misc]


@router.post("/import/{fmt}", tags=["transfer"], summary="Import a file (goodwill import)")
async def import_file(
    request: Request,
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
        await run_in_threadpool(forms.save_upload, file, upload, request.app.state.upload_limit)
        report: dict[str, Any] = await run_in_threadpool(
            lambda: import_path(
                viewer.ctx,
                fmt.value,
                upload,
                dry_run=dry_run,
                strict=strict,
                me=tuple(me or ()),
                date_order=date_order.value if date_order else None,
                named=name,
            )
        )
    except GoodwillError as error:
        # Named as uploaded, the same error kept (its field, its facts), not made anew.
        error.args = (str(error).replace(str(upload), name),)
        raise
    finally:
        upload.unlink(missing_ok=True)
    return named_as_uploaded(report, upload, name)


@router.get("/export/{fmt}", tags=["transfer"], summary="Export the network (goodwill export)")
def export(viewer: Owner, fmt: ExportFormat, on: On = None) -> Response:
    text = transfer.export(viewer.ctx, fmt.value, on=forms.day("on", on, viewer.ctx.today()))
    return Response(text, media_type=EXPORT_TYPES[fmt.value])
