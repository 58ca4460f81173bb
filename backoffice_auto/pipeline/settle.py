"""`process` waits for files that are still being written, as the watcher does.

Why: a CSV still being written was taken half by `process` (one order entered with one of
its two lines). The watcher hands a file over only once its size and modification time
have not changed for `--stable` seconds (`watch/stability.py`); `process` now applies the
same rule to the files it was given: a file untouched for that long is taken at once, a
fresh one is waited for, and one still changing after `WAIT_FACTOR` times the delay is left
in the inbox for a later run (its result says so, status `waiting`).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from backoffice_auto.i18n import N_

WAIT_FACTOR = 5
STILL_WRITTEN = N_("still being written (it changed in the last {seconds} s); left in the inbox for the next run")
WAITED = N_("waited {seconds} s for the file to stop changing")
TAKEN = N_("taken by another run (job {job}); nothing was done here")


def settle(paths: list[Path], stable_seconds: float, clock: Callable[[], float] = time.monotonic,
           sleep: Callable[[float], None] = time.sleep,
           on_wait: Callable[[list[Path]], None] | None = None) -> tuple[set[Path], dict[Path, float]]:
    """Wait (at most `WAIT_FACTOR` × the delay) until each path is stable.

    `on_wait` is told, once, which paths are waited for (the command logs it). Returns the
    paths still changing at the end, and how long each waited-for path was waited for
    (paths that were stable at once are in neither).
    """
    from backoffice_auto.watch.stability import StabilityTracker

    if stable_seconds <= 0 or not paths:
        return set(), {}
    tracker = StabilityTracker(stable_seconds, trust_change_time=True)
    start = clock()
    for path in paths:
        tracker.add(path, start)
    ready = set(tracker.ready(start))
    pending = {p for p in paths if p in tracker.seen}
    if pending and on_wait is not None:
        on_wait([p for p in paths if p in pending])
    waited: dict[Path, float] = {}
    deadline = start + stable_seconds * WAIT_FACTOR
    while pending:
        now = clock()
        for path in tracker.ready(now):
            ready.add(path)
            waited[path] = now - start
        pending = {p for p in pending if p in tracker.seen}
        if not pending or now >= deadline:
            break
        due = tracker.next_due()
        sleep(max(0.01, min((due if due is not None else now + 0.1) - now, deadline - now) + 0.01))
    for path in paths:  # vanished while waited for: the pipeline reports that
        if path not in ready and path not in tracker.seen:
            waited.setdefault(path, clock() - start)
    return pending, waited
