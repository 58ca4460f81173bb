"""The daemon's clock: which scheduled tasks to start now, each once per task and date.

Why its own piece: the loop looks every second, and a job's calendar (payables: run days
moved off bank holidays) is not free to ask, so the days' answers are kept per date and
rules hash. What was started is remembered only to spare the journal a look each second;
whether a (task, date) runs is decided by the journal under the job lock
(`pipeline.tasks.run_task(..., only_if_new=True)`), which is what makes a restarted daemon,
two daemons' worth of starts, or a command at the same moment run it once.

`BACKOFFICE_CLOCK=off` in the environment keeps the clock from starting anything (the test
suite's daemons run with it, so a test on a run day gets no payment run it did not ask for).
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from typing import Any

from backoffice_auto.eventlog import log_event
from backoffice_auto.pipeline.tasks import due, enabled_tasks, scheduled_tasks

LOOK_EVERY = 1.0  # seconds between looks at the clock


class TaskClock:
    def __init__(self, workspace: Any = None) -> None:
        self.workspace = workspace
        self.started: set[tuple[str, date]] = set()
        self._day: tuple[date, str | None, tuple[str, ...]] | None = None
        self._starting: list[Any] = []  # today's tasks, enabled and on their days

    def due_now(self, specs: Any, rules: Any, now: datetime) -> list[tuple[str, date]]:
        """(task, date) to start now: enabled in watch.yaml, on its day, past its time, not
        started by this process yet."""
        enabled = () if os.environ.get("BACKOFFICE_CLOCK") == "off" else enabled_tasks(rules, specs)
        key = (now.date(), getattr(rules, "hash", None), enabled)
        if self._day != key:
            end_of_day = datetime.combine(now.date(), time.max, tzinfo=now.tzinfo)
            names = {name for name, _day in due(specs, end_of_day, rules, enabled)} if enabled else set()
            self._starting = [task for _spec, task in scheduled_tasks(specs) if task.name in names]
            self._day = key
            if self.workspace is not None:  # what the day holds, once a day: for the operator and tests
                log_event(self.workspace, "watch.tasks_today", date=now.date().isoformat(),
                          tasks=[task.name for task in self._starting])
        return [(task.name, now.date()) for task in self._starting
                if (task.at is None or now.time() >= task.at) and (task.name, now.date()) not in self.started]
