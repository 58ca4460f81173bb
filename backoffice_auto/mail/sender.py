"""The sender loop: `pending/` -> SMTP -> `sent/` (or `failed/`, or `held/` when unknown).

Delivery guarantee (docs/operations.md states it with the test that proves each part):

* One attempt per message per pass, on a transport with no retries of its own. A
  message leaves `pending/` for `sent/` only after the server's "250" to the end of
  the data. A crash or a broken line before the final "." leaves it in `pending/`
  (the server discards an incomplete message), so it is sent later: no loss.
* When the whole message went out and no reply came (a timeout after
  `smtp.data_timeout_seconds`, or the line dropped), the outcome is unknown: the
  message is *held* in `outbox/mail/held/` for the operator (`retry.after_crash:
  hold`, the default) and never resent silently; `status` lists it and `mail release`
  or `mail resend` settles it. The same holds for a sender killed at that moment: the
  file is named in `.backoffice/mail-inflight` from the "354" until its outcome is
  known, and the next sender holds it. With `retry.after_crash: resend` it is sent
  again instead (at least once; same Message-ID).
* A server-wide refusal (`ServerUnavailable`: no connection, TLS, login, 421, 530, the
  sender refused) fails no message and costs none a try; it is recorded for `status`
  and logged once (`serverstate.py`). Only a recipient's 5xx (or a 5xx to the message
  itself) moves that message to `failed/` at once; a 4xx is retried with exponential
  backoff and jitter, up to `retry.attempts` tries.
* A file whose name is already in `sent/` or `held/` is never sent again (a redone
  job's copy is dropped), and only one sender runs per workspace at a time (a lock),
  so the daemon and `mail send` never both send a message.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import Any, Callable

from backoffice_auto.eventlog import log_event
from backoffice_auto.mail.address import header_text, wire_address
from backoffice_auto.mail.render import RECIPIENT_HEADER
from backoffice_auto.mail.routing import mail_rules_of
from backoffice_auto.mail.smtpconfig import SmtpConfig, SmtpConfigError, smtp_config
from backoffice_auto.mail.held import ERROR_SUFFIX, hold
from backoffice_auto.mail.serverstate import record_contact
from backoffice_auto.mail.spool import held_folder, move_into, pending_files, write_atomic
from backoffice_auto.mail.transport import OutcomeUnknown, SendError, ServerUnavailable, SmtpTransport
from backoffice_auto.pidlock import LockHeld, PidLock

RETRY_FILE = "mail-retry.json"
INFLIGHT_FILE = "mail-inflight"  # the spool file being handed to the server right now
LOCK_FILE = "mail-send.lock"


def backoff_delay(attempt: int, first: float, maximum: float, rand: Callable[[], float] = random.random) -> float:
    """Wait before try `attempt + 1` after `attempt` failures: first * 2^(attempt-1), capped,
    times a jitter in [0.5, 1.0) so that many waiting messages do not retry in step."""
    base = min(maximum, first * (2 ** max(0, attempt - 1)))
    return base * (0.5 + rand() / 2)


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)
    retrying: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # already in sent/ or held/
    held: list[str] = field(default_factory=list)  # outcome unknown: in held/ for the operator
    waiting: str | None = None  # why the pass stopped: no-host, busy, unavailable, no-reply, config
    error: str | None = None
    config_error: SmtpConfigError | None = None  # waiting "config": said in the operator's language
    next_due: float | None = None  # earliest time a retrying message is due
    server_change: str | None = None  # "down" or "back" when this pass changed the server's state

    @property
    def unavailable(self) -> bool:
        """The server is not taking mail: refused server-wide, or no reply to a whole message."""
        return self.waiting in ("unavailable", "no-reply")


class RetryBook:
    """Failures so far per spool file, kept in `.backoffice/mail-retry.json` across restarts."""

    def __init__(self, workspace: Any):
        self.path = Path(workspace.state_dir) / RETRY_FILE
        try:
            self.data: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}
        self.dirty = False

    def get(self, name: str) -> dict:
        return self.data.get(name, {"attempts": 0, "next_at": 0.0})

    def set(self, name: str, record: dict) -> None:
        self.data[name] = record
        self.dirty = True

    def forget(self, name: str) -> None:
        if self.data.pop(name, None) is not None:
            self.dirty = True

    def prune(self, existing: set[str]) -> None:
        for name in [n for n in self.data if n not in existing]:
            self.forget(name)

    def save(self) -> None:
        if self.dirty:
            write_atomic(self.path.parent, self.path.name,
                         json.dumps(self.data, indent=1, sort_keys=True).encode("utf-8"))
            self.dirty = False


def envelope(data: bytes) -> tuple[str, list[str]]:
    """Envelope sender and recipients of a spooled message (our header, else To/Cc)."""
    headers = BytesHeaderParser().parsebytes(data)
    sender = wire_address(parseaddr(header_text(headers.get("From", "")))[1])
    rcpt = headers.get(RECIPIENT_HEADER)
    if rcpt:  # decoded: a non-ASCII address is an encoded word there, never the address itself
        return sender, [wire_address(parseaddr(header_text(rcpt))[1])]
    fields = [header_text(v) for k in ("To", "Cc") for v in headers.get_all(k, [])]
    return sender, [wire_address(a) for _, a in getaddresses(fields) if a]


def _fail(workspace: Any, path: Path, reason: str, attempts: int) -> None:
    dest = move_into(path, workspace.mail_failed)
    write_atomic(workspace.mail_failed, dest.name + ERROR_SUFFIX,
                 f"{reason}\nattempts: {attempts}\n".encode("utf-8"))
    log_event(workspace, "mail_failed", level="error", file=dest.name, attempts=attempts, error=reason)


def _inflight(workspace: Any) -> Path:
    return Path(workspace.state_dir) / INFLIGHT_FILE


def _mark_inflight(workspace: Any, name: str | None) -> None:
    """Written when the server has said "354" (the data goes out next), removed once the
    outcome is known. No fsync: it only has to survive the process (SIGKILL), not the machine."""
    path = _inflight(workspace)
    if name is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(name, encoding="utf-8")


HELD_AFTER_CRASH = ("the sender stopped while handing this message to the server; it may have been "
                    "delivered")


def _after_crash(workspace: Any, policy: str, report: "SendReport") -> None:
    """A message that was in flight when the last sender died: say so, and hold it unless told to resend."""
    try:
        name = _inflight(workspace).read_text(encoding="utf-8").strip()
    except OSError:
        return
    path = workspace.mail_pending / name
    if name and path.exists():
        log_event(workspace, "mail.in_flight_at_crash", level="warning", file=name, policy=policy,
                  note="the server may already have it; a resent copy has the same Message-ID")
        if policy == "hold":
            try:
                recipients = envelope(path.read_bytes())[1]
            except OSError:
                recipients = []
            hold(workspace, path, HELD_AFTER_CRASH, recipients)
            report.held.append(name)
    _mark_inflight(workspace, None)


def _retry_later(workspace: Any, book: RetryBook, report: SendReport, path: Path, error: str,
                 permanent: bool, retry: Any, now: Callable[[], float]) -> None:
    """A try that failed for this message: to `failed/` now or after the last try, else back off."""
    attempts = int(book.get(path.name).get("attempts", 0)) + 1
    if permanent or attempts >= retry.attempts:
        book.forget(path.name)
        _fail(workspace, path, error, attempts)
        report.failed.append(path.name)
        return
    next_at = now() + backoff_delay(attempts, retry.first_delay_seconds, retry.max_delay_seconds)
    book.set(path.name, {"attempts": attempts, "next_at": next_at, "error": error})
    report.retrying.append(path.name)
    report.next_due = next_at if report.next_due is None else min(report.next_due, next_at)
    log_event(workspace, "mail_retry", level="warning", file=path.name, attempts=attempts,
              error=error, retry_in_s=round(next_at - now(), 1))


def send_pending(workspace: Any, rules: Any, *, now: Callable[[], float] = time.time,
                 should_stop: Callable[[], bool] = lambda: False,
                 env: dict[str, str] | None = None,
                 transport_factory: Callable[[SmtpConfig], Any] = SmtpTransport,
                 force: bool = False) -> SendReport:
    """One pass over `pending/`: send what is due, then return what happened.

    `force` ignores the retry schedule (for `mail send` run by an operator).
    """
    report = SendReport()
    try:
        config = smtp_config(rules, env)
    except SmtpConfigError as exc:
        report.waiting, report.error, report.config_error = "config", str(exc), exc
        return report
    if not config.configured:
        report.waiting = "no-host"
        return report
    retry = mail_rules_of(rules).retry
    lock = PidLock(Path(workspace.state_dir) / LOCK_FILE)
    try:
        lock.acquire()
    except LockHeld as held:
        report.waiting, report.error = "busy", f"another sender (pid {held.pid}) is sending"
        return report
    transport = None
    contacted = False
    book = RetryBook(workspace)
    try:
        _after_crash(workspace, retry.after_crash, report)
        files = pending_files(workspace)
        book.prune({p.name for p in files})
        due: list[Path] = []
        for path in files:
            if (workspace.mail_sent / path.name).exists() or (held_folder(workspace) / path.name).exists():
                path.unlink(missing_ok=True)
                book.forget(path.name)
                report.dropped.append(path.name)
                log_event(workspace, "mail_duplicate_dropped", file=path.name)
                continue
            record = book.get(path.name)
            next_at = record.get("next_at", 0.0)
            if next_at > now() + retry.max_delay_seconds:
                # a wait never longer than the rules allow: a clock put back (a wrong time
                # corrected, a restored machine) would otherwise hold the mail for the jump
                next_at = now() + retry.max_delay_seconds
                book.set(path.name, {**record, "next_at": next_at})
            if force or next_at <= now():
                due.append(path)
            else:
                report.next_due = next_at if report.next_due is None else min(report.next_due, next_at)
        if not due:
            return report
        transport = transport_factory(config)
        try:
            transport.open()
        except ServerUnavailable as exc:
            report.waiting, report.error = "unavailable", str(exc)
            return report
        contacted = True
        for path in due:
            if should_stop():
                break
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                continue
            sender, recipients = envelope(data)
            try:
                if not recipients:
                    raise SendError("the message has no recipient", permanent=True)
                transport.send(sender or config.sender, recipients, data,
                               before_data=lambda: _mark_inflight(workspace, path.name))
            except ServerUnavailable as exc:
                _mark_inflight(workspace, None)
                report.waiting, report.error = "unavailable", str(exc)
                break
            except OutcomeUnknown as exc:
                # the server has the whole message and did not answer: never resend silently,
                # and send nothing more this pass (a server this slow is in trouble)
                if retry.after_crash == "hold":
                    hold(workspace, path, str(exc), recipients)
                    report.held.append(path.name)
                else:
                    _retry_later(workspace, book, report, path, str(exc), False, retry, now)
                _mark_inflight(workspace, None)
                report.waiting, report.error = "no-reply", str(exc)
                break
            except SendError as exc:
                _mark_inflight(workspace, None)
                _retry_later(workspace, book, report, path, str(exc), exc.permanent, retry, now)
                if exc.reconnect:
                    transport.close()
                    try:
                        transport.open()
                    except ServerUnavailable as exc2:
                        report.waiting, report.error = "unavailable", str(exc2)
                        break
                continue
            move_into(path, workspace.mail_sent)
            _mark_inflight(workspace, None)
            book.forget(path.name)
            report.sent.append(path.name)
            log_event(workspace, "mail_sent", file=path.name, to=recipients)
        return report
    finally:
        if transport is not None:
            transport.close(polite=True)
        book.save()
        if contacted or report.unavailable:
            report.server_change = record_contact(workspace, report.error if report.unavailable else None)
        lock.release()
