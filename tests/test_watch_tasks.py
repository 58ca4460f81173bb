"""The daemon starts scheduled tasks (issue 9 item 4, issue 10 "the daemon starts runs on run
days"): real `watch` subprocesses on temp workspaces, the clock fixed by BACKOFFICE_NOW.

What must hold: the payables run is started on run days only (a bank holiday's run moved
to the day before), once per date whoever starts it (the daemon, `payables run` at the same
moment, a daemon started again, a daemon killed mid-run and restarted: redone once, never
twice); a task not listed in watch.yaml is never started by the clock.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backoffice_auto.books import journal
from backoffice_auto.books.store import Store
from backoffice_auto.eventlog import read_events
from backoffice_auto.pipeline.tasks import enabled_tasks, request_key
from backoffice_auto.rules.loader import load_rules
from payables_support import books_rows
from payables_support import workspace as payables_workspace
from test_watch_support import REPO, DaemonProcess, no_daemon_left_behind, wait_for

FAST = ("--stable", "0.3", "--rescan", "2")
TUESDAY = "2026-12-01"  # a run day (default: Tuesday and Thursday)


@pytest.fixture(autouse=True)
def _reap_daemons():
    with no_daemon_left_behind():
        yield


@pytest.fixture
def ws(tmp_path):
    """The payables test workspace (suppliers, bills) with the payment run turned on for the clock."""
    workspace = payables_workspace(tmp_path)
    (workspace.rules_dir / "watch.yaml").write_text("tasks: [payables-run]\n", encoding="utf-8")
    return workspace


def clock(moment: str, **extra: str) -> dict:
    return {"BACKOFFICE_NOW": moment, "BACKOFFICE_CLOCK": "on", **extra}


def task_events(workspace, day: str = TUESDAY) -> list[dict]:
    """What each daemon did with the day's run: handled (done, duplicate, refused) or settled."""
    return [e for e in read_events(workspace, "watch.handled") + read_events(workspace, "watch.task_settled")
            if e.get("task") == "payables-run" and e.get("date") == day]


def day_looked_at(workspace, day: str, daemons: int = 1) -> list[dict]:
    """The clock's look at `day` (once a day per daemon), when `daemons` daemons have looked."""
    looks = [e for e in read_events(workspace, "watch.tasks_today") if e["date"] == day]
    return looks if len(looks) >= daemons else []


def key_jobs(workspace, day: str = TUESDAY) -> list[journal.JobRow]:
    from datetime import date

    store = Store(workspace.db_path)
    try:
        return store.journal.all_with(request_key("payables-run", date.fromisoformat(day)))
    finally:
        store.close()


def proposals(workspace) -> list[Path]:
    return sorted(workspace.outbox.rglob("payment-proposal-*.xlsx"))


def proposal_mails(workspace) -> list[Path]:
    return [p for p in (workspace.root / "outbox" / "mail").rglob("*.eml")
            if "PR-20261201" in p.read_text(encoding="utf-8", errors="replace")]


def test_watch_starts_the_payment_run_on_a_run_day(ws):
    daemon = DaemonProcess(ws, *FAST, env=clock(f"{TUESDAY}T07:30")).wait_started()
    (event,) = wait_for(lambda: task_events(ws), what="the day's payment run")
    assert event["status"] == "done", daemon.stderr()
    assert daemon.terminate() == 0
    runs = books_rows(ws, "payment_runs")
    assert [str(r["run_date"]) for r in runs.values()] == [TUESDAY]
    assert len(proposals(ws)) == 1 and len(proposal_mails(ws)) == 1  # the same outputs and mail as `payables run`
    assert [row.status for row in key_jobs(ws)] == ["done"]


def test_a_workspace_as_init_makes_it_gets_the_payment_run_on_run_days_with_no_configuration(ws):
    """The sample rules/watch.yaml leaves `tasks:` out: every scheduled task is on."""
    sample = Path(__file__).resolve().parents[1] / "backoffice_auto" / "samples" / "rules" / "watch.yaml"
    (ws.rules_dir / "watch.yaml").write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    assert enabled_tasks(load_rules(ws.rules_dir).rules) == ("payables-run",)
    daemon = DaemonProcess(ws, *FAST, env=clock(f"{TUESDAY}T07:30")).wait_started()
    (event,) = wait_for(lambda: task_events(ws), what="the day's payment run")
    assert event["status"] == "done", daemon.stderr()
    assert daemon.terminate() == 0
    assert len(proposals(ws)) == 1 and len(proposal_mails(ws)) == 1


def test_the_clock_can_be_kept_from_starting_anything(ws):
    """`BACKOFFICE_CLOCK=off` (what the other daemons of the test suite run with): the day is
    looked at, nothing is started."""
    daemon = DaemonProcess(ws, *FAST, env=clock(f"{TUESDAY}T10:00", BACKOFFICE_CLOCK="off")).wait_started()
    (today,) = wait_for(lambda: day_looked_at(ws, TUESDAY), what="the clock's look at the day")
    assert daemon.terminate() == 0
    assert today["tasks"] == [] and task_events(ws) == [] and books_rows(ws, "payment_runs") == {}


def test_watch_does_not_start_the_run_on_other_days_or_before_its_time(ws):
    daemon = DaemonProcess(ws, *FAST, env=clock("2026-12-02T09:00")).wait_started()  # a Wednesday
    (today,) = wait_for(lambda: day_looked_at(ws, "2026-12-02"), what="the clock's look at the day")
    assert today["tasks"] == []
    assert daemon.terminate() == 0
    daemon = DaemonProcess(ws, *FAST, env=clock(f"{TUESDAY}T06:59")).wait_started()  # a run day, before 07:00
    (today,) = wait_for(lambda: day_looked_at(ws, TUESDAY), what="the clock's look at the day")
    assert today["tasks"] == ["payables-run"]
    assert daemon.terminate() == 0
    assert task_events(ws) == [] and books_rows(ws, "payment_runs") == {}


def test_a_run_day_on_a_bank_holiday_moves_to_the_day_before(ws):
    """Thursday 24 December 2026 is a Czech public holiday: its run is made on Wednesday 23."""
    daemon = DaemonProcess(ws, *FAST, env=clock("2026-12-23T08:00")).wait_started()
    (event,) = wait_for(lambda: task_events(ws, "2026-12-23"), what="the moved payment run")
    assert event["status"] == "done"
    assert daemon.terminate() == 0
    assert [str(r["run_date"]) for r in books_rows(ws, "payment_runs").values()] == ["2026-12-23"]


def test_a_task_not_listed_in_watch_yaml_is_not_started_by_the_clock(ws):
    (ws.rules_dir / "watch.yaml").write_text("tasks: []\n", encoding="utf-8")
    daemon = DaemonProcess(ws, *FAST, env=clock(f"{TUESDAY}T10:00")).wait_started()
    (today,) = wait_for(lambda: day_looked_at(ws, TUESDAY), what="the clock's look at the day")
    assert daemon.terminate() == 0
    assert today["tasks"] == [] and task_events(ws) == [] and books_rows(ws, "payment_runs") == {}


def test_watch_started_twice_on_one_day_runs_the_task_once(ws):
    first = DaemonProcess(ws, *FAST, env=clock(f"{TUESDAY}T07:30")).wait_started()
    wait_for(lambda: task_events(ws), what="the first daemon's run")
    assert first.terminate() == 0
    second = DaemonProcess(ws, *FAST, env=clock(f"{TUESDAY}T15:00")).wait_started()
    wait_for(lambda: len(task_events(ws)) == 2, what="the second daemon's look at the task")
    assert second.terminate() == 0
    assert [e.get("status", "settled") for e in task_events(ws)] == ["done", "settled"]
    assert [row.status for row in key_jobs(ws)] == ["done"]  # no second job, not even a duplicate
    assert len(books_rows(ws, "payment_runs")) == 1 and len(proposals(ws)) == 1 and len(proposal_mails(ws)) == 1


def test_watch_killed_mid_task_redoes_it_once_never_twice(ws):
    killed = DaemonProcess(ws, *FAST, env=clock(f"{TUESDAY}T07:30", BACKOFFICE_CRASH_AT="processing"))
    assert killed.proc.wait(60) == -9, killed.stderr()  # SIGKILL in the middle of the payment run
    killed.log_file.close()
    (cut,) = key_jobs(ws)
    assert cut.status == "running" and books_rows(ws, "payment_runs") == {}  # nothing of it committed
    again = DaemonProcess(ws, *FAST, env=clock(f"{TUESDAY}T07:31")).wait_started()
    (event,) = wait_for(lambda: task_events(ws), what="the redone run")
    assert event["status"] == "done" and event["job"] == cut.job_id  # the same job, redone
    assert again.terminate() == 0
    third = DaemonProcess(ws, *FAST, env=clock(f"{TUESDAY}T08:00")).wait_started()
    wait_for(lambda: len(task_events(ws)) == 2, what="the third daemon's look at the task")
    assert third.terminate() == 0
    assert [row.status for row in key_jobs(ws)] == ["done"]
    assert len(books_rows(ws, "payment_runs")) == 1 and len(proposals(ws)) == 1 and len(proposal_mails(ws)) == 1
    assert not list((ws.state_dir / "tasks").glob("*.task"))  # the dead process's request was taken over


def test_watch_and_payables_run_starting_the_same_run_at_once_run_it_once(ws):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKOFFICE_")}
    env.update(clock(f"{TUESDAY}T07:30"), PYTHONPATH=str(REPO) + os.pathsep + env.get("PYTHONPATH", ""))
    command = [sys.executable, "-m", "backoffice_auto", "payables", "run", "--date", TUESDAY, "-w", str(ws.root),
               "--json"]
    daemon = DaemonProcess(ws, *FAST, env=clock(f"{TUESDAY}T07:30"))
    clerk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    out, err = clerk.communicate(timeout=120)
    assert clerk.returncode == 0, err
    daemon.wait_started()
    wait_for(lambda: task_events(ws), what="the daemon's start of the run")
    assert daemon.terminate() == 0
    statuses = sorted([row.status for row in key_jobs(ws)])
    assert statuses in (["done"], ["done", "duplicate"]), statuses  # one run; a second start is a duplicate
    assert len(books_rows(ws, "payment_runs")) == 1 and len(proposals(ws)) == 1 and len(proposal_mails(ws)) == 1


def test_status_lists_the_task_with_its_last_run_state_and_next_start(ws, monkeypatch):
    from test_watch_support import status_json

    monkeypatch.setenv("BACKOFFICE_NOW", f"{TUESDAY}T07:00")
    (task,) = status_json(ws)["tasks"]
    assert (task["state"], task["last_run"], task["next_due"][:16]) == ("never", None, f"{TUESDAY}T07:00")
    daemon = DaemonProcess(ws, *FAST, env=clock(f"{TUESDAY}T07:30")).wait_started()
    wait_for(lambda: task_events(ws), what="the day's payment run")
    assert daemon.terminate() == 0
    monkeypatch.setenv("BACKOFFICE_NOW", f"{TUESDAY}T12:00")
    (task,) = status_json(ws)["tasks"]
    assert task["task"] == "payables-run" and task["enabled"] is True
    assert task["state"] == "done" and task["last_run"]["date"] == TUESDAY and task["last_run"]["status"] == "done"
    assert task["next_due"].startswith("2026-12-03T07:00")  # Thursday, the next run day
