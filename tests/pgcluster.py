"""Throwaway PostgreSQL clusters for the test suite.

The tests run against a real server rather than SQLite so that dialect differences show up in
tests, not in production. Each test session (each pytest-xdist worker) starts its own cluster
on a free port. Durability is switched off because the data is thrown away.

PostgreSQL refuses to run as root, so when the tests run as root (containers, CI) the server
runs as the ``postgres`` system user, and its files go in a directory that user can reach.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import socket
import stat
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql

DEBIAN_PG_ROOT = Path("/usr/lib/postgresql")
"""Debian's ``postgresql`` package installs its server binaries here, not on PATH."""

SERVER_OS_USER = "postgres"
"""System user that runs the server when we are root (created by Debian's package)."""

_SERVER_OPTIONS = (
    "-F -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
    " -c full_page_writes=off"
)
_TIMEOUT_S = 120
_MAX_SOCKET_PATH = 100  # Unix socket paths are limited to 104-108 bytes, depending on the OS.


def find_pg_bin() -> Path | None:
    """Return the directory holding ``initdb`` and ``pg_ctl``, or None if there is none.

    PATH wins, so a developer can pick a version; otherwise take the newest Debian install.
    """
    on_path = shutil.which("pg_ctl")
    if on_path is not None:
        # PATH may hold symlinks (Homebrew, /usr/local/bin); prefer the real install directory.
        for directory in (Path(on_path).resolve().parent, Path(on_path).parent):
            if _has_server_binaries(directory):
                return directory
    candidates = [d for d in DEBIAN_PG_ROOT.glob("*/bin") if _has_server_binaries(d)]
    if not candidates:
        return None
    return max(candidates, key=lambda d: _version_key(d.parent.name))


def _has_server_binaries(directory: Path) -> bool:
    return all(os.access(directory / name, os.X_OK) for name in ("initdb", "pg_ctl"))


def _version_key(name: str) -> tuple[int, ...]:
    """Sort "9.6" < "10" < "15" numerically; unparsable names sort first."""
    try:
        return tuple(int(part) for part in name.split("."))
    except ValueError:
        return ()


def _free_port() -> int:
    """Ask the kernel for a free port. Racy by nature; start() retries on a bind failure."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _locale_args() -> list[str]:
    """Prefer C.UTF-8 (byte-order collation, UTF-8 ctype); minimal images may lack it."""
    try:
        listing = subprocess.run(
            ["locale", "-a"], capture_output=True, text=True, errors="replace", timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ["--no-locale"]
    names = {line.strip().lower().replace("-", "") for line in listing.splitlines()}
    return ["--locale=C.UTF-8"] if "c.utf8" in names else ["--no-locale"]


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _reachable_by_others(path: Path) -> bool:
    """True if every ancestor of ``path`` lets other users in (the o+x bit)."""
    for directory in (path, *path.parents):
        try:
            mode = directory.stat().st_mode
        except OSError:
            return False
        if not mode & stat.S_IXOTH:
            return False
    return True


def _tail(text: str, lines: int = 6, limit: int = 600) -> str:
    """Last lines of some output, joined onto one line so it fits a skip/fail reason."""
    kept = [line.strip() for line in text.strip().splitlines() if line.strip()][-lines:]
    joined = " | ".join(kept) or "(no output)"
    return joined if len(joined) <= limit else "..." + joined[-limit:]


class PostgresCluster:
    """A private PostgreSQL server in a temporary directory, reachable over 127.0.0.1.

    Authentication is ``trust`` and ``user`` is the superuser, so URLs need no password.
    """

    def __init__(
        self, pg_bin: Path | None = None, *, user: str = "goodwill", dbname: str = "postgres"
    ) -> None:
        self.user = user
        self.dbname = dbname
        self._pg_bin = pg_bin
        self._bin: Path | None = None
        self._run_as: str | None = None  # OS user that runs initdb/pg_ctl, if not us
        self._cleanup: list[Path] = []  # directories we created and remove in stop()
        self._work_dir: Path | None = None
        self._data_dir: Path | None = None
        self._socket_dir: Path | None = None
        self._log_file: Path | None = None
        self._port: int | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self, base_dir: Path) -> None:
        """Create and start the cluster under ``base_dir`` (or a reachable temp dir as root).

        Raises RuntimeError with a one-line reason if PostgreSQL is missing or cannot start.
        """
        if self._port is not None:
            raise RuntimeError("PostgreSQL cluster is already running")
        pg_bin = self._pg_bin or find_pg_bin()
        if pg_bin is None or not _has_server_binaries(pg_bin):
            where = pg_bin or f"PATH or {DEBIAN_PG_ROOT}/*/bin"
            raise RuntimeError(
                f"PostgreSQL server binaries (initdb, pg_ctl) not found in {where}; "
                "install the 'postgresql' package"
            )
        self._bin = pg_bin
        self._run_as = self._server_os_user()
        try:
            self._make_dirs(base_dir)
            self._initdb()
            self._start_server()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop the server without a checkpoint (the data is disposable) and delete its files."""
        data_dir = self._data_dir
        if self._bin is not None and data_dir is not None:
            pg_ctl = str(self._bin / "pg_ctl")
            # Best effort: we are tearing down anyway, and the files go next.
            with contextlib.suppress(OSError, subprocess.SubprocessError, RuntimeError):
                if (data_dir / "postmaster.pid").exists():
                    self._run([pg_ctl, "stop", "-w", "-m", "immediate", "-D", str(data_dir)])
        for directory in reversed(self._cleanup):
            shutil.rmtree(directory, ignore_errors=True)
        self._cleanup.clear()
        self._work_dir = self._data_dir = self._socket_dir = self._log_file = None
        self._port = None

    # -- connection details ----------------------------------------------------------------

    @property
    def port(self) -> int:
        """TCP port the server listens on (127.0.0.1 only)."""
        if self._port is None:
            raise RuntimeError("PostgreSQL cluster is not running")
        return self._port

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the maintenance database (``dbname``)."""
        return self.url_for(self.dbname)

    def url_for(self, dbname: str) -> str:
        """SQLAlchemy URL (psycopg 3 driver) for a database on this server."""
        return (
            f"postgresql+psycopg://{quote(self.user, safe='')}@127.0.0.1:{self.port}"
            f"/{quote(dbname, safe='')}"
        )

    def create_database(self, name: str) -> str:
        """Create an empty database and return its SQLAlchemy URL.

        CREATE DATABASE cannot run inside a transaction, hence autocommit.
        """
        with self._admin_connection() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop a database if it exists, disconnecting leftover sessions (PostgreSQL 13+)."""
        with self._admin_connection() as conn:
            force = sql.SQL(" WITH (FORCE)") if conn.info.server_version >= 130000 else sql.SQL("")
            query = sql.SQL("DROP DATABASE IF EXISTS {}{}").format(sql.Identifier(name), force)
            conn.execute(query)

    def _admin_connection(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=self.user,
            dbname=self.dbname,
            autocommit=True,
            connect_timeout=10,
        )

    # -- internals -------------------------------------------------------------------------

    @staticmethod
    def _server_os_user() -> str | None:
        """Which OS user must run the server: None for ourselves, ``postgres`` when root."""
        if not _is_root():
            return None
        import pwd  # POSIX-only; imported here so the module still imports elsewhere.

        try:
            pwd.getpwnam(SERVER_OS_USER)
        except KeyError:
            raise RuntimeError(
                f"running as root, PostgreSQL refuses to run as root, and there is no "
                f"'{SERVER_OS_USER}' system user to run it as"
            ) from None
        if shutil.which("runuser") is None and shutil.which("su") is None:
            raise RuntimeError(
                f"running as root and neither runuser nor su is available to switch to "
                f"'{SERVER_OS_USER}'"
            )
        return SERVER_OS_USER

    def _make_dirs(self, base_dir: Path) -> None:
        parent = base_dir
        if self._run_as is not None and not _reachable_by_others(base_dir.resolve()):
            # pytest's tmp dirs (/tmp/pytest-of-root) are 0700: the server user can't enter.
            parent = Path(tempfile.gettempdir())
            if not _reachable_by_others(parent.resolve()):
                parent = Path("/tmp")
        parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="goodwill-pg-", dir=parent))
        self._cleanup.append(work)
        self._own(work)
        self._work_dir = work
        self._data_dir = work / "data"  # initdb creates it, with the mode it insists on

        socket_dir = work / "sock"
        if len(str(socket_dir / ".s.PGSQL.65535")) > _MAX_SOCKET_PATH:
            socket_dir = Path(tempfile.mkdtemp(prefix="gwpg-", dir="/tmp"))
            self._cleanup.append(socket_dir)
        else:
            socket_dir.mkdir()
        self._own(socket_dir)
        self._socket_dir = socket_dir

        self._log_file = work / "server.log"
        self._log_file.touch()
        self._own(self._log_file)

    def _own(self, path: Path) -> None:
        """Hand a path to the server user (no-op unless we are root)."""
        if self._run_as is not None:
            shutil.chown(path, user=self._run_as, group=self._run_as_group())

    def _run_as_group(self) -> int:
        import pwd

        assert self._run_as is not None
        return pwd.getpwnam(self._run_as).pw_gid

    def _initdb(self) -> None:
        assert self._bin is not None and self._data_dir is not None
        argv = [
            str(self._bin / "initdb"),
            "-D",
            str(self._data_dir),
            "-U",
            self.user,
            "--auth=trust",
            "-E",
            "UTF8",
            *_locale_args(),
            "--no-sync",  # nothing here needs to survive a crash
        ]
        result = self._run(argv)
        if result.returncode != 0:
            output = result.stderr or result.stdout
            raise RuntimeError(f"initdb failed (exit {result.returncode}): {_tail(output)}")

    def _start_server(self) -> None:
        assert self._bin is not None and self._data_dir is not None
        assert self._socket_dir is not None and self._log_file is not None
        for _attempt in range(3):
            port = _free_port()
            options = f"-p {port} -k {shlex.quote(str(self._socket_dir))} {_SERVER_OPTIONS}"
            log_offset = self._log_file.stat().st_size
            result = self._run(
                [
                    str(self._bin / "pg_ctl"),
                    "start",
                    "-w",
                    "-t",
                    "60",
                    "-D",
                    str(self._data_dir),
                    "-l",
                    str(self._log_file),
                    "-o",
                    options,
                ]
            )
            if result.returncode == 0:
                self._port = port
                return
            with self._log_file.open(errors="replace") as log:
                log.seek(log_offset)
                log_text = log.read()
            if "could not bind" in log_text or "already in use" in log_text:
                continue  # Someone grabbed the port between probe and bind; pick another.
            detail = _tail(log_text or result.stderr or result.stdout)
            raise RuntimeError(f"PostgreSQL server failed to start: {detail}")
        raise RuntimeError("PostgreSQL server failed to start: no free port after 3 attempts")

    def _run(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        """Run a PostgreSQL tool, as the server user when we are root."""
        if self._run_as is not None:
            if shutil.which("runuser") is not None:
                argv = ["runuser", "-u", self._run_as, "--", *argv]
            else:
                argv = ["su", self._run_as, "-s", "/bin/sh", "-c", shlex.join(argv)]
        # PG* variables (PGDATA, PGPORT, ...) from the developer's shell must not leak in.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        try:
            return subprocess.run(
                argv,
                # The server user may not be able to enter our cwd; initdb fails if so.
                cwd=self._work_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise RuntimeError(
                f"{Path(argv[0]).name} timed out after {_TIMEOUT_S}s: {shlex.join(argv)}"
            ) from None
