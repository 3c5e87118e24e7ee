"""Fixtures of the campaigns tests: a real SMTP server on loopback."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy

import pytest


class Captured:
    def __init__(self) -> None:
        self.messages: list[dict] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd hook
        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(
            {
                "rcpt": list(envelope.rcpt_tos),
                "to": str(msg["To"] or ""),
                "cc": str(msg["Cc"] or ""),
                "subject": str(msg["Subject"] or ""),
                "language": str(msg["Content-Language"] or ""),
                "message_id": str(msg["Message-ID"] or ""),
                "email": msg,
            }
        )
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """An aiosmtpd server on 127.0.0.1; Django's SMTP backend points at it."""
    from aiosmtpd.controller import Controller

    handler = Captured()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()
