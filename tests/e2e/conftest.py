"""The CLI as a user runs it, in-process: a private environment, exit codes checked."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from cli_runner import Goodwill


@pytest.fixture
def cli(env: dict[str, str]) -> Callable[..., Goodwill]:
    """A factory of CLI runners over the test's environment, plus any extra variables."""

    def make(**extra: str) -> Goodwill:
        return Goodwill({**env, **extra})

    return make
