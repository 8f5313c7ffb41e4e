"""A refused form without JavaScript: the page it was sent from again, with the message
beside the field it concerns and what was typed still in the form, as the page's script
shows a refusal with htmx (static/app.js).

The page is the one the browser says the form came from (its same-origin Referer), rendered
again in process with the same cookies; its form (the one posting to the refused address)
then gets the message after the field's label, the field marked invalid and described by
it, and the values sent. A refusal about no field of the form goes into the form's error
region. Without such a page (no Referer, or the page not there) the caller shows its
one-line error page instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from urllib.parse import quote, unquote, urlsplit

from starlette.requests import Request
from starlette.types import Message

#: Where `poster` keeps a form post's text fields, for a refusal to put back.
SENT_KEY = "goodwill.sent_form"
#: Headers the page's own GET does without: it has no body, and it is no htmx request.
_DROPPED = frozenset({b"content-type", b"content-length", b"hx-request", b"hx-target"})
#: The id of the message beside its field, as the page's script names them.
ERROR_ID = "field-error-0"
_TEXT_INPUTS_SKIPPED = frozenset({"hidden", "file", "checkbox", "radio", "submit", "button"})


def keep_sent(request: Request, items: Iterable[tuple[str, object]]) -> None:
    """Keep a post's text fields on the request, for `page_with_refusal`."""
    request.scope[SENT_KEY] = [(name, value) for name, value in items if isinstance(value, str)]


def sent_values(request: Request) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for name, value in request.scope.get(SENT_KEY, ()):
        values.setdefault(name, []).append(value)
    return values


def source_page(request: Request) -> str | None:
    """The path and query of the page a form was sent from, when the browser says so and it
    is a page of this site other than the address posted to."""
    referer = request.headers.get("referer")
    if not referer:
        return None
    parts = urlsplit(referer)
    if parts.netloc.lower() != request.headers.get("host", "").lower():
        return None
    if not parts.path.startswith("/") or parts.path == request.url.path:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def render_source(request: Request, target: str) -> str | None:
    """The page at `target` as the app renders it for this request's browser (its cookies),
    or None when it is not an HTML page that rendered."""
    path, _, query = target.partition("?")
    scope = {
        key: value
        for key, value in request.scope.items()
        if key in ("type", "asgi", "http_version", "server", "client", "scheme", "root_path")
    }
    scope.update(
        method="GET",
        path=unquote(path),
        raw_path=quote(unquote(path)).encode(),
        query_string=query.encode(),
        headers=[(k, v) for k, v in request.scope["headers"] if k not in _DROPPED],
        state=dict(request.scope.get("state", {})),
    )
    status = 0
    html = True
    chunks: list[bytes] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status, html
        if message["type"] == "http.response.start":
            status = message["status"]
            kinds = [v for k, v in message.get("headers", ()) if k.lower() == b"content-type"]
            html = bool(kinds) and kinds[0].startswith(b"text/html")
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await request.app(scope, receive, send)
    return b"".join(chunks).decode() if status == 200 and html else None


@dataclass
class _Edit:
    start: int
    end: int
    text: str


@dataclass
class _FormReader(HTMLParser):
    """Finds, in one form, where the message goes and what to change to show what was sent."""

    action: str
    field_name: str | None
    sent: Mapping[str, Sequence[str]]
    message: str
    edits: list[_Edit] = field(default_factory=list)
    found: bool = False
    _lines: list[int] = field(default_factory=list)
    _depth: int = 0  # inside the target form: its nesting of forms (0: outside)
    _labels: int = 0
    _error_at: int | None = None  # after the field's label closes
    _region_at: int | None = None
    _form_open_end: int = 0
    _select: str | None = None
    _textarea: tuple[str, int] | None = None
    #: The form was read to its end.
    done: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def read(self, html: str) -> None:
        self._lines = [0]
        for line in html.splitlines(keepends=True):
            self._lines.append(self._lines[-1] + len(line))
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        text = self.get_starttag_text() or ""
        end = start + len(text)
        named = dict(attrs)
        if tag == "form" and not self.done:
            if self._depth:
                self._depth += 1
            elif urlsplit(named.get("action") or "").path == self.action:
                self._depth, self._form_open_end = 1, end
            return
        if not self._depth:
            return
        if tag == "label":
            self._labels += 1
        elif tag == "div" and "data-errors" in named and self._region_at is None:
            self._region_at = end
        elif tag in ("input", "select", "textarea"):
            self._field(tag, named, attrs, start, end)
        elif tag == "option" and self._select is not None and self._select in self.sent:
            chosen = (named.get("value") or "") in self.sent[self._select]
            kept = [(k, v) for k, v in attrs if k != "selected"]
            self._retag(tag, kept + ([("selected", None)] if chosen else []), start, end)

    def _field(
        self,
        tag: str,
        named: Mapping[str, str | None],
        attrs: list[tuple[str, str | None]],
        start: int,
        end: int,
    ) -> None:
        name = named.get("name") or ""
        kind = (named.get("type") or "text").lower()
        if tag == "select":
            self._select = name
        if tag == "textarea" and name in self.sent:
            self._textarea = (name, end)
        changed = list(attrs)
        if tag == "input" and kind == "checkbox" and name in self.sent:
            changed = [(k, v) for k, v in changed if k != "checked"]
            if (named.get("value") or "on") in self.sent[name]:
                changed.append(("checked", None))
        elif tag == "input" and kind not in _TEXT_INPUTS_SKIPPED and name in self.sent:
            changed = [(k, v) for k, v in changed if k != "value"]
            changed.append(("value", self.sent[name][0]))
        if name == self.field_name and kind != "hidden" and not self.found:
            self.found = True
            changed = [(k, v) for k, v in changed if k not in ("aria-invalid", "aria-describedby")]
            changed += [("aria-invalid", "true"), ("aria-describedby", ERROR_ID)]
            if not self._labels:
                self._error_at = end
        if changed != attrs:
            self._retag(tag, changed, start, end)

    def handle_endtag(self, tag: str) -> None:
        if not self._depth:
            return
        start = self._offset()
        if tag == "form":
            self._depth -= 1
            if not self._depth:
                self._finish()
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            name, opened = self._textarea
            self.edits.append(_Edit(opened, start, escape(self.sent[name][0], quote=False)))
            self._textarea = None
        elif tag == "label":
            self._labels -= 1
            if self.found and self._error_at is None and not self._labels:
                self._error_at = start + len("</label>")

    def _retag(self, tag: str, attrs: list[tuple[str, str | None]], start: int, end: int) -> None:
        parts = "".join(f" {k}" if v is None else f' {k}="{escape(v)}"' for k, v in attrs)
        self.edits.append(_Edit(start, end, f"<{tag}{parts}>"))

    def _finish(self) -> None:
        self.done = True
        if self.found and self._error_at is not None:
            self.edits.append(_Edit(self._error_at, self._error_at, self._paragraph(True)))
        else:
            at = self._region_at if self._region_at is not None else self._form_open_end
            self.edits.append(_Edit(at, at, self._paragraph(False)))

    def _paragraph(self, beside: bool) -> str:
        mark = (
            f' class="error field-error" id="{ERROR_ID}" data-field="{escape(self.field_name or "")}"'
            if beside
            else ' class="error"'
        )
        return f'<p{mark} role="alert">{escape(self.message)}</p>'


def place_refusal(
    html: str,
    action: str,
    field_name: str | None,
    message: str,
    sent: Mapping[str, Sequence[str]],
) -> str | None:
    """`html` with the refusal shown in its form posting to `action`; None without one."""
    reader = _FormReader(action, field_name, sent, message)
    reader.read(html)
    if not reader.done:
        return None
    for edit in sorted(reader.edits, key=lambda e: (e.start, e.end), reverse=True):
        html = html[: edit.start] + edit.text + html[edit.end :]
    return html


async def page_with_refusal(request: Request, field_name: str | None, message: str) -> str | None:
    """The page a refused form was posted from, showing the refusal as the script would;
    None when there is no such page to show."""
    target = source_page(request)
    if request.method != "POST" or target is None:
        return None
    html = await render_source(request, target)
    if html is None:
        return None
    return place_refusal(html, request.url.path, field_name, message, sent_values(request))
