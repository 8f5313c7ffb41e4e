"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the digest tests.

It can speak plain SMTP, STARTTLS or implicit TLS with a self-signed certificate made at test
time, and require a login; each message is kept with whether it came over TLS and who
logged in.
"""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from goodwill.config import SmtpSettings

USERNAME, PASSWORD = "digest-user", "correct horse battery staple"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    over_tls: bool
    login: str | None


@dataclass
class Sink:
    """The handler aiosmtpd calls: every message it accepts lands in `received`."""

    received: list[Received] = field(default_factory=list)
    logins: dict[int, str] = field(default_factory=dict)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(
            Received(
                mail_from=envelope.mail_from,
                rcpt_tos=list(envelope.rcpt_tos),
                message=message,
                # STARTTLS marks the session; implicit TLS shows on the transport.
                over_tls=session.ssl is not None
                or server.transport.get_extra_info("ssl_object") is not None,
                login=self.logins.get(id(session)),
            )
        )
        return "250 OK"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        good = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == USERNAME.encode()
            and auth_data.password == PASSWORD.encode()
        )
        if good:
            self.logins[id(session)] = USERNAME
        return AuthResult(success=good, handled=False)  # a refusal answers 535


@dataclass
class Server:
    host: str
    port: int
    sink: Sink

    @property
    def received(self) -> list[Received]:
        return self.sink.received


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key, made with `openssl req`."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def server_tls(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


@contextmanager
def running(
    *,
    starttls: ssl.SSLContext | None = None,
    implicit_tls: ssl.SSLContext | None = None,
    require_login: bool = False,
) -> Iterator[Server]:
    """An SMTP server on 127.0.0.1 for the block; STARTTLS is then required, as is a login
    (only over TLS) with `require_login`."""
    sink = Sink()
    options: dict[str, Any] = {}
    if starttls is not None:
        options.update(tls_context=starttls, require_starttls=True)
    if implicit_tls is not None:
        options.update(ssl_context=implicit_tls)
    if require_login:
        options.update(authenticator=sink.authenticate, auth_required=True)
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield Server("127.0.0.1", port, sink)
    finally:
        controller.stop()


def smtp_for(server: Server, **changes: object) -> SmtpSettings:
    """goodwill's settings for sending through `server`: plain SMTP, no login."""
    return smtp_at(server.host, server.port, **changes)


def smtp_at(host: str, port: int, **changes: object) -> SmtpSettings:
    settings = SmtpSettings(
        host=host,
        port=port,
        starttls=False,
        ssl=False,
        username=None,
        password=None,
        password_env=None,
        sender="goodwill@example.org",
        ca_file=None,
    )
    return replace(settings, **changes)  # type: ignore[arg-type]
