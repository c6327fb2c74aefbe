"""Sending mail: the one module that talks SMTP (the adapter for password reset emails).

Configured by one setting, SMTP_URL:

    smtp://user:password@host:587      STARTTLS (the usual submission port)
    smtps://user:password@host:465     TLS from the first byte
    smtp://host:25?tls=off             plain, for a relay on the same machine or a test sink

Unset, the app sends no mail and operators reset passwords with `flask users reset-password`.
Messages go out on a short-lived thread after the response is decided, so an address that has
an account and one that has not take the same time to answer (and a slow mail server never
holds a request). A failure is logged without the message body, which holds a reset link.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    username: str | None
    password: str | None


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def parse_smtp_url(url: str) -> SmtpSettings:
    """Read SMTP_URL; a ValueError names what is wrong (at start-up, not at first send)."""
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ValueError("SMTP_URL must look like smtp://user:password@host:587 or smtps://...")
    implicit = parts.scheme == "smtps"
    tls = parse_qs(parts.query).get("tls", ["on"])[0].lower()
    return SmtpSettings(
        host=parts.hostname,
        port=parts.port or (465 if implicit else 587),
        implicit_tls=implicit,
        starttls=not implicit and tls not in {"off", "0", "false", "no"},
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def send(settings: SmtpSettings, sender: str, mail: Mail, timeout: float = 15) -> None:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.implicit_tls:
        smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
    with smtp:
        if settings.starttls:
            smtp.starttls(context=context)
        if settings.username is not None:
            smtp.login(settings.username, settings.password or "")
        smtp.send_message(message)


def send_in_background(settings: SmtpSettings, sender: str, mail: Mail) -> threading.Thread:
    """Send on a thread of its own; the caller answers at once either way."""

    def run() -> None:
        try:
            send(settings, sender, mail)
        except (OSError, smtplib.SMTPException) as error:
            # The class of error only: never the body (it holds a reset link) or the address.
            log.warning("could not send mail via %s: %s", settings.host, type(error).__name__)

    thread = threading.Thread(target=run, name="smallwins-mail", daemon=True)
    thread.start()
    return thread
