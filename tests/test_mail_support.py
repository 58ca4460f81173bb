"""Helpers for the mail and watcher tests: a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes
from types import SimpleNamespace

from aiosmtpd.controller import Controller

from backoffice_auto.mail.rules_model import MailRules
from backoffice_auto.rules.settings_model import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """aiosmtpd handler that keeps every accepted message."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.refuse: set[str] = set()
        self.tempfail: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 no such user"
        if address in self.tempfail:
            return "451 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                                  message_from_bytes(envelope.original_content or envelope.content)))
        return "250 Message accepted"

    def ids(self) -> list[str]:
        with self.lock:
            return [m["Message-ID"] for _, _, m in self.messages]


class SmtpServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.inbox = Inbox()
        self.controller = None

    def start(self) -> "SmtpServer":
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def env(self) -> dict[str, str]:
        return {"BACKOFFICE_SMTP_HOST": "127.0.0.1", "BACKOFFICE_SMTP_PORT": str(self.port),
                "BACKOFFICE_SMTP_SECURITY": "none"}


def rules(language: str = "en", host: str | None = None, port: int = 25, **mail) -> SimpleNamespace:
    mail.setdefault("roles", {"admin": ["admin@example.com"], "sales_manager": ["sales@example.com", "boss@example.com"]})
    mail.setdefault("notices", {"orders": "role:sales_manager", "default": "role:admin"})
    mail.setdefault("retry", {"attempts": 3, "first_delay_seconds": 0.05, "max_delay_seconds": 0.2})
    smtp = {"host": host, "port": port, "security": "none", "from": "robot@example.com"}
    return SimpleNamespace(settings=Settings.model_validate({"language": language, "smtp": smtp}),
                           mail=MailRules.model_validate(mail))
