"""Whether the tests run in CI, where a missing PostgreSQL, Chromium or tool fails, not skips."""

from __future__ import annotations

import os

#: Values of CI that mean "not CI"; CI services set `true`, `1` or a name.
_FALSE = {"", "0", "false", "no", "off"}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in _FALSE
