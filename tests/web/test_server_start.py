"""The server loads what the store defers before any worker thread can race to load it."""

from __future__ import annotations

import subprocess
import sys


def test_the_server_module_loads_sqlalchemy_and_the_tables_whole() -> None:
    """Python 3.11's lazy modules are not safe for two threads' first touch at once
    (`goodwill.store.lazy_modules`): the server must not leave them lazy."""
    code = (
        "import sys, goodwill.web.server\n"
        "print([type(sys.modules[m]).__name__ for m in ('sqlalchemy', 'goodwill.store.tables')])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['module', 'module']"
