"""Imports started from the web page run in a worker thread; the page polls their progress.

The upload is saved to a private temporary file under a name of our choosing (the name the
browser sent is shown, never used as a path), and deleted when the import ends.
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
        run: Callable[[Path, Callable[[int, int], None]], dict[str, Any]],
        *,
        owner: int | None,
        fmt: str,
        filename: str,
        dry_run: bool,
        upload: Path,
    ) -> ImportJob:
        job = ImportJob(secrets.token_urlsafe(12), owner, fmt, filename, dry_run)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > JOBS_KEPT:
                oldest = next(iter(self._jobs))
                if not self._jobs[oldest].finished:
                    break
                del self._jobs[oldest]
        self._pool.submit(self._run, job, run, upload)
        return job

    def get(self, job_id: str, owner: int | None) -> ImportJob | None:
        """The job, only for the owner who started it."""
        job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None

    @staticmethod
    def _run(
        job: ImportJob,
        run: Callable[[Path, Callable[[int, int], None]], dict[str, Any]],
        upload: Path,
    ) -> None:
        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        try:
            job.report = named_as_uploaded(run(upload, progress), upload, job.filename)
        except GoodwillError as error:
            # The message names the temporary file; the user knows the file by its name.
            job.error = str(error).replace(str(upload), job.filename)
        except Exception as error:  # reported on the page, never a dead worker
            job.error = f"the import failed: {type(error).__name__}: {error}"
        finally:
            job.finished = True
            upload.unlink(missing_ok=True)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


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
