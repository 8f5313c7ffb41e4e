"""The page templates: Jinja2 with autoescaping on, so nothing a contact file carries can
become markup (a name like `<img src=x onerror=...>` shows as text)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from goodwill.domain.credit import shown_against
from goodwill.domain.dates import birthday_text
from goodwill.domain.health import rate_in_words
from goodwill.services.imports import skips_together

TEMPLATES_DIR = Path(__file__).with_name("templates")
#: The only schemes a profile link may open; anything else (javascript:, data:...) is text.
WEB_SCHEMES = ("http", "https")


def _signed(value: float | None) -> str:
    return "\N{EN DASH}" if value is None else f"{value:+.1f}"


def web_link(url: str) -> str | None:
    """The link itself when it is a web address a browser may open, else None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc:
        return None
    return url.strip()


def tel_link(phone: str) -> str:
    """A `tel:` address: the digits and a leading plus, nothing else."""
    kept = "".join(c for c in phone if c.isdigit())
    return f"tel:{'+' if phone.strip().startswith('+') else ''}{kept}"


def mailto(address: str, subject: str = "", body: str = "") -> str:
    """A `mailto:` address with its subject and body, every part percent-encoded (RFC 6068)."""
    query = []
    if subject:
        query.append(f"subject={quote(subject, safe='')}")
    if body:
        query.append(f"body={quote(body.replace(chr(10), chr(13) + chr(10)), safe='')}")
    return f"mailto:{quote(address, safe='@')}" + (f"?{'&'.join(query)}" if query else "")


#: Characters a line of a draft's box holds on a phone: wrapped lines need rows too, or
#: the sign-off falls below the box.
_DRAFT_LINE = 40


def draft_rows(text: str, most: int = 16) -> int:
    """Rows for a read-only draft box: every line as it wraps, at most `most`."""
    rows = sum(max(1, -(-len(line) // _DRAFT_LINE)) for line in text.splitlines())
    return min(max(rows, 2), most)


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "svg"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        # The pages' templates ship with the package: no file-time check on every render.
        auto_reload=False,
    )
    environment.globals["shown_against"] = shown_against
    environment.filters["signed"] = _signed
    environment.filters["web_link"] = web_link
    environment.filters["tel"] = tel_link
    environment.filters["draft_rows"] = draft_rows
    environment.filters["rate"] = rate_in_words
    environment.filters["together"] = skips_together
    environment.filters["birthday"] = birthday_text
    environment.globals["mailto"] = mailto
    return environment


templates = Jinja2Templates(env=_environment())
