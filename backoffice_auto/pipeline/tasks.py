"""Jobs started by the clock or a command, exactly once per task and date.

Why a file: a scheduled task (a payment run, a reminder run) must get everything a dropped
file gets (one transaction for the books, the journal row, outputs, mail; recovery after
`kill -9`; never twice). So the clock and the `tasks run` command do not run a task
directly: they hand the pipeline a small request whose content is the task's name and
date. The pipeline claims it by content hash, as any file, which makes (task, date) the
idempotency key: a second request for the same day, from the daemon or a command at the
same moment, is a duplicate; a request whose job was killed mid-run is redone once.

Requests are written under `.backoffice/tasks/` (not the clerks' inbox), processed in
place and removed once their job is journaled.
"""

from __future__ import annotations

import dataclasses
import os
from datetime import date, datetime
from pathlib import Path
from typing import Iterable

from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.pipeline.handler import Incoming, JobContext

MAGIC = b"backoffice-auto task request\n"
SUFFIX = ".task"


def scheduled_tasks(specs=None) -> list[tuple[object, object]]:
    """(spec, task) for every scheduled task of the installed jobs."""
    from backoffice_auto.jobspec import resolve

    return [(spec, task) for spec in resolve(specs) for task in spec.scheduled]


def request_bytes(task: str, day: date) -> bytes:
    return MAGIC + f"task: {task}\ndate: {day.isoformat()}\n".encode("ascii")


def parse_request(data: bytes, name: str) -> tuple[str, date]:
    fields = dict(line.split(": ", 1) for line in data[len(MAGIC):].decode("ascii", "replace").splitlines()
                  if ": " in line)
    try:
        return fields["task"], date.fromisoformat(fields["date"])
    except (KeyError, ValueError):
        raise Refusal([Problem(N_("not a task request: it names no task and date"), Source(name))]) from None


def due(specs, now: datetime) -> list[tuple[str, date]]:
    """The tasks whose time has come today (at or after their `at`, on their weekdays)."""
    out = []
    for _spec, task in scheduled_tasks(specs):
        if task.weekdays and now.weekday() not in task.weekdays:
            continue
        if task.at is not None and now.time() < task.at:
            continue
        out.append((task.name, now.date()))
    return out


class TaskHandler:
    """The engine's own handler: runs the spec's task for the request's date."""

    kind = "tasks"
    folders: tuple[str, ...] = ()

    def __init__(self, specs=None):
        self._specs = specs

    def identify(self, incoming: Incoming) -> bool:
        return incoming.name.endswith(SUFFIX) and incoming.data.startswith(MAGIC)

    def process(self, incoming: Incoming, ctx: JobContext) -> None:
        name, day = parse_request(incoming.data, incoming.name)
        found = [(spec, task) for spec, task in scheduled_tasks(self._specs) if task.name == name]
        if not found:
            known = ", ".join(sorted(task.name for _s, task in scheduled_tasks(self._specs))) or "-"
            raise Refusal([Problem(N_("no job has a task named {task} (known: {known})"), Source(incoming.name),
                                   {"task": name, "known": known})])
        spec, task = found[0]
        job_ctx = dataclasses.replace(ctx, today=day, job_rules=getattr(ctx.rules, spec.name, None))
        outcome = task.run(job_ctx)
        ctx.note(Problem(N_("task {task} for {date}: {outcome}"), Source(incoming.name),
                         {"task": name, "date": day.isoformat(),
                          "outcome": "nothing to do" if outcome is None else _describe(outcome)}, "info"))


def _describe(outcome) -> str:
    if isinstance(outcome, dict):
        return ", ".join(f"{k} {v}" for k, v in outcome.items())
    return str(outcome)


def run_task(pipeline, name: str, day: date):
    """Hand one (task, date) request to the pipeline; returns its `JobResult`."""
    folder = pipeline.workspace.state_dir / "tasks"
    folder.mkdir(parents=True, exist_ok=True)
    # one request file per process: two starters at once must not remove each other's request
    path = folder / f"{name}-{day.isoformat()}-{os.getpid()}{SUFFIX}"
    path.write_bytes(request_bytes(name, day))
    try:
        return pipeline.process_path(path)
    finally:
        path.unlink(missing_ok=True)


def task_names(specs=None) -> Iterable[str]:
    return [task.name for _spec, task in scheduled_tasks(specs)]
