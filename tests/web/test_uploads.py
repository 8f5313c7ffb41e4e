"""Uploads wait in a private folder under the data directory, never in the shared temp
folder, and a server starting up deletes what a crashed one left there."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

from goodwill.bootstrap import build_context
from goodwill.web.jobs import JOBS_KEPT, UPLOADS, ImportJob, ImportJobs, private_upload_path
from goodwill.web.server import create_app


def test_uploads_are_private_and_a_starting_server_removes_leftovers(
    env: dict[str, str], tmp_path: Path
) -> None:
    ctx = build_context(env, db=str(tmp_path / "g.db"))
    data_dir = ctx.config.data_dir
    before = set(Path(tempfile.gettempdir()).glob("goodwill-upload-*"))
    upload = private_upload_path(data_dir, "csv")
    assert upload.parent == data_dir / UPLOADS and upload.suffix == ".csv"
    assert set(Path(tempfile.gettempdir()).glob("goodwill-upload-*")) == before
    if os.name == "posix":
        assert stat.S_IMODE(upload.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(upload.stat().st_mode) == 0o600
    upload.write_text("First Name\nZebediah\n", encoding="utf-8")  # a crash leaves it here
    mine = data_dir / UPLOADS / "notes.txt"
    mine.write_text("not an upload", encoding="utf-8")
    create_app(ctx)
    assert not upload.exists() and mine.exists()
    ctx.db.dispose()


def test_a_kept_preview_file_goes_when_its_job_is_dropped_or_the_server_stops(
    tmp_path: Path,
) -> None:
    """A dry run keeps its file for "Import it for real", but contacts never linger: the file
    goes when the job falls out of the kept reports, and when the server stops."""
    jobs = ImportJobs()

    def preview(path: Path, progress: Any) -> dict[str, Any]:
        return {"created": 1}

    def finished(upload: Path) -> ImportJob:
        job = jobs.start(preview, owner=None, fmt="", filename="c.csv", dry_run=True, upload=upload)
        deadline = time.monotonic() + 10
        while not job.finished and time.monotonic() < deadline:
            time.sleep(0.01)
        return job

    first = tmp_path / "first.csv"
    first.write_text("x", encoding="utf-8")
    assert finished(first).kept == first and first.exists()
    for number in range(JOBS_KEPT):
        finished(tmp_path / f"later-{number}.csv")  # (files that do not exist: no matter)
    assert not first.exists()
    last = tmp_path / "last.csv"
    last.write_text("x", encoding="utf-8")
    finished(last)
    assert last.exists()
    jobs.shutdown()
    assert not last.exists()
