"""Request bodies read only up to their route's limit, counted while they stream.

A declared Content-Length over the limit is refused before a byte is read; a body of unknown
length (chunked) is counted as the app reads it and cut at the limit: the client gets a 413
and the app is told the client has gone, so nothing past the limit is ever buffered.
"""

from __future__ import annotations

from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import Message, Receive, Scope, Send

#: The largest body of a form or a JSON call: the longest fields (limits.py) fit many times.
FORM_BODY_LIMIT = 1024 * 1024
#: The sign-in form: a user name, a password and a token.
LOGIN_BODY_LIMIT = 16 * 1024
#: Room for the form fields around an upload.
FORM_OVERHEAD = 1024 * 1024
UPLOAD_PATHS = ("/import", "/api/v1/import/")


def is_upload(path: str) -> bool:
    return path == UPLOAD_PATHS[0] or path.startswith(UPLOAD_PATHS[1])


def body_limit(path: str, upload_limit: int) -> int:
    """How many bytes a request to `path` may carry."""
    if is_upload(path):
        return upload_limit + FORM_OVERHEAD
    if path == "/login":
        return LOGIN_BODY_LIMIT
    return FORM_BODY_LIMIT


def too_large(path: str, limit: int) -> Response:
    megabytes = f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit // 1024} KB"
    message = f"the request body is larger than the {megabytes} this address takes"
    if is_upload(path):
        message = f"larger than the {(limit - FORM_OVERHEAD) // 2**20} MB upload limit"
    return refusal(path, message, 413)


def refusal(
    path: str, message: str, status: int, headers: dict[str, str] | None = None
) -> Response:
    """A one-line refusal, as JSON on the API and as text elsewhere."""
    if path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status, headers=headers)
    return PlainTextResponse(message, status_code=status, headers=headers)


def declared_refusal(scope: Scope, headers: dict[str, str], limit: int) -> Response | None:
    """A refusal from the headers alone: a declared length over the limit (413), or an
    upload without a length (411: its size is checked before it is read)."""
    path = scope["path"]
    length = headers.get("content-length")
    if length is None:
        if is_upload(path) and headers.get("transfer-encoding"):
            return refusal(path, "uploads need a Content-Length", 411)
        return None
    if not length.isdecimal() or int(length) > limit:
        return too_large(path, limit)
    return None


class LimitedBody:
    """The app's `receive` and `send`, counting the body as it is read.

    Past the limit it answers 413 itself (when the app has not answered yet), then hands
    the app an `http.disconnect` and drops whatever the app still tries to send.
    """

    def __init__(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        self.scope = scope
        self._receive = receive
        self._send = send
        self.limit = limit
        self.read = 0
        self.cut = False
        self._answered = False

    async def receive(self) -> Message:
        if self.cut:
            return {"type": "http.disconnect"}
        message = await self._receive()
        if message["type"] == "http.request":
            self.read += len(message.get("body", b""))
            if self.read > self.limit:
                self.cut = True
                if not self._answered:
                    self._answered = True
                    await too_large(self.scope["path"], self.limit)(
                        self.scope, self._receive, self._send
                    )
                return {"type": "http.disconnect"}
        return message

    async def send(self, message: Message) -> None:
        if self.cut:
            return  # the 413 was the answer
        if message["type"] == "http.response.start":
            self._answered = True
        await self._send(message)
