"""Regression tests for issue 12, items 5 (pipeline part), 10 and 11 (pipeline part): each
job's time is bounded, a file that crashed the process twice goes to `failed/`, two
`process` runs at once, a file still being written, a handler that crashes, a claim whose
file vanished. Real `process` subprocesses on real workspaces.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backoffice_auto.eventlog import read_events
from conftest import cli_json, run_cli_process
from test_pipeline_inbox_safety import books_items, failed_files, process
from test_watch_support import items_csv


def _limit(ws, seconds: int) -> None:
    settings = ws.rules_dir / "settings.yaml"
    text, count = re.subn(r"(?m)^  max_job_seconds: \d+", f"  max_job_seconds: {seconds}",
                          settings.read_text(encoding="utf-8"))
    assert count == 1
    settings.write_text(text, encoding="utf-8")


# --- item 5: bounded time, and a file that crashed the process twice ---------------------------

def test_job_over_its_time_bound_is_refused_with_the_reason(workspace):
    _limit(workspace, 1)
    path = items_csv(workspace.inbox / "books" / "items.csv")
    code, results, _ = process(workspace, str(path), env={"BACKOFFICE_STALL_AT": "processing"})
    assert code == 1
    [result] = results
    assert result["status"] == "refused"
    assert "longer than 1 s" in result["messages"][0]["text"]
    assert "items.csv" in failed_files(workspace) and books_items(workspace) == []
    assert "longer than 1 s" in (workspace.failed / "items.csv.error.txt").read_text(encoding="utf-8")


def test_job_stuck_where_python_cannot_stop_it_is_killed_then_refused_on_the_next_run(workspace):
    _limit(workspace, 1)
    path = items_csv(workspace.inbox / "books" / "items.csv")
    env = {"BACKOFFICE_STALL_AT": "processing", "BACKOFFICE_STALL_NATIVE": "1"}
    first = run_cli_process("process", "-w", str(workspace.root), "--json", env=env)
    assert first.returncode == -signal.SIGKILL  # the hard bound: 2 x 1 s + 1 s
    assert read_events(workspace, "job.time_limit_kill")
    code, results, _ = process(workspace, env=env)
    assert code == 1 and results[0]["status"] == "refused"
    assert "longer than 1 s" in results[0]["messages"][0]["text"]
    assert "items.csv" in failed_files(workspace)


def test_file_that_crashed_the_process_twice_goes_to_failed_with_the_reason(workspace):
    path = items_csv(workspace.inbox / "books" / "items.csv")
    env = {"BACKOFFICE_CRASH_AT": "processing"}  # the job itself kills the process, every time
    assert run_cli_process("process", "-w", str(workspace.root), env=env).returncode == -signal.SIGKILL
    code, results, _ = process(workspace, env=env)
    assert code == 1
    [result] = results
    assert result["status"] == "refused" and result["file"] == "inbox/books/items.csv"
    assert "stopped the program twice" in result["messages"][0]["text"]
    assert "SIGKILL" in result["messages"][0]["text"]
    assert not path.exists() and "items.csv" in failed_files(workspace)
    _, status = cli_json("status", "-w", str(workspace.root))
    assert status["jobs"] == {"refused": 1}
    code, results, _ = process(workspace, inproc=True)  # nothing left to retry for ever
    assert code == 0 and results == []


def test_one_outside_kill_is_not_a_crash_of_the_file(workspace):
    path = items_csv(workspace.inbox / "books" / "items.csv")
    killed = run_cli_process("process", "-w", str(workspace.root), env={"BACKOFFICE_CRASH_AT": "processing"})
    assert killed.returncode == -signal.SIGKILL
    code, results, _ = process(workspace)
    assert code == 0 and results[0]["status"] == "done"
    assert not path.exists() and books_items(workspace) == ["SKU-00001", "SKU-00002"]


# --- item 10: two process runs at once; a file still being written -----------------------------

def test_two_process_runs_at_once_never_report_the_other_runs_files_as_refused(workspace):
    for n in range(8):
        items_csv(workspace.inbox / "books" / f"part-{n}.csv", start=n * 10 + 1)
    command = [sys.executable, "-m", "backoffice_auto", "process", "-w", str(workspace.root), "--json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=180) for run in runs]
    results = [json.loads(out) for out, _ in outputs]
    assert [run.returncode for run in runs] == [0, 0], outputs  # each run's JSON and stderr
    statuses = [r["status"] for rs in results for r in rs]
    assert "refused" not in statuses
    assert statuses.count("done") == 8
    for taken in (r for rs in results for r in rs if r["status"] == "taken"):
        assert "taken by another run" in taken["messages"][0]["text"]
    assert len(books_items(workspace)) == 16


def test_file_another_run_committed_but_had_not_moved_yet_is_reported_taken_not_refused(workspace):
    """Run A has committed its job but not yet moved the file out of the inbox when run B takes
    its mark and lists the inbox (A is killed right after its commit to hold it at that moment);
    the file's delivery is then finished by another run. When B's turn comes the file is gone:
    B says another run took it, never that it disappeared (a refusal, exit status 1)."""
    from backoffice_auto.pipeline.runner import Pipeline

    path = items_csv(workspace.inbox / "books" / "items.csv")
    run_a = run_cli_process("process", "-w", str(workspace.root), env={"BACKOFFICE_CRASH_AT": "committed"})
    assert run_a.returncode == -signal.SIGKILL
    run_b = Pipeline(workspace)
    try:
        since = run_b.journal_mark()
        listed = run_b.waiting_files()
        assert listed == [path]
        code, results, _ = process(workspace)  # its start finishes job 000001's delivery
        assert code == 0 and results == []
        [result] = run_b.process_paths(listed, since=since)
    finally:
        run_b.close()
    assert result.status == "taken" and result.job is None, result
    assert "taken by another run (job 000001)" in result.messages[0]["text"]
    assert not path.exists() and [p.name for p in workspace.archive.rglob("*items.csv")] == ["000001-items.csv"]
    assert books_items(workspace) == ["SKU-00001", "SKU-00002"]
    _, status = cli_json("status", "-w", str(workspace.root))
    assert status["jobs"] == {"done": 1}


def test_csv_still_being_written_is_waited_for_then_taken_whole(workspace):
    """The first line is written and the file kept busy until `process` says it waits for it
    (`process.waiting` in the log); then the second line is written: the file is taken once
    it has been quiet for `--stable` seconds, both lines in it."""
    path = workspace.inbox / "books" / "items.csv"
    path.write_text("sku,name,unit,unit_price,currency,tax_rate,on_hand,location\n"
                    "SKU-1,One,pcs,1.50,EUR,21,1,A-01\n", encoding="utf-8")
    command = [sys.executable, "-m", "backoffice_auto", "process", "-w", str(workspace.root), "--json",
               "--stable", "3"]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not read_events(workspace, "process.waiting"):  # the writer is still at it
        assert run.poll() is None and time.monotonic() < deadline, run.communicate()
        os.utime(path)
        time.sleep(0.1)
    with open(path, "a", encoding="utf-8") as out:
        out.write("SKU-2,Two,pcs,2.50,EUR,21,2,A-01\n")
    stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 0, stderr
    [entry] = json.loads(stdout)
    assert entry["status"] == "done"
    assert any("waited" in m["text"] for m in entry["messages"]), entry
    assert read_events(workspace, "process.waiting")[0]["files"] == ["inbox/books/items.csv"]
    assert books_items(workspace) == ["SKU-1", "SKU-2"]


def test_file_that_keeps_changing_is_left_for_a_later_run(workspace):
    path = workspace.inbox / "books" / "items.csv"
    writer = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\n"
        "out = open(sys.argv[1], 'w')\n"
        "out.write('sku,name,unit,unit_price,currency,tax_rate,on_hand,location\\n')\n"
        "for n in range(600):\n"
        "    out.write(f'SKU-{n},Item,pcs,1.50,EUR,21,1,A-01\\n'); out.flush(); time.sleep(0.1)\n"), str(path)])
    try:
        while not path.exists():
            time.sleep(0.01)
        code, results, _ = process(workspace, "--stable", "0.5")
    finally:
        writer.kill()
        writer.wait()
    assert code == 0
    [entry] = results
    assert entry["status"] == "waiting" and entry["job"] is None
    assert "still being written" in entry["messages"][0]["text"]
    assert path.exists() and books_items(workspace) == []


# --- item 11: error and recovery paths ----------------------------------------------------------

class _CrashingHandler:
    kind = "crashing"
    folders = ("books",)

    def identify(self, incoming) -> bool:
        return True

    def process(self, incoming, ctx) -> None:
        ctx.books.upsert("items", {"sku": "HALF", "name": "entered before the crash"})
        raise ZeroDivisionError("division by zero in a handler")


def test_handler_that_crashes_ends_with_the_file_refused_and_the_reason(workspace):
    from backoffice_auto.pipeline.runner import Pipeline

    path = items_csv(workspace.inbox / "books" / "items.csv")
    pipeline = Pipeline(workspace, handlers=[_CrashingHandler()])
    [result] = pipeline.process_paths([path])
    pipeline.close()
    assert result["status"] == "refused" and result["job"] == "000001"
    assert result["messages"][0]["text"] == "internal error while processing: ZeroDivisionError: division by zero in a handler"
    assert not path.exists() and (workspace.failed / "items.csv").is_file()
    assert "ZeroDivisionError" in (workspace.failed / "items.csv.error.txt").read_text(encoding="utf-8")
    [crash] = read_events(workspace, "job.crashed")
    assert crash["job"] == "000001" and "ZeroDivisionError" in crash["traceback"]
    assert books_items(workspace) == []  # nothing the handler did before the crash is kept
    _, status = cli_json("status", "-w", str(workspace.root))
    assert status["jobs"] == {"refused": 1}


def test_recover_drops_a_claim_whose_file_vanished(workspace):
    path = items_csv(workspace.inbox / "books" / "items.csv")
    crashed = run_cli_process("process", str(path), "-w", str(workspace.root), env={"BACKOFFICE_CRASH_AT": "claimed"})
    assert crashed.returncode == -signal.SIGKILL
    _, status = cli_json("status", "-w", str(workspace.root))
    assert status["jobs"] == {"running": 1}
    path.unlink()
    code, results, _ = process(workspace, inproc=True)
    assert code == 0 and results == []
    _, status = cli_json("status", "-w", str(workspace.root))
    assert status["jobs"] == {}
    [recovered] = read_events(workspace, "recovered")
    assert recovered["interrupted"] == 1 and recovered["delivered"] == 0
