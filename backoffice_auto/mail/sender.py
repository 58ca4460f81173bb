"""The sender loop: `pending/` -> SMTP -> `sent/` (or `failed/` after the last retry).

Delivery guarantee (written in docs/operations.md too):

* A message is sent, then its file is renamed from `pending/` to `sent/` (one rename,
  directory fsynced). A crash before the message reaches the server leaves it in
  `pending/`: it is sent on restart (no loss). The one window for a duplicate is a crash
  after the end of DATA and before the server's "250 OK" has been read and the file
  renamed: one network round trip plus the server's processing (RFC 1047). Only the one
  message in flight can be repeated, and it carries the same Message-ID, so mail
  clients show it once. That message is named in `.backoffice/mail-inflight`; the next
  sender logs it and, with `retry.after_crash: hold`, moves it to `failed/` instead of
  sending it again. A crash while the server is down or between messages never
  duplicates anything.
* A file whose name is already in `sent/` is never sent again (a redone job's copy is
  dropped), and only one sender runs per workspace at a time (a lock), so the daemon and
  `mail send` never both send a message.
* Cannot connect or log in (`ServerUnavailable`): every message waits, no message loses a
  try, the loop backs off. A message the server refuses temporarily is retried with
  exponential backoff and jitter; after `retry.attempts` tries, or at once on a 5xx
  reply, it moves to `failed/` with `<name>.error.txt`, an error line in the log and a
  count in `status`.
"""

from __future__ import annotations

import json
import os
import random
import time
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import Any, Callable

from backoffice_auto.eventlog import log_event
from backoffice_auto.mail.render import RECIPIENT_HEADER
from backoffice_auto.mail.routing import mail_rules_of
from backoffice_auto.mail.smtpconfig import SmtpConfig, SmtpConfigError, smtp_config
from backoffice_auto.mail.spool import fsync_dir, pending_files, write_atomic
from backoffice_auto.mail.transport import SendError, ServerUnavailable, YagmailTransport
from backoffice_auto.watch.pidlock import LockHeld, PidLock

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
    dropped: list[str] = field(default_factory=list)  # already in sent/
    waiting: str | None = None  # why nothing was tried: no-host, busy, unavailable, config
    error: str | None = None
    next_due: float | None = None  # earliest time a retrying message is due

    @property
    def unavailable(self) -> bool:
        return self.waiting == "unavailable"


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
    sender = parseaddr(str(headers.get("From", "")))[1]
    rcpt = headers.get(RECIPIENT_HEADER)
    if rcpt:
        return sender, [parseaddr(str(rcpt))[1]]
    fields = [str(v) for k in ("To", "Cc") for v in headers.get_all(k, [])]
    return sender, [a for _, a in getaddresses(fields) if a]


def _move(src: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / src.name
    os.replace(src, dest)
    fsync_dir(folder)
    return dest


def _fail(workspace: Any, path: Path, reason: str, attempts: int) -> None:
    dest = _move(path, workspace.mail_failed)
    write_atomic(workspace.mail_failed, dest.name + ".error.txt",
                 f"{reason}\nattempts: {attempts}\n".encode("utf-8"))
    log_event(workspace, "mail_failed", level="error", file=dest.name, attempts=attempts, error=reason)


def _inflight(workspace: Any) -> Path:
    return Path(workspace.state_dir) / INFLIGHT_FILE


def _mark_inflight(workspace: Any, name: str | None) -> None:
    """Written before a message goes to the server, removed after its rename. No fsync:
    it only has to survive the process (SIGKILL, crash), not the machine."""
    path = _inflight(workspace)
    if name is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(name, encoding="utf-8")


def _after_crash(workspace: Any, policy: str, report: "SendReport") -> None:
    """A message that was in flight when the last sender died: say so, and hold it if asked."""
    try:
        name = _inflight(workspace).read_text(encoding="utf-8").strip()
    except OSError:
        return
    path = workspace.mail_pending / name
    if name and path.exists():
        log_event(workspace, "mail.in_flight_at_crash", level="warning", file=name, policy=policy,
                  note="the server may already have it; a resent copy has the same Message-ID")
        if policy == "hold":
            _fail(workspace, path, "the sender stopped while handing this message to the server; it may have "
                  "been delivered. Move it back to outbox/mail/pending/ to send it again.", 0)
            report.failed.append(name)
    _mark_inflight(workspace, None)


def send_pending(workspace: Any, rules: Any, *, now: Callable[[], float] = time.time,
                 should_stop: Callable[[], bool] = lambda: False,
                 env: dict[str, str] | None = None,
                 transport_factory: Callable[[SmtpConfig], Any] = YagmailTransport,
                 force: bool = False) -> SendReport:
    """One pass over `pending/`: send what is due, then return what happened.

    `force` ignores the retry schedule (for `mail send` run by an operator).
    """
    report = SendReport()
    try:
        config = smtp_config(rules, env)
    except SmtpConfigError as exc:
        report.waiting, report.error = "config", str(exc)
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
    book = RetryBook(workspace)
    try:
        _after_crash(workspace, retry.after_crash, report)
        files = pending_files(workspace)
        book.prune({p.name for p in files})
        due: list[Path] = []
        for path in files:
            if (workspace.mail_sent / path.name).exists():
                path.unlink(missing_ok=True)
                book.forget(path.name)
                report.dropped.append(path.name)
                log_event(workspace, "mail_duplicate_dropped", file=path.name)
                continue
            next_at = book.get(path.name).get("next_at", 0.0)
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
        for path in due:
            if should_stop():
                break
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                continue
            sender, recipients = envelope(data)
            record = book.get(path.name)
            try:
                if not recipients:
                    raise SendError("the message has no recipient", permanent=True)
                _mark_inflight(workspace, path.name)
                for recipient in recipients:
                    transport.send(sender or config.sender, recipient, data)
            except ServerUnavailable as exc:
                _mark_inflight(workspace, None)
                report.waiting, report.error = "unavailable", str(exc)
                break
            except SendError as exc:
                _mark_inflight(workspace, None)
                attempts = int(record.get("attempts", 0)) + 1
                if exc.permanent or attempts >= retry.attempts:
                    book.forget(path.name)
                    _fail(workspace, path, str(exc), attempts)
                    report.failed.append(path.name)
                else:
                    next_at = now() + backoff_delay(attempts, retry.first_delay_seconds, retry.max_delay_seconds)
                    book.set(path.name, {"attempts": attempts, "next_at": next_at, "error": str(exc)})
                    report.retrying.append(path.name)
                    report.next_due = next_at if report.next_due is None else min(report.next_due, next_at)
                    log_event(workspace, "mail_retry", level="warning", file=path.name, attempts=attempts,
                              error=str(exc), retry_in_s=round(next_at - now(), 1))
                if exc.reconnect:
                    transport.close()
                    try:
                        transport.open()
                    except ServerUnavailable as exc2:
                        report.waiting, report.error = "unavailable", str(exc2)
                        break
                continue
            _move(path, workspace.mail_sent)
            _mark_inflight(workspace, None)
            book.forget(path.name)
            report.sent.append(path.name)
            log_event(workspace, "mail_sent", file=path.name, to=recipients)
        return report
    finally:
        if transport is not None:
            transport.close()
        book.save()
        lock.release()
