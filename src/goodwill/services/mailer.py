"""Handing a message to the user's mail server over SMTP: STARTTLS or implicit TLS, and login.

Whatever goes wrong on the way (no route, a refused login, a certificate that does not
verify, a recipient the server will not take) becomes one line that names the server.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from goodwill.config import SmtpSettings
from goodwill.domain.errors import GoodwillError

#: Seconds to wait for the server at each step; a mail server that hangs must not hang us.
TIMEOUT = 30


def _tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    """The system's trusted authorities, plus `ca_file` for a private server."""
    if settings.ca_file is not None and not settings.ca_file.is_file():
        raise GoodwillError(f"smtp.ca_file {settings.ca_file} does not exist")
    return ssl.create_default_context(
        cafile=None if settings.ca_file is None else str(settings.ca_file)
    )


def _password(settings: SmtpSettings) -> str:
    if settings.password is not None:
        return settings.password
    if settings.password_env is not None:
        raise GoodwillError(
            f"smtp.password_env names {settings.password_env}, which is not set: "
            "set it to the mail password"
        )
    raise GoodwillError("smtp.username is set but no password: set smtp.password_env")


def _reason(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(sorted(error.recipients))
        return f"the server refused the recipient {refused}"
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"{error.smtp_code} {message}"
    return str(error) or type(error).__name__


def deliver(settings: SmtpSettings, message: EmailMessage) -> None:
    """Send `message` to the recipients in its headers, or raise a one-line GoodwillError."""
    context = _tls_context(settings) if settings.ssl or settings.starttls else None
    password = _password(settings) if settings.username is not None else None
    try:
        if settings.ssl:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=TIMEOUT, context=context
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT)
        with client:
            if settings.starttls:
                client.starttls(context=context)
            if settings.username is not None and password is not None:
                client.login(settings.username, password)
            client.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        reason = " ".join(_reason(error).split())
        raise GoodwillError(
            f"cannot send the digest through {settings.address}: {reason}"
        ) from None
