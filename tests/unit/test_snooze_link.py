"""Snooze links: a token made with the secret round-trips; any change to it is refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goodwill.domain.errors import BadInput
from goodwill.domain.snooze_link import SnoozeLink, sign, verify

SECRET = "s3cret-of-this-database"
links = st.builds(
    SnoozeLink,
    person_id=st.integers(min_value=1, max_value=10**12),
    span_days=st.integers(min_value=1, max_value=36_600),
    valid_until=st.dates(min_value=date(1900, 1, 8), max_value=date(2200, 12, 31)),
)


@given(links, st.integers(min_value=0, max_value=30))
def test_a_signed_link_verifies_until_it_expires(link: SnoozeLink, days_before: int) -> None:
    token = sign(SECRET, link)
    assert "/" not in token and "=" not in token and "?" not in token
    on = link.valid_until - timedelta(days=days_before)
    assert verify(SECRET, token, on) == link
    if link.valid_until < date(2200, 12, 31):
        with pytest.raises(BadInput, match="expired"):
            verify(SECRET, token, link.valid_until + timedelta(days=1))


@given(links, st.data())
def test_any_change_to_a_token_is_refused(link: SnoozeLink, data: st.DataObject) -> None:
    token = sign(SECRET, link)
    position = data.draw(st.integers(min_value=0, max_value=len(token) - 1))
    replacement = data.draw(st.sampled_from("0123456789.abcXYZ-_"))
    changed = token[:position] + replacement + token[position + 1 :]
    if changed != token:
        with pytest.raises(BadInput, match=r"^this snooze link is not valid"):
            verify(SECRET, changed, link.valid_until)


@given(links)
def test_another_secret_makes_another_token(link: SnoozeLink) -> None:
    with pytest.raises(BadInput, match=r"^this snooze link is not valid"):
        verify("another database", sign(SECRET, link), link.valid_until)


def test_only_the_token_as_signed_is_accepted() -> None:
    token = sign(SECRET, SnoozeLink(7, 14, date(2026, 12, 1)))
    assert token.startswith("7.14.20261201.")
    for variant in ("0" + token, token + " ", " " + token, token.replace(".14.", ".014.")):
        with pytest.raises(BadInput, match=r"^this snooze link is not valid"):
            verify(SECRET, variant, date(2026, 11, 24))
