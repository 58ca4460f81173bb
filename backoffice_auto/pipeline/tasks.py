"""Jobs started by the clock or a command, exactly once per task and date.

Why a file: a scheduled task (a payment run, a reminder run) must get everything a dropped
file gets (one transaction for the books, the journal row, outputs, mail; recovery after
`kill -9`; never twice). So the clock (`watch`) and the commands (`tasks run`, a job's own
command such as `payables run`) do not run a task directly: they hand the pipeline a small
request whose content is the task's name and date. The pipeline claims it by content hash,
as any file, which makes (task, date) the idempotency key: a second request for the same
day, from the daemon or a command at the same moment, is a duplicate.

The request is written and processed under the job lock, so two starters are serialised
and the second finds the first one's job. Under that lock any `running` job of the key was
left by a process that died: its request file is taken over, which makes the claim a
retry (rehearsed in a child process, then redone once under the same job id; see
`isolation.py`). Requests live under `.backoffice/tasks/` (not the clerks' inbox) and are
removed once their job is journaled.

The daemon starts a task only when `rules/watch.yaml` lists it under `tasks:`, on the days
its spec declares (weekdays, the job's own calendar) from its time of day, and never again
for a date whose job is done or refused (`start_due`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Iterable

from backoffice_auto.errors import Problem, Refusal, Source
from backoffice_auto.i18n import N_
from backoffice_auto.pipeline.handler import Incoming, JobContext

MAGIC = b"backoffice-auto task request\n"
SUFFIX = ".task"
SETTLED = ("done", "refused", "duplicate")  # a job of the key committed: the daemon does not start it again
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
LOOK_AHEAD_DAYS = 400  # how far `next_start` looks for the next day a task starts


def scheduled_tasks(specs=None) -> list[tuple[object, object]]:
    """(spec, task) for every scheduled task of the installed jobs."""
    from backoffice_auto.jobspec import resolve

    return [(spec, task) for spec in resolve(specs) for task in spec.scheduled]


def request_bytes(task: str, day: date) -> bytes:
    return MAGIC + f"task: {task}\ndate: {day.isoformat()}\n".encode("ascii")


def request_key(task: str, day: date) -> str:
    """The journal's claim key of (task, date): the request's content hash."""
    return hashlib.sha256(request_bytes(task, day)).hexdigest()


def parse_request(data: bytes, name: str) -> tuple[str, date]:
    fields = dict(line.split(": ", 1) for line in data[len(MAGIC):].decode("ascii", "replace").splitlines()
                  if ": " in line)
    try:
        return fields["task"], date.fromisoformat(fields["date"])
    except (KeyError, ValueError):
        raise Refusal([Problem(N_("not a task request: it names no task and date"), Source(name))]) from None


def starts_on(task, day: date, rules: Any = None) -> bool:
    """Does the clock start `task` on `day`: one of its weekdays, and a day of the job's own
    calendar (`runs_on`, asked only when the rules are given)?"""
    if task.weekdays and day.weekday() not in task.weekdays:
        return False
    return task.runs_on is None or rules is None or bool(task.runs_on(day, rules))


def due(specs, now: datetime, rules: Any = None, enabled: Iterable[str] | None = None) -> list[tuple[str, date]]:
    """The tasks whose time has come today (on their days, at or after their `at`).

    `enabled`: only these task names (the daemon passes `watch.yaml`'s `tasks:`)."""
    allowed = None if enabled is None else set(enabled)
    out = []
    for _spec, task in scheduled_tasks(specs):
        if allowed is not None and task.name not in allowed:
            continue
        if task.at is not None and now.time() < task.at:
            continue
        if starts_on(task, now.date(), rules):
            out.append((task.name, now.date()))
    return out


def next_start(task, now: datetime, rules: Any = None, done_today: bool = False) -> datetime | None:
    """When the clock starts `task` next: today at its time (past when it is due now and not
    yet run), else the next day it starts on. None when no day within a year qualifies."""
    for offset in range(0 if not done_today else 1, LOOK_AHEAD_DAYS):
        day = now.date() + timedelta(days=offset)
        if starts_on(task, day, rules):
            return datetime.combine(day, task.at or time(0), tzinfo=now.tzinfo)
    return None


def describe_schedule(task) -> str:
    """`daily from 07:00`, `monday, friday from 08:00`, `on the job's own days from 07:00`."""
    days = ", ".join(DAY_NAMES[d] for d in sorted(task.weekdays))
    if task.runs_on is not None:
        days = f"{days} when the job's rules say so" if days else "on the job's own days"
    at = f" from {task.at.strftime('%H:%M')}" if task.at else ""
    return f"{days or 'daily'}{at}"


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


def run_task(pipeline, name: str, day: date, only_if_new: bool = False):
    """Hand one (task, date) request to the pipeline; returns its `JobResult`.

    Under the job lock: a request a dead process left (`running` in the journal, its file
    still there) is taken over and redone; otherwise a new request is written. With
    `only_if_new` (the daemon), a key whose job committed already is left alone: returns None.
    """
    from backoffice_auto.pipeline import inbox_entry
    from backoffice_auto.pipeline.run import process_file

    with pipeline.job_lock():
        env = pipeline.env()
        rows = env.store.journal.all_with(request_key(name, day))
        if only_if_new and any(row.status in SETTLED for row in rows):
            return None
        left = [env.workspace.root / row.inbox_path for row in rows if row.status == "running"]
        path = next((p for p in left if os.path.lexists(p)), None) or _write_request(pipeline.workspace, name, day)
        try:
            return process_file(env, pipeline.handlers, inbox_entry.absolute(path), False)
        finally:
            path.unlink(missing_ok=True)


def _write_request(workspace, name: str, day: date) -> Path:
    folder = workspace.state_dir / "tasks"
    folder.mkdir(parents=True, exist_ok=True)
    # one request file per process: a leftover of a dead one is recognised by its journal row
    path = folder / f"{name}-{day.isoformat()}-{os.getpid()}{SUFFIX}"
    path.write_bytes(request_bytes(name, day))
    return path


def key_state(log, name: str, day: date, busy: bool) -> str | None:
    """done | refused | running (a process holds the job lock) | redo (cut short: redone at
    the next start) | None (never started) for one (task, date)."""
    rows = log.all_with(request_key(name, day))
    settled = [row.status for row in rows if row.status in ("done", "refused")]
    if "done" in settled:
        return "done"
    if any(row.status == "running" for row in rows):
        return "running" if busy else "redo"
    return settled[-1] if settled else None


def task_status(workspace, log, rules: Any, now: datetime, specs=None) -> list[dict[str, Any]]:
    """`status`'s view of every scheduled task (`log`: the store's journal): on or off in
    watch.yaml, its last run, its state, and when the daemon starts it next."""
    from backoffice_auto.pipeline.runner import job_lock_busy

    enabled = set(enabled_tasks(rules, specs)) if rules is not None else set()
    busy = job_lock_busy(workspace)
    out = []
    for spec, task in scheduled_tasks(specs):
        last = log.latest_named(f"{task.name}-", SUFFIX)
        last_day = _request_day(last.file_name, task.name) if last is not None else None
        today = key_state(log, task.name, now.date(), busy)
        upcoming = next_start(task, now, rules, done_today=today in ("done", "refused")) if task.name in enabled \
            else None
        out.append({"task": task.name, "job": spec.name, "schedule": describe_schedule(task),
                    "weekdays": sorted(task.weekdays), "at": task.at.strftime("%H:%M") if task.at else None,
                    "own_days": task.runs_on is not None,
                    "enabled": task.name in enabled,
                    "last_run": None if last is None else {
                        "date": last_day.isoformat() if last_day else None, "job": last.job_id,
                        "status": key_state(log, task.name, last_day, busy) if last_day else last.status},
                    "state": today or ("never" if last is None else
                                       key_state(log, task.name, last_day, busy) if last_day else last.status),
                    "next_due": upcoming.isoformat(timespec="minutes") if upcoming else None})
    return out


def _request_day(file_name: str, name: str) -> date | None:
    try:
        return date.fromisoformat(file_name[len(name) + 1:len(name) + 11])
    except ValueError:
        return None


def task_names(specs=None) -> Iterable[str]:
    return [task.name for _spec, task in scheduled_tasks(specs)]


def enabled_tasks(rules, specs=None) -> tuple[str, ...]:
    """The tasks the daemon starts on their days: those `rules/watch.yaml` lists under
    `tasks:`, or every installed job's scheduled task when the key is left out."""
    listed = getattr(getattr(rules, "watch", None), "tasks", [])
    return tuple(task_names(specs)) if listed is None else tuple(listed)
