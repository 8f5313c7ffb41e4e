"""Uploads wait in a private folder under the data directory, never in the shared temp
folder, and a server starting up deletes what a crashed one left there."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from goodwill.bootstrap import build_context
from goodwill.web.jobs import UPLOADS, private_upload_path
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
