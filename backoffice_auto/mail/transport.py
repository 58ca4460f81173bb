"""Handing one finished `.eml` to the SMTP server: one attempt, no hidden retries.

Written on the standard library's `smtplib` low-level commands (EHLO, STARTTLS, AUTH,
MAIL, RCPT, DATA) rather than a convenience wrapper, because exactly-once delivery
depends on knowing *where* a session broke. A wrapper that reconnects and sends again
after a timeout turned one slow "250" into three copies (issue 12, item 4). Here every
call is one attempt and every failure is sorted into what it means for the message:

* `ServerUnavailable`: a server-wide problem (connection refused, TLS failure, the
  greeting or login refused, 421 "closing", 530 "authentication required", the sender
  address refused). No message was handed over; every message waits, none loses a try.
* `SendError(permanent=True)`: this message was refused for good (a 5xx reply to a
  recipient or to the end of the data). `permanent=False`: refused for now (4xx), or the
  line broke *before* the end of the data, so the server cannot have kept it (RFC 5321
  4.1.1.4: an incomplete message is discarded); `reconnect` says the session is gone.
* `OutcomeUnknown`: the whole message including the final "." went out and then no
  reply came (timeout or disconnect). The server may have it (RFC 1047): the caller must
  not resend it silently.

Timeouts follow RFC 5321 4.5.3.2: `connect_timeout` covers the TCP connection, TLS, the
greeting, EHLO and login; `command_timeout` each of MAIL, RCPT, DATA and the sending of
the data; `data_timeout` the wait for the reply to the final "." (RFC: 10 minutes,
because the server may be scanning or delivering the message while we wait).

Each is a deadline for the whole step, not only for each read: a server that trickles its
reply a byte a second (a tarpit, a broken proxy) never let a socket timeout fire, so one
reply could hold the sender for hours and every later message with it. `_within` cuts the
connection when the step's time is up, and the step ends as a timeout does.
"""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

from backoffice_auto.mail.smtpconfig import SmtpConfig


class ServerUnavailable(Exception):
    """Connecting, logging in or starting a transaction failed server-wide; nothing was handed over."""


class SendError(Exception):
    """This message was not accepted; `reconnect` says the session is no longer usable."""

    def __init__(self, message: str, permanent: bool = False, reconnect: bool = False):
        super().__init__(message)
        self.permanent = permanent
        self.reconnect = reconnect


class OutcomeUnknown(Exception):
    """The end of the data was sent and no reply came: the server may have the message."""


_EOL = re.compile(rb"\r\n|\r|\n")
_LEADING_DOT = re.compile(rb"^\.", re.M)


def wire_data(data: bytes) -> bytes:
    """The DATA payload: CRLF line ends, leading dots doubled, ending in CRLF "." CRLF."""
    body = _LEADING_DOT.sub(b"..", _EOL.sub(b"\r\n", data))
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    return body + b".\r\n"


QUIT_TIMEOUT = 5.0


def _hello(client: smtplib.SMTP, where: str) -> None:
    code, text = client.ehlo()
    if code != 250:
        code, text = client.helo()
        if code != 250:
            raise ServerUnavailable(f"{where}: the server refused the greeting: {_reply_text(code, text)}")


def _reply_text(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(text.split())}".strip()


def _server_wide(code: int) -> bool:
    """421: the server is closing the session; 530: it wants a login we did not give."""
    return code in (421, 530)


class SmtpTransport:
    """One SMTP session: `open()`, `send()` any number of messages, `close()`."""

    def __init__(self, config: SmtpConfig):
        self.config = config
        self.client: smtplib.SMTP | None = None

    # --- the session ------------------------------------------------------------------
    def _timeout(self, seconds: float) -> None:
        sock = getattr(self.client, "sock", None)
        if sock is not None:
            sock.settimeout(seconds)

    @contextmanager
    def _within(self, seconds: float) -> Iterator[None]:
        """The step inside ends within `seconds` however slowly the server answers: then its
        connection is cut and the step fails as a timeout (`TimeoutError`, "timed out")."""
        fired = threading.Event()

        def cut() -> None:
            fired.set()
            sock = getattr(self.client, "sock", None)
            if sock is not None:
                try:  # the plain socket's shutdown: a blocked TLS read then ends too
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                except OSError:
                    pass

        timer = threading.Timer(seconds, cut)
        timer.daemon = True
        timer.start()
        try:
            yield
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            if fired.is_set():
                raise TimeoutError(f"timed out: no whole answer within {seconds:g} s") from exc
            raise
        finally:
            timer.cancel()

    def open(self) -> None:
        cfg = self.config
        where = cfg.describe()
        try:
            with self._within(cfg.connect_timeout):
                if cfg.security == "ssl":
                    client: smtplib.SMTP = smtplib.SMTP_SSL(timeout=cfg.connect_timeout,
                                                            context=ssl.create_default_context())
                else:
                    client = smtplib.SMTP(timeout=cfg.connect_timeout)
                self.client = client
                code, text = client.connect(cfg.host or "", cfg.port)
                if code != 220:
                    raise ServerUnavailable(f"{where}: the server refused the session: {_reply_text(code, text)}")
                _hello(client, where)
                if cfg.security == "starttls":
                    client.starttls(context=ssl.create_default_context())
                    _hello(client, where)
                if cfg.user and cfg.password:
                    client.login(cfg.user, cfg.password)
        except ServerUnavailable:
            self.close()
            raise
        except smtplib.SMTPAuthenticationError as exc:
            self.close()
            raise ServerUnavailable(f"{where}: the server refused the login: "
                                    f"{_reply_text(exc.smtp_code, exc.smtp_error)}") from exc
        except smtplib.SMTPResponseException as exc:
            self.close()
            raise ServerUnavailable(f"{where}: the server refused the session: "
                                    f"{_reply_text(exc.smtp_code, exc.smtp_error)}") from exc
        except (TimeoutError, smtplib.SMTPServerDisconnected) as exc:
            self.close()
            if isinstance(exc, TimeoutError) or "timed out" in str(exc):
                raise ServerUnavailable(f"{where}: no answer within {cfg.connect_timeout:g} s") from exc
            raise ServerUnavailable(f"{where}: the server closed the connection ({exc})") from exc
        except ssl.SSLError as exc:
            self.close()
            raise ServerUnavailable(f"{where}: the TLS handshake failed: {exc}") from exc
        except ConnectionRefusedError as exc:
            self.close()
            raise ServerUnavailable(f"{where}: the connection was refused (nothing listens on that port)") from exc
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise ServerUnavailable(f"{where}: {type(exc).__name__}: {exc}") from exc
        self._timeout(cfg.command_timeout)

    def close(self, polite: bool = False) -> None:
        """End the session; `polite` says QUIT first (only on a healthy session, briefly)."""
        client, self.client = self.client, None
        if client is None:
            return
        if polite and getattr(client, "sock", None) is not None:
            try:
                client.sock.settimeout(min(self.config.command_timeout, QUIT_TIMEOUT))
                client.quit()
            except Exception:
                pass
        try:
            client.close()
        except Exception:
            pass

    # --- one message ------------------------------------------------------------------
    def _command(self, line: str) -> tuple[int, bytes]:
        """One command, one reply; a broken line before the data is complete loses nothing."""
        assert self.client is not None
        try:
            with self._within(self.config.command_timeout):
                self.client.putcmd(line)
                return self.client.getreply()
        except UnicodeEncodeError as exc:  # an address that is not plain ASCII (`address.py`)
            self._reset()
            raise SendError(f"the address in {line!r} has letters outside ASCII before the @, and this server "
                            "does not offer SMTPUTF8 to carry them; the message was not sent (ask for an "
                            "address in plain letters)", permanent=True) from exc
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            self.close()
            raise SendError(f"the connection broke before the message was complete ({_broken(exc)}); "
                            "the server cannot have kept it", reconnect=True) from exc

    def _reset(self) -> None:
        """RSET after a refused recipient, so the next message starts clean (else reconnect)."""
        try:
            code, _ = self._command("rset")
        except SendError:
            return
        if code != 250:
            self.close()

    def send(self, envelope_from: str, recipients: list[str], data: bytes,
             before_data: Callable[[], None] = lambda: None) -> str:
        """Send one message to all `recipients` in one transaction; return the server's reply.

        `before_data` is called once the server has said "354" and before the first byte
        of the message goes out: from then on a lost reply means an unknown outcome.
        """
        if self.client is None:
            raise ServerUnavailable("not connected")
        cfg = self.config
        international = not all(a.isascii() for a in (envelope_from, *recipients))
        utf8 = international and self.client.has_extn("smtputf8")
        self.client.command_encoding = "utf-8" if utf8 else "ascii"
        code, text = self._command(f"mail FROM:<{envelope_from}>" + (" SMTPUTF8" if utf8 else ""))
        if code != 250:
            self.close()
            raise ServerUnavailable(f"{cfg.describe()}: the server refused the sender {envelope_from}: "
                                    f"{_reply_text(code, text)}")
        refused: list[tuple[str, int, str]] = []
        for recipient in recipients:
            code, text = self._command(f"rcpt TO:<{recipient}>")
            if _server_wide(code):
                self.close()
                raise ServerUnavailable(f"{cfg.describe()}: {_reply_text(code, text)}")
            if code not in (250, 251):
                refused.append((recipient, code, _reply_text(code, text)))
        if refused:
            self._reset()
            permanent = all(500 <= code < 600 for _, code, _ in refused)
            words = "; ".join(f"{r}: {t}" for r, _, t in refused)
            raise SendError(f"the server refused the recipient {words}" if permanent
                            else f"the server cannot take the message for now: {words}", permanent=permanent)
        code, text = self._command("data")
        if code != 354:
            if _server_wide(code) or 500 <= code < 600:
                self.close()
                raise ServerUnavailable(f"{cfg.describe()}: the server refused DATA: {_reply_text(code, text)}")
            self._reset()
            raise SendError(f"the server cannot take the message for now: {_reply_text(code, text)}")
        payload = wire_data(data)
        before_data()
        try:
            self.client.send(payload)
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            # sendall() failed, so the final "." (the last bytes) never fully left: not delivered
            self.close()
            raise SendError(f"the connection broke while the message was being sent ({_broken(exc)}); "
                            "the server cannot have kept it", reconnect=True) from exc
        self._timeout(cfg.data_timeout)
        try:
            with self._within(cfg.data_timeout):
                code, text = self.client.getreply()
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            self.close()
            cause = (f"no reply within {cfg.data_timeout:g} s" if "timed out" in str(exc)
                     else f"the connection closed ({_broken(exc)})")
            raise OutcomeUnknown(f"the whole message was handed to the server and then {cause}; "
                                 "the server may have delivered it") from exc
        self._timeout(cfg.command_timeout)
        if code == 250:
            return _reply_text(code, text)
        if _server_wide(code):
            self.close()
            raise ServerUnavailable(f"{cfg.describe()}: {_reply_text(code, text)}")
        raise SendError(f"the server refused the message: {_reply_text(code, text)}" if code >= 500
                        else f"the server cannot take the message for now: {_reply_text(code, text)}",
                        permanent=code >= 500)


def _broken(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return "timed out" if "timed out" in text else text
