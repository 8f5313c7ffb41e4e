"""Uploads wait in a private folder under the data directory, never in the shared temp
folder, and a server starting up deletes what a crashed one left there."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from goodwill.bootstrap import build_context
from goodwill.web import jobs as jobs_module
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


def _jobs_and_dry_run() -> tuple[ImportJobs, Any]:
    jobs = ImportJobs()

    def preview(path: Path, progress: Any) -> dict[str, Any]:
        return {"created": 1}

    def finished(upload: Path, owner: int | None = None) -> ImportJob:
        job = jobs.start(
            preview, owner=owner, fmt="", filename="c.csv", dry_run=True, upload=upload
        )
        deadline = time.monotonic() + 10
        while not job.finished and time.monotonic() < deadline:
            time.sleep(0.01)
        return job

    return jobs, finished


def _upload(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_text("x", encoding="utf-8")
    return path


def test_a_kept_preview_file_goes_when_its_job_is_dropped_or_the_server_stops(
    tmp_path: Path,
) -> None:
    """A dry run keeps its file for "Import it for real", but contacts never linger: the file
    goes when the job falls out of the kept reports, and when the server stops."""
    jobs, finished = _jobs_and_dry_run()
    first = _upload(tmp_path, "first.csv")
    assert finished(first).kept == first and first.exists()
    for number in range(JOBS_KEPT):  # other users' dry runs (files that do not exist)
        finished(tmp_path / f"later-{number}.csv", owner=number + 1)
    assert not first.exists()
    last = _upload(tmp_path, "last.csv")
    finished(last)
    assert last.exists()
    jobs.shutdown()
    assert not last.exists()


def test_each_user_keeps_one_preview_file_for_a_while(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dry runs cannot fill the disk: a user's new dry run replaces the file their last one
    kept (another user's stays), and a kept file goes when its time is up."""
    jobs, finished = _jobs_and_dry_run()
    mine, theirs, newer = (_upload(tmp_path, f"{n}.csv") for n in ("mine", "theirs", "newer"))
    first = finished(mine, owner=1)
    finished(theirs, owner=2)
    assert mine.exists() and theirs.exists()
    latest = finished(newer, owner=1)
    assert not mine.exists() and first.kept is None
    assert newer.exists() and theirs.exists()
    later = time.monotonic() + jobs_module.KEPT_FOR + 1
    monkeypatch.setattr(jobs_module.time, "monotonic", lambda: later)
    assert jobs.for_real(latest.id, 1, lambda *_: None) is None  # type: ignore[arg-type,return-value]
    assert not newer.exists() and not theirs.exists()
    jobs.shutdown()
