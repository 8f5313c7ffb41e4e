"""Which changes of company or title are news worth a congratulation."""

from __future__ import annotations

import pytest

from goodwill.domain.occasions import is_new_role


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (("Acme", "Analyst"), ("Stripe", "Analyst")),
        (("Acme", "Analyst"), ("Acme", "Head of Data")),
        (("Acme", None), ("Stripe", "Engineer")),
        ((None, "Analyst"), ("Stripe", "Head of Data")),
    ],
)
def test_another_company_or_title_is_news(
    before: tuple[str | None, str | None], after: tuple[str | None, str | None]
) -> None:
    assert is_new_role(*before, *after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (("Acme", None), ("Acme", "Engineer")),  # a second source fills in the title
        ((None, "Analyst"), ("Acme", "Analyst")),  # ... or the company
        ((None, None), ("Stripe", "Head of Data")),  # nothing was known
        (("Acme", "Analyst"), (None, None)),  # a source that says nothing
        (("Acme Inc.", "data  analyst"), ("ACME", "Data Analyst")),  # case, spacing, suffix
    ],
)
def test_filling_in_or_restating_a_role_is_not_news(
    before: tuple[str | None, str | None], after: tuple[str | None, str | None]
) -> None:
    assert not is_new_role(*before, *after)
