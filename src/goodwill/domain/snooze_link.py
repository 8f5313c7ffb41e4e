"""Signed snooze links: a digest email lets its reader snooze someone with one click.

A token is `PERSON_ID.SPAN_DAYS.VALID_UNTIL.SIGNATURE`: redeeming it snoozes the person
for SPAN_DAYS from the day it is redeemed, up to and including VALID_UNTIL. The signature is
an HMAC-SHA256 of the other parts under a secret kept in the database, so only whoever can
read that database can make a token, and changing any part of one invalidates it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import date

from goodwill.domain.errors import BadInput

INVALID = "this snooze link is not valid (it may have been cut short or changed)"


@dataclass(frozen=True, slots=True)
class SnoozeLink:
    person_id: int
    span_days: int
    valid_until: date


def _signature(secret: str, person_id: int, span_days: int, valid_until: date) -> str:
    message = f"snooze:{person_id}:{span_days}:{valid_until.isoformat()}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def sign(secret: str, link: SnoozeLink) -> str:
    """The token for `link`: safe in a URL path, no padding, no slashes."""
    parts = (link.person_id, link.span_days, link.valid_until.strftime("%Y%m%d"))
    signature = _signature(secret, link.person_id, link.span_days, link.valid_until)
    return ".".join(str(part) for part in parts) + "." + signature


def verify(secret: str, token: str, on: date) -> SnoozeLink:
    """The link `token` stands for, if it is exactly as signed and has not expired on `on`."""
    parts = token.split(".")
    if len(parts) != 4 or not all(p.isascii() and p.isdecimal() for p in parts[:3]):
        raise BadInput(INVALID)
    try:
        link = SnoozeLink(int(parts[0]), int(parts[1]), _compact_date(parts[2]))
    except ValueError:
        raise BadInput(INVALID) from None
    # The whole token is compared, so "01.14..." cannot pass for "1.14...".
    if not hmac.compare_digest(sign(secret, link).encode(), token.encode("utf-8", "replace")):
        raise BadInput(INVALID)
    if on > link.valid_until:
        raise BadInput(
            f"this snooze link expired on {link.valid_until.isoformat()}: "
            "use the link in a newer digest, or `goodwill snooze`"
        )
    return link


def _compact_date(text: str) -> date:
    if len(text) != 8:
        raise ValueError(text)
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))
