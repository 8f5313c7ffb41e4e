"""The daily digest as an email: a plain-text part, readable alone, and an HTML alternative.

Everything in a digest that came from a contact file (names, companies, notes inside
drafts) is data: the HTML template escapes it all (Jinja2 autoescape), so a name such as
`<img src=x onerror=alert(1)>` reads as text in every mail client. The subject holds only
counts, so no contact's text ever reaches a header.
"""

from __future__ import annotations

from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "digest"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def subject(digest: dict[str, Any]) -> str:
    """For example "goodwill: 2 people to reach today, 5 overdue"."""
    picks = len(digest["picks"])
    parts = [
        f"{_count(picks, 'person', 'people')} to reach today" if picks else "nobody to reach today"
    ]
    if digest["overdue"]["total"]:
        parts.append(f"{digest['overdue']['total']} overdue")
    if digest["follow_ups"]:
        parts.append(_count(len(digest["follow_ups"]), "follow-up", "follow-ups") + " due")
    return "goodwill: " + ", ".join(parts)


def _values(digest: dict[str, Any]) -> dict[str, Any]:
    day = date.fromisoformat(digest["date"])
    span = digest["snooze_days"]
    weeks, rest = divmod(span, 7)
    return {
        **digest,
        "subject": subject(digest),
        "long_date": f"{day:%A} {day.day} {day:%B %Y}",
        "snooze_label": _count(weeks, "week", "weeks") if not rest else _count(span, "day", "days"),
    }


def render_text(digest: dict[str, Any]) -> str:
    return _environment().get_template("digest.txt.j2").render(_values(digest))


def render_html(digest: dict[str, Any]) -> str:
    return _environment().get_template("digest.html.j2").render(_values(digest))


def build_message(digest: dict[str, Any], *, sender: str, to: str, now: datetime) -> EmailMessage:
    """The digest as a multipart/alternative message from `sender` to `to`, dated `now`.

    `now` must be timezone-aware. It is marked as machine-sent (RFC 3834), so vacation
    responders do not answer it.
    """
    message = EmailMessage()
    message["Subject"] = subject(digest)
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid("digest", domain=sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render_text(digest))
    message.add_alternative(render_html(digest), subtype="html")
    return message
