"""The daemon during an outage (a disk full ...): say it once, wait, try again, carry on.

Why: a full disk made every job fail the same way, and a daemon that took the next file at
once would fill the log with the same failure and spin. While an outage lasts the daemon
takes no file, starts no task and refreshes no workbook; it tries again after a wait that
doubles from `FIRST_WAIT` up to `MAX_WAIT` seconds, first finishing what a cut-short
delivery left (`Pipeline.recover`, the same step as at start), then the file that was
postponed. The operator hears of the outage once (`watch.outage` in the log, one console
line) and once more when writing works again (`watch.outage_over`).
"""

from __future__ import annotations

import time
from typing import Any, Callable

from backoffice_auto.eventlog import log_event
from backoffice_auto.i18n import N_, translate
from backoffice_auto.pipeline.outage import Outage

FIRST_WAIT = 5.0
MAX_WAIT = 120.0
WAITING = N_("{time} {message} Files wait in the inbox meanwhile.")
OVER = N_("{time} Writing works again: the files that waited are processed now.")


class OutageWait:
    """The outage in force (None when writing works) and when to try again."""

    def __init__(self, workspace: Any, say: Callable[[str], None], language: Callable[[], str],
                 clock: Callable[[], float] = time.monotonic):
        self.workspace = workspace
        self.say = say
        self.language = language
        self.clock = clock
        self.current: Outage | None = None
        self.wait = FIRST_WAIT
        self.retry_at = 0.0

    def begin(self, outage: Outage, message: str | None = None) -> None:
        """An outage was met: said once when it starts; a failed retry only waits longer."""
        if self.current is None:
            self.wait = FIRST_WAIT
            log_event(self.workspace, "watch.outage", level="error", **outage.as_log())
            text = message or outage.render(self.language())
            self.say(translate(WAITING, self.language(), time=_now(), message=text))
        else:
            self.wait = min(self.wait * 2, MAX_WAIT)
        self.current = outage
        self.retry_at = self.clock() + self.wait

    def blocks(self) -> bool:
        """True while waiting (no file, task or export is started)."""
        return self.current is not None and self.clock() < self.retry_at

    def due(self) -> bool:
        return self.current is not None and self.clock() >= self.retry_at

    def seconds_left(self) -> float | None:
        return max(0.0, self.retry_at - self.clock()) if self.current is not None else None

    def over(self) -> None:
        """Writing worked again: said once."""
        if self.current is None:
            return
        log_event(self.workspace, "watch.outage_over", **self.current.as_log())
        self.current = None
        self.say(translate(OVER, self.language(), time=_now()))


def _now() -> str:
    from datetime import datetime

    return datetime.now().strftime("%H:%M:%S")
