"""The mail sender inside the daemon: a thread that empties `pending/` between jobs.

It wakes every `send_interval_seconds`, when a job has spooled mail, and when a retry is
due. A mail server that cannot be reached is retried with backoff (capped at five
minutes so that mail flows soon after the server is back) and reported once per outage,
not once per attempt (the sender logs `mail.server_unavailable` / `mail.server_back` and
keeps the state for `status`). The daemon's console gets one line when the server stops
or starts taking mail and one per message held with an unknown outcome, in the
workspace's language, so an operator watching the terminal is told without the log.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable

from backoffice_auto.eventlog import log_event
from backoffice_auto.i18n import N_, translate
from backoffice_auto.mail.routing import mail_rules_of
from backoffice_auto.mail.sender import backoff_delay, send_pending

MAX_OUTAGE_WAIT = 300.0
MSG_SERVER_DOWN = N_("The mail server is not taking mail: {error}. No message is failed for this; mail waits in outbox/mail/pending/ and is sent when the server is back.")
MSG_SERVER_BACK = N_("The mail server is taking mail again.")


class MailThread(threading.Thread):
    def __init__(self, workspace: Any, rules: Callable[[], Any], console: Callable[[str], None] | None = None):
        super().__init__(name="mail-sender", daemon=True)
        self.workspace = workspace
        self.rules = rules
        self.console = console
        self.stopping = threading.Event()
        self.wake = threading.Event()
        self.state: str | None = None  # None, no-host, unavailable, config
        self.outages = 0
        self.disk_outage = False  # a write the machine refused (`pipeline/outage.py`), logged once
        self.last_report = None

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()

    def _transition(self, state: str | None, error: str | None) -> None:
        """Config and no-host changes are logged here; the server's own state by the sender."""
        if state == self.state:
            return
        if state == "config":
            log_event(self.workspace, "mail.config_error", level="error", error=error)
        elif state == "no-host":
            log_event(self.workspace, "mail.no_host", level="warning",
                      note="no SMTP host set: mail waits in outbox/mail/pending/")
        self.state = state

    def _tell(self, report: Any, rules: Any) -> None:
        """The console lines for what this pass changed (nothing when no console is attached)."""
        if self.console is None or report is None:
            return
        from backoffice_auto.mail.cli import held_lines

        lang = getattr(getattr(rules, "settings", None), "language", "en")
        if report.server_change == "down":
            self.console(translate(MSG_SERVER_DOWN, lang).format(error=report.error))
        elif report.server_change == "back":
            self.console(translate(MSG_SERVER_BACK, lang))
        for line in held_lines(self.workspace, report.held, lang):
            self.console(line)

    def run(self) -> None:
        while not self.stopping.is_set():
            rules = self.rules()
            mail_rules = mail_rules_of(rules)
            interval = mail_rules.send_interval_seconds
            earliest = 0.0
            try:
                report = send_pending(self.workspace, rules, should_stop=self.stopping.is_set)
                self.last_report = report
                self.disk_outage = False
            except Exception as exc:  # a bug in sending must not kill the thread
                report = None
                if self._outage(exc):
                    self.outages += 1  # the disk full: tried again with the server's backoff, said once
                    earliest = time.monotonic() + min(MAX_OUTAGE_WAIT, backoff_delay(
                        self.outages, mail_rules.retry.first_delay_seconds, mail_rules.retry.max_delay_seconds))
                    self._sleep(earliest - time.monotonic(), earliest)
                    continue
                log_event(self.workspace, "mail.sender_crashed", level="error", error=f"{type(exc).__name__}: {exc}")
            try:
                self._tell(report, rules)
            except Exception:  # a console that went away (closed terminal) must not stop the sender
                pass
            if report is not None and (report.unavailable or report.waiting == "config"):
                self.outages += 1
                wait = min(MAX_OUTAGE_WAIT, backoff_delay(self.outages, mail_rules.retry.first_delay_seconds,
                                                          mail_rules.retry.max_delay_seconds))
                earliest = time.monotonic() + wait  # job mail does not shorten an outage wait
                self._transition("unavailable" if report.unavailable else report.waiting, report.error)
            else:
                self.outages = 0
                wait = interval
                if report is not None and report.next_due is not None:
                    wait = max(0.05, min(interval, report.next_due - time.time()))
                self._transition(report.waiting if report is not None and report.waiting == "no-host" else None,
                                 None)
            self._sleep(wait, earliest)

    def _sleep(self, wait: float, earliest: float) -> None:
        """Wait `wait` seconds, or until woken by a job's mail once `earliest` has passed."""
        deadline = time.monotonic() + wait
        while not self.stopping.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                break
            if self.wake.wait(left):
                self.wake.clear()
                if not self.stopping.is_set() and time.monotonic() >= earliest:
                    break

    def _outage(self, exc: BaseException) -> bool:
        """A write the machine refused (the disk full) while moving mail: logged once per outage."""
        from backoffice_auto.pipeline.outage import outage_of

        outage = outage_of(exc, self.workspace, where=self.workspace.mail_dir)
        if outage is None:
            return False
        if not self.disk_outage:
            log_event(self.workspace, "mail.outage", level="error", **outage.as_log())
        self.disk_outage = True
        return True
