"""Imports started from the web page run in a worker thread; the page polls their progress.

The upload is saved to a private temporary file under a name of our choosing (the name the
browser sent is shown, never used as a path), and deleted when the import ends; a dry run
that read the file keeps it, so that "Import it for real" imports the very file previewed
without a second upload, until it does, the job is dropped, or the server stops.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goodwill.domain.errors import GoodwillError

#: An import run by a job: (the upload, a progress callback) to the import's report.
Run = Callable[[Path, Callable[[int, int], None]], dict[str, Any]]
#: A job's run from the form's choices: (format, (addresses, date order), dry run).
Importer = Callable[[str, tuple[tuple[str, ...], str | None], bool], Run]

#: Finished jobs kept for their report pages; older ones are dropped.
JOBS_KEPT = 50


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
            while len(self._jobs) > JOBS_KEPT:
                oldest = next(iter(self._jobs))
                if not self._jobs[oldest].finished:
                    break
                _forget_upload(self._jobs.pop(oldest))
        self._pool.submit(self._run, job, run, upload)
        return job

    def for_real(self, job_id: str, owner: int | None, importer: Importer) -> ImportJob | None:
        """A real import of the file a finished dry run read, with the dry run's choices,
        or None when that file is no longer kept (imported already, or the job is gone)."""
        with self._lock:
            preview = self.get(job_id, owner)
            if preview is None or preview.kept is None:
                return None
            upload, preview.kept = preview.kept, None
        return self.start(
            importer(preview.fmt, preview.choices, False),
            owner=owner,
            fmt=preview.fmt,
            filename=preview.filename,
            dry_run=False,
            upload=upload,
            choices=preview.choices,
        )

    def get(self, job_id: str, owner: int | None) -> ImportJob | None:
        """The job, only for the owner who started it."""
        job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None

    @staticmethod
    def _run(
        job: ImportJob,
        run: Run,
        upload: Path,
    ) -> None:
        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        try:
            job.report = named_as_uploaded(run(upload, progress), upload, job.filename)
            if job.dry_run:
                job.kept = upload
        except GoodwillError as error:
            # The message names the temporary file; the user knows the file by its name.
            job.error = str(error).replace(str(upload), job.filename)
        except Exception as error:  # reported on the page, never a dead worker
            job.error = f"the import failed: {type(error).__name__}: {error}"
        finally:
            job.finished = True
            if job.kept is None:
                upload.unlink(missing_ok=True)

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
