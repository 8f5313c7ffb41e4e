"""A web app over a fresh database (SQLite and PostgreSQL), driven through an HTTP client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from websupport import Site, make_site

from goodwill.services.context import Context


@pytest.fixture
def site(app: Context) -> Iterator[Site]:
    made = make_site(app)
    with made.client:
        yield made
