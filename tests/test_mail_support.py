"""Helpers for the mail and watcher tests: a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import asyncio
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
    """aiosmtpd handler that keeps every accepted message, and misbehaves on request.

    `mail_reply` answers MAIL FROM (e.g. "530 5.7.0 Authentication required");
    `rcpt_replies` answers RCPT per address (e.g. "550 ...", "450 ..."); `drop_at_rcpt`
    closes the line at RCPT (before any data); `after_data` is what happens once the
    whole message is in: None answers "250", "drop" keeps it and closes the line without
    a reply, a number keeps it and answers "250" that many seconds later; `data_reply`
    refuses it with that reply instead.
    """

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.refuse: set[str] = set()
        self.tempfail: set[str] = set()
        self.mail_reply: str | None = None
        self.rcpt_replies: dict[str, str] = {}
        self.drop_at_rcpt = False
        self.after_data: str | float | None = None
        self.data_reply: str | None = None  # answer the end of the data with this, keeping nothing

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.mail_reply:
            return self.mail_reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.drop_at_rcpt:
            server.transport.close()
            return "250 OK"
        if address in self.rcpt_replies:
            return self.rcpt_replies[address]
        if address in self.refuse:
            return "550 no such user"
        if address in self.tempfail:
            return "451 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                                  message_from_bytes(envelope.original_content or envelope.content)))
        if self.after_data == "drop":
            server.transport.close()
        elif self.after_data:
            await asyncio.sleep(float(self.after_data))
        return "250 Message accepted"

    def ids(self) -> list[str]:
        with self.lock:
            return [m["Message-ID"] for _, _, m in self.messages]


def refuse_every_login(server, session, envelope, mechanism, auth_data):
    """aiosmtpd authenticator: every login is refused (535)."""
    from aiosmtpd.smtp import AuthResult

    return AuthResult(success=False, handled=False)


class SmtpServer:
    def __init__(self, port: int | None = None, authenticator=None):
        self.port = port or free_port()
        self.inbox = Inbox()
        self.controller = None
        self.authenticator = authenticator

    def start(self) -> "SmtpServer":
        extra = {"authenticator": self.authenticator, "auth_require_tls": False} if self.authenticator else {}
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **extra)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def env(self) -> dict[str, str]:
        return {"BACKOFFICE_SMTP_HOST": "127.0.0.1", "BACKOFFICE_SMTP_PORT": str(self.port),
                "BACKOFFICE_SMTP_SECURITY": "none"}


def rules(language: str = "en", host: str | None = None, port: int = 25, smtp: dict | None = None,
          **mail) -> SimpleNamespace:
    """Rules for a sender test; `smtp` adds settings.yaml `smtp` keys (e.g. short timeouts)."""
    mail.setdefault("roles", {"admin": ["admin@example.com"], "sales_manager": ["sales@example.com", "boss@example.com"]})
    mail.setdefault("notices", {"orders": "role:sales_manager", "default": "role:admin"})
    mail.setdefault("retry", {"attempts": 3, "first_delay_seconds": 0.05, "max_delay_seconds": 0.2})
    smtp = {"host": host, "port": port, "security": "none", "from": "robot@example.com", **(smtp or {})}
    return SimpleNamespace(settings=Settings.model_validate({"language": language, "smtp": smtp}),
                           mail=MailRules.model_validate(mail))
