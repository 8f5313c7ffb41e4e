"""The page templates: Jinja2 with autoescaping on, so nothing a contact file carries can
become markup (a name like `<img src=x onerror=...>` shows as text)."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES_DIR = Path(__file__).with_name("templates")


def _signed(value: float | None) -> str:
    return "\N{EN DASH}" if value is None else f"{value:+.1f}"


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "svg"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["signed"] = _signed
    return environment


templates = Jinja2Templates(env=_environment())
