"""Imports started from the web page run in a worker thread; the page polls their progress.

The upload is saved to a private temporary file under a name of our choosing (the name the
browser sent is shown, never used as a path), and deleted when the import ends; a dry run
that read the file keeps it, so that "Import it for real" imports the very file previewed
without a second upload. It is kept for `KEPT_FOR`, and only the newest dry run of each
user keeps its file: whatever else happens, the uploads waiting on disk are at most one per
user, never one per dry run.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goodwill.domain.errors import GoodwillError, NeedsMe

#: An import run by a job: (the upload, a progress callback) to the import's report.
Run = Callable[[Path, Callable[[int, int], None]], dict[str, Any]]
#: A job's run from the form's choices: (format, the file's name as uploaded, (addresses,
#: date order), dry run).
Importer = Callable[[str, str, tuple[tuple[str, ...], str | None], bool], Run]

#: Finished jobs kept for their report pages; older ones are dropped.
JOBS_KEPT = 50
#: How long a dry run's upload waits for "Import it for real", in seconds.
KEPT_FOR = 30 * 60


@dataclass
class ImportJob:
    id: str
    owner: int | None
    fmt: str
    filename: str
    dry_run: bool
    done: int = 0
    total: int = 0
    report: dict[str, Any] | None = None
    error: str | None = None
    finished: bool = False
    #: The form's other choices: (your addresses and names, the date order).
    choices: tuple[tuple[str, ...], str | None] = ((), None)
    #: A finished dry run's upload, kept for the real import (`ImportJobs.for_real`).
    kept: Path | None = None
    #: When the upload stops being kept (`time.monotonic()`).
    kept_until: float = 0.0
    #: The real import this dry run's file went to, once "Import it for real" was pressed.
    imported_by: str | None = None

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class ImportJobs:
    def __init__(self) -> None:
        # One import at a time: an import is one write transaction anyway.
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="goodwill-import")
        self._jobs: dict[str, ImportJob] = {}
        self._lock = threading.Lock()

    def start(
        self,
        run: Run,
        *,
        owner: int | None,
        fmt: str,
        filename: str,
        dry_run: bool,
        upload: Path,
        choices: tuple[tuple[str, ...], str | None] = ((), None),
    ) -> ImportJob:
        job = ImportJob(secrets.token_urlsafe(12), owner, fmt, filename, dry_run, choices=choices)
        with self._lock:
            self._jobs[job.id] = job
            self._tidy()
        self._pool.submit(self._run, job, run, upload)
        return job

    def _tidy(self) -> None:
        """Drop the oldest finished jobs past `JOBS_KEPT`, and every kept upload whose time
        is up. Called with the lock held."""
        finished = [key for key, job in self._jobs.items() if job.finished]
        for key in finished[: max(0, len(self._jobs) - JOBS_KEPT)]:
            _forget_upload(self._jobs.pop(key))
        now = time.monotonic()
        for job in self._jobs.values():
            if job.kept is not None and job.kept_until <= now:
                _forget_upload(job)

    def for_real(self, job_id: str, owner: int | None, importer: Importer) -> ImportJob | None:
        """A real import of the file a finished dry run read, with the dry run's choices;
        the same import again when it was already started from this preview (a second
        press of the button), or None when the file is no longer kept."""
        with self._lock:
            self._tidy()
            preview = self.get(job_id, owner)
            if preview is None:
                return None
            if preview.imported_by is not None:
                return self._jobs.get(preview.imported_by)
            if preview.kept is None:
                return None
            upload, preview.kept = preview.kept, None
            job = ImportJob(
                secrets.token_urlsafe(12),
                owner,
                preview.fmt,
                preview.filename,
                False,
                choices=preview.choices,
            )
            preview.imported_by = job.id
            self._jobs[job.id] = job
        self._pool.submit(
            self._run, job, importer(preview.fmt, preview.filename, preview.choices, False), upload
        )
        return job

    def get(self, job_id: str, owner: int | None) -> ImportJob | None:
        """The job, only for the owner who started it."""
        job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None

    def _run(self, job: ImportJob, run: Run, upload: Path) -> None:
        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        try:
            job.report = named_as_uploaded(run(upload, progress), upload, job.filename)
        except NeedsMe as error:  # said as the page gives it: a field, or Settings
            job.error = (
                f"{error.doing} needs {error.needs} {error.purpose}: fill in “Your "
                "addresses” on the import form and import it again, or set them once in "
                "Settings"
            )
        except GoodwillError as error:
            # The message names the temporary file; the user knows the file by its name.
            job.error = str(error).replace(str(upload), job.filename)
        except Exception as error:  # reported on the page, never a dead worker
            job.error = f"the import failed: {type(error).__name__}: {error}"
        finally:
            # Kept, and finished, in one step under the lock: "Import it for real" can
            # only take a file nothing will delete.
            with self._lock:
                if job.dry_run and job.report is not None:
                    self._keep(job, upload)
                else:
                    upload.unlink(missing_ok=True)
                job.finished = True

    def _keep(self, job: ImportJob, upload: Path) -> None:
        """Keep a dry run's upload for `KEPT_FOR`, in place of what the same user's earlier
        dry runs kept. Called with the lock held."""
        for other in self._jobs.values():
            if other.owner == job.owner:
                _forget_upload(other)
        job.kept, job.kept_until = upload, time.monotonic() + KEPT_FOR

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            for job in self._jobs.values():
                _forget_upload(job)


def _forget_upload(job: ImportJob) -> None:
    """Delete the upload a dry run kept, if it still is."""
    kept, job.kept = job.kept, None
    if kept is not None:
        kept.unlink(missing_ok=True)


#: Uploads wait here, under the data directory: never in the system's shared temporary
#: folder, where a crash would leave contacts in clear for anyone to read.
UPLOADS = "uploads"
_PREFIX = "goodwill-upload-"


def upload_folder(data_dir: Path) -> Path:
    """The private folder (0700) uploads are written to, made if missing."""
    folder = data_dir / UPLOADS
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def clean_uploads(data_dir: Path) -> int:
    """Delete uploads a crashed server left behind (the server calls it at start)."""
    folder = data_dir / UPLOADS
    if not folder.is_dir():
        return 0
    left = [path for path in folder.glob(f"{_PREFIX}*") if path.is_file()]
    for path in left:
        path.unlink(missing_ok=True)
    return len(left)


def private_upload_path(data_dir: Path, suffix: str) -> Path:
    """A new empty file only the owner can read, named by us, in the uploads folder;
    `suffix` keeps the format detection of importers that look at it (.zip, .vcf, ...)."""
    clean = "".join(c for c in suffix.lower() if c.isalnum())[:10]
    handle, name = tempfile.mkstemp(
        dir=upload_folder(data_dir), prefix=_PREFIX, suffix=f".{clean}" if clean else ""
    )
    os.close(handle)
    os.chmod(name, 0o600)
    return Path(name)


def named_as_uploaded(report: dict[str, Any], upload: Path, filename: str) -> dict[str, Any]:
    """The report with the upload's temporary path replaced by the name the user knows,
    also where it names a member of the upload (`upload.zip:Connections.csv`)."""
    for problem in report.get("errors", []):
        problem["file"] = _as_uploaded(problem.get("file"), upload, filename)
        problem["message"] = str(problem.get("message", "")).replace(str(upload), filename)
    for skipped in report.get("skips", []):
        skipped["file"] = _as_uploaded(skipped.get("file"), upload, filename)
    return report


def _as_uploaded(file: Any, upload: Path, filename: str) -> Any:
    temporary = str(upload)
    if file == temporary or (isinstance(file, str) and file.startswith(f"{temporary}:")):
        return filename + file[len(temporary) :]
    return file
