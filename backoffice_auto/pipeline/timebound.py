"""Each job's time is bounded: a handler that runs too long is stopped and its file refused.

Why: one workbook kept the CPU busy for 65 s in a loop; under `watch` everything behind it
waited, and nothing told the clerk. `limits.max_job_seconds` in `rules/settings.yaml` is
the bound (default 300 s).

Two layers, because Python cannot interrupt every kind of work:

- soft: `SIGALRM` raises `JobTimeout` in the job's thread when the bound passes (only in the
  main thread, where `process` and `watch` run jobs). Python code stops there, the job's
  transaction rolls back and the file is refused with the reason. `JobTimeout` derives
  from `BaseException` so a handler's own `except Exception` cannot swallow it.
- hard: work that never returns to Python (a native library stuck in a loop) cannot be
  interrupted. If the job is still running at twice the bound plus the bound again
  (at most `HARD_GRACE_SECONDS`) a watchdog thread logs `job.time_limit_kill` and ends the
  process with SIGKILL. The claim stays `running`; the next attempt at that file runs
  isolated under the bound (`pipeline/isolation.py`) and the file goes to `failed/` with
  the reason.
"""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

from backoffice_auto.i18n import N_

HARD_GRACE_SECONDS = 30.0
TOO_LONG = N_("the job ran longer than {seconds} s (limits.max_job_seconds) and was stopped; nothing from it was kept")


class JobTimeout(BaseException):
    """The job ran longer than `limits.max_job_seconds`."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"the job ran longer than {seconds:g} s")


def hard_limit(seconds: float) -> float:
    return seconds * 2 + min(seconds, HARD_GRACE_SECONDS)


@contextmanager
def time_bound(seconds: float | None, on_hard_kill: Callable[[], None] | None = None) -> Iterator[None]:
    """Run the body under the bound; `JobTimeout` when it is exceeded (see the module doc)."""
    if not seconds or seconds <= 0:
        yield
        return
    soft = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    previous = None
    if soft:
        def _alarm(signum, frame):
            raise JobTimeout(seconds)

        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    done = threading.Event()

    def _watchdog() -> None:
        if done.wait(hard_limit(seconds)):
            return
        if on_hard_kill is not None:
            try:
                on_hard_kill()
            except Exception:
                pass
        os.kill(os.getpid(), signal.SIGKILL)

    watchdog = threading.Thread(target=_watchdog, name="job-time-bound", daemon=True)
    watchdog.start()
    try:
        yield
    finally:
        done.set()
        if soft:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


def stall_point(name: str) -> None:
    """Tests set BACKOFFICE_STALL_AT=<name> to make a job run past its bound at a named step
    (with BACKOFFICE_STALL_NATIVE=1 the stall ignores SIGALRM, as native code would)."""
    if os.environ.get("BACKOFFICE_STALL_AT") != name:
        return
    import time

    if os.environ.get("BACKOFFICE_STALL_NATIVE") == "1" and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGALRM, signal.SIG_IGN)  # time_bound() puts its own handler back afterwards
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        time.sleep(0.05)
