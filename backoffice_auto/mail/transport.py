"""Handing one finished `.eml` to the SMTP server through yagmail.

yagmail does the connection, STARTTLS/SSL and login; we give it the bytes we rendered
(so the Message-ID and body in the spool are exactly what is sent). Two yagmail habits
are fenced off here: it asks for a password on the terminal when it has none (we log in
only with a password we already have, else skip the login), and it returns False instead
of raising when the server keeps disconnecting (we turn that into a `SendError`).

Errors are classified for the sender loop: `ServerUnavailable` (cannot connect or log
in: every message waits, none loses a try), `SendError(permanent=True)` (a 5xx reply:
retrying cannot help) and `SendError(permanent=False)` (try again later).
"""

from __future__ import annotations

import smtplib
from typing import Any

from backoffice_auto.mail.smtpconfig import SmtpConfig


class ServerUnavailable(Exception):
    """Connecting or logging in failed; no message was handed over."""


class SendError(Exception):
    """This message was not accepted; `reconnect` says the session is no longer usable."""

    def __init__(self, message: str, permanent: bool = False, reconnect: bool = False):
        super().__init__(message)
        self.permanent = permanent
        self.reconnect = reconnect


def _client_class():
    """yagmail's client, logging in as the SMTP user but sending from the message's sender.

    yagmail uses one `user` for both (and appends @gmail.com to a user without '@').
    Imported on first use: yagmail is slow to import and most commands never send.
    """
    import yagmail

    class _Client(yagmail.SMTP):
        def __init__(self, login_user: str | None, envelope_from: str, **kwargs: Any):
            super().__init__(user=envelope_from, soft_email_validation=False, **kwargs)
            self.login_user = login_user
            self.user = envelope_from

        def _login(self, password: Any) -> None:
            envelope_from = self.user
            if self.login_user:
                self.user = self.login_user
            try:
                super()._login(password)
            finally:
                self.user = envelope_from

    return _Client


def _code_permanent(code: Any) -> bool:
    return isinstance(code, int) and 500 <= code < 600


class YagmailTransport:
    """One SMTP session: `open()`, `send()` any number of messages, `close()`."""

    def __init__(self, config: SmtpConfig, timeout: float = 30.0):
        self.config = config
        self.timeout = timeout
        self.client: Any = None

    def open(self) -> None:
        cfg = self.config
        login = bool(cfg.user and cfg.password)
        self.client = _client_class()(
            cfg.user if login else None, cfg.sender,
            password=cfg.password if login else "", host=cfg.host, port=cfg.port,
            smtp_ssl=cfg.security == "ssl", smtp_starttls=cfg.security == "starttls",
            smtp_skip_login=not login, timeout=self.timeout)
        self.client.set_logging(None)
        try:
            self.client.login()
        except (OSError, smtplib.SMTPException) as exc:  # refused, timeout, TLS, auth
            self.close()
            raise ServerUnavailable(f"{cfg.describe()}: {type(exc).__name__}: {exc}") from exc

    def send(self, envelope_from: str, recipient: str, data: bytes) -> None:
        if self.client is None:
            raise ServerUnavailable("not connected")
        self.client.user = envelope_from
        try:
            result = self.client._attempt_send([recipient], data)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [c for c, _ in exc.recipients.values()]
            raise SendError(f"recipient refused: {exc.recipients}",
                            permanent=all(_code_permanent(c) for c in codes)) from exc
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            raise SendError(f"{type(exc).__name__}: {exc.smtp_code} {exc.smtp_error!r}",
                            permanent=_code_permanent(exc.smtp_code)) from exc
        except smtplib.SMTPServerDisconnected as exc:
            raise ServerUnavailable(f"disconnected: {exc}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise ServerUnavailable(f"{type(exc).__name__}: {exc}") from exc
        if result is False:
            # yagmail gave up after its own reconnects: a failed try for this message
            raise SendError("yagmail returned False (the server kept disconnecting)", reconnect=True)
        if result:
            raise SendError(f"recipient refused: {result}", permanent=False)

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.close()
            except Exception:
                pass
            self.client.unsent.clear()
            self.client = None
