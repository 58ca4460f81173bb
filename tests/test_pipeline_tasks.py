"""Jobs started by the clock or a command: exactly once per task and date (`pipeline/tasks.py`).

The payables job's `payables-run` task is the real task under test; the books' payment
runs are counted after each scenario. Crashes and races use real subprocesses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, time

from conftest import run_cli_process

from backoffice_auto.books.store import Store
from backoffice_auto.pipeline.tasks import due

TUESDAY = "2026-12-01"  # a default run day (Tuesday and Thursday)


def payment_runs(workspace) -> list[dict]:
    store = Store(workspace.db_path)
    try:
        return store.read().rows("payment_runs")
    finally:
        store.close()


def run_task(workspace, env=None):
    return run_cli_process("tasks", "run", "payables-run", "--date", TUESDAY, "-w", str(workspace.root), "--json",
                           env=env)


def test_the_same_task_and_date_runs_once(workspace):
    first, second = run_task(workspace), run_task(workspace)
    assert (first.returncode, second.returncode) == (0, 0), (first.stderr, second.stderr)
    assert [json.loads(r.stdout)["status"] for r in (first, second)] == ["done", "duplicate"]
    assert [r["run_date"] for r in payment_runs(workspace)] == [date(2026, 12, 1)]
    assert not list((workspace.state_dir / "tasks").glob("*.task"))  # requests do not pile up


def test_a_task_killed_mid_run_is_redone_once_and_never_twice(workspace):
    killed = run_task(workspace, env={"BACKOFFICE_CRASH_AT": "processing"})
    assert killed.returncode == -9, killed.stderr
    assert payment_runs(workspace) == []  # the run's books changes never committed
    again, third = run_task(workspace), run_task(workspace)
    assert [json.loads(r.stdout)["status"] for r in (again, third)] == ["done", "duplicate"]
    assert len(payment_runs(workspace)) == 1


def test_a_command_and_the_daemon_starting_the_task_at_once_run_it_once(workspace):
    """Two processes ask for the same task and date at the same moment (as `watch` and a
    clerk's `tasks run` would): the job lock and the content claim let one run it."""
    env = dict(os.environ)
    env.pop("BACKOFFICE_CRASH_AT", None)
    command = [sys.executable, "-m", "backoffice_auto", "tasks", "run", "payables-run", "--date", TUESDAY,
               "-w", str(workspace.root), "--json"]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert sorted(json.loads(out)["status"] for out, _err in outs) == ["done", "duplicate"]
    assert len(payment_runs(workspace)) == 1


def test_status_lists_task_jobs(workspace):
    run_task(workspace)
    shown = run_cli_process("status", "-w", str(workspace.root), "--json")
    assert "payables-run-2026-12-01-" in shown.stdout


def test_a_task_is_due_from_its_time_on_its_weekdays():
    # payables-run: daily from 07:00 (it decides itself whether the day is a run day)
    assert ("payables-run", date(2026, 12, 1)) in due(None, datetime.combine(date(2026, 12, 1), time(7, 0)))
    assert due(None, datetime.combine(date(2026, 12, 1), time(6, 59))) == []


def test_an_unknown_task_is_a_usage_error(workspace):
    result = run_cli_process("tasks", "run", "payables-rnu", "-w", str(workspace.root))
    assert result.returncode == 2 and "payables-run" in result.stderr
