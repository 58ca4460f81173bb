"""The watcher daemon with real files, real watchdog events (and polling) and real subprocesses.

Starting the daemon costs seconds (the pipeline imports every job), so the tests that
do not disturb each other share one daemon per mode (`events`, `poll`) and look only at
their own files.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from backoffice_auto.eventlog import read_events
from backoffice_auto.watch.status import daemon_state
from backoffice_auto.workspace import Workspace
from conftest import write_workbook
from test_watch_support import DaemonProcess, no_daemon_left_behind, handled, items_csv, items_rows, status_json, wait_for

FAST = ("--stable", "0.5", "--rescan", "1")


@pytest.fixture(autouse=True)
def _reap_daemons():
    with no_daemon_left_behind():
        yield


@pytest.fixture(scope="module", params=["events", "poll"])
def running(request, tmp_path_factory):
    """(workspace, daemon, mode): one daemon per mode for the tests of this module."""
    ws = Workspace.at(tmp_path_factory.mktemp(f"watch-{request.param}") / "ws")
    ws.init()
    poll = ("--poll", "0.2") if request.param == "poll" else ()
    daemon = DaemonProcess(ws, *FAST, *poll).wait_started()
    yield ws, daemon, request.param
    assert daemon.terminate() == 0, daemon.stderr()


def _slow_copy(src: Path, dest: Path, chunk: int, pause: float) -> None:
    with open(src, "rb") as fin, open(dest, "wb") as fout:
        while True:
            block = fin.read(chunk)
            if not block:
                break
            fout.write(block)
            fout.flush()
            time.sleep(pause)


@pytest.fixture(scope="session")
def big_workbook(tmp_path_factory) -> Path:
    """A real master-data workbook padded with incompressible notes to over 5 MB."""
    path = tmp_path_factory.mktemp("big") / "big.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.title = "Items"
    for row in items_rows(50):
        sheet.append(row)
    pad = book.create_sheet("Attachments")
    for _ in range(int(5 * 1024 * 1024 / 2300) + 1):
        pad.append([base64.b64encode(os.urandom(2400)).decode()])
    book.save(path)
    assert path.stat().st_size >= 5 * 1024 * 1024
    return path


def test_big_workbook_copied_in_slow_chunks_is_processed_once_after_the_copy(running, big_workbook):
    ws, daemon, mode = running
    target = ws.inbox / "books" / f"big-{mode}.xlsx"
    _slow_copy(big_workbook, target, chunk=512 * 1024, pause=0.2)  # ~2 s, every pause under --stable
    wait_for(lambda: handled(ws, target.name), timeout=60, what=f"{target.name} handled")
    time.sleep(1.5)
    events = handled(ws, target.name)
    assert len(events) == 1, events
    archived = list(ws.archive.rglob(f"*{target.name}"))
    assert len(archived) == 1
    assert hashlib.sha256(archived[0].read_bytes()).digest() == hashlib.sha256(big_workbook.read_bytes()).digest()


def test_excel_style_save_is_processed_once_and_lock_and_temp_never(running, tmp_path):
    ws, daemon, mode = running
    books = ws.inbox / "books"
    name = f"prices-{mode}.xlsx"
    lock = books / f"~${name}"
    lock.write_bytes(b"\x0cJane Clerk" + b" " * 150)  # Excel's owner file while the book is open
    libre = books / f".~lock.{name}#"
    libre.write_text("Jane,host,/home/jane,22.11.2026 10:00;", encoding="utf-8")
    write_workbook(tmp_path / "v1.xlsx", {"Items": items_rows(4, start=500)})
    temp = books / "5D3E8A00"  # Excel writes the new content under a temp name ...
    shutil.copyfile(tmp_path / "v1.xlsx", temp)
    backup = books / f"{name}.tmp"
    backup.write_bytes(b"old")
    time.sleep(1.2)  # ... long enough that an unignored temp file would count as stable
    os.replace(temp, books / name)  # ... then renames it over the target
    backup.unlink()
    time.sleep(1.3)  # past --stable and a rescan: still open in the editor, so it waits
    assert not handled(ws, name) and (books / name).exists()
    assert lock.exists() and libre.exists()  # never touched
    lock.unlink()  # the clerk closes the workbook
    libre.unlink()
    wait_for(lambda: handled(ws, name), what=f"{name} handled once closed")
    time.sleep(1.3)  # past a rescan
    assert len(handled(ws, name)) == 1
    seen = {Path(e["file"]).name for e in handled(ws)}
    assert not seen & {lock.name, libre.name, temp.name, backup.name}


def test_renamed_in_and_subfolder_files_are_processed_once(running):
    ws, daemon, mode = running
    outside = write_workbook(ws.root / "elsewhere" / f"renamed-{mode}.xlsx", {"Items": items_rows(3, start=700)})
    os.rename(outside, ws.inbox / "books" / outside.name)
    folder = ws.root / "elsewhere" / f"batch-{mode}"
    items_csv(folder / "deep" / f"more-{mode}.csv", start=800)
    os.rename(folder, ws.inbox / "books" / folder.name)  # a whole folder tree moved in
    wait_for(lambda: handled(ws, outside.name) and handled(ws, f"more-{mode}.csv"), what="both handled")
    time.sleep(1.0)
    assert len(handled(ws, outside.name)) == len(handled(ws, f"more-{mode}.csv")) == 1
    assert daemon_state(ws)["pid"] == daemon.proc.pid


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a file name that is not UTF-8")
def test_a_name_from_an_old_share_is_taken_under_its_text_name(running):
    ws, daemon, mode = running
    if mode == "poll":
        pytest.skip("one mode is enough")
    # a Latin-1 name from an old share is not valid UTF-8: it once made the job fail outright
    bad = os.fsdecode(os.fsencode(str(ws.inbox / "books")) + b"/ceny-\xe9t\xe9.csv")
    items_csv(Path(bad), start=970)
    wait_for(lambda: handled(ws, Path(bad).name), what="the file")
    assert handled(ws, Path(bad).name)[0]["status"] == "done"
    job = handled(ws, Path(bad).name)[0]["job"]
    assert [p.name for p in ws.archive.rglob("*-ceny-*.csv")] == [f"{job}-ceny-\ufffdt\ufffd.csv"]
    assert not os.path.lexists(bad) and not read_events(ws, "watch.job_failed")
    assert daemon.proc.poll() is None


def test_a_failing_job_never_stops_the_daemon(running):
    ws, daemon, mode = running
    if mode == "poll":
        pytest.skip("one mode is enough")
    # the operator broke the workspace: no job can stage its outputs
    staging = ws.state_dir / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.write_text("not a folder")
    items_csv(ws.inbox / "books" / "during-breakage.csv", start=960)
    wait_for(lambda: read_events(ws, "watch.job_failed"), what="the failing job")
    staging.unlink()
    items_csv(ws.inbox / "books" / "after-failure.csv", start=900)
    wait_for(lambda: handled(ws, "after-failure.csv"), what="the next file")
    assert daemon.proc.poll() is None
    time.sleep(1.3)  # a rescan does not hand the unchanged failing file over again
    assert len(read_events(ws, "watch.job_failed")) == 1


def test_waiting_files_second_daemon_and_sigterm(workspace):
    """Files waiting at start are taken; a second daemon names the first's pid; SIGTERM
    lets the current job finish (no job left `running`) and leaves the rest waiting."""
    for i in range(40):
        items_csv(workspace.inbox / "books" / f"f{i:02d}.csv", start=i * 10 + 1, tag=f"{i}-")
    daemon = DaemonProcess(workspace, *FAST).wait_started()
    second = DaemonProcess(workspace, *FAST)
    assert second.proc.wait(60) == 2
    assert f"pid {daemon.proc.pid}" in second.stderr()
    second.log_file.close()
    wait_for(lambda: len(handled(workspace)) >= 2, what="jobs running")
    assert daemon.terminate() == 0
    done = handled(workspace)
    assert 2 <= len(done) <= 40  # (on a slow machine: some still waiting)
    assert read_events(workspace, "watch.stopped")
    report = status_json(workspace)
    assert report["jobs"].get("running", 0) == 0
    assert report["jobs"].get("done", 0) == len(done)
    assert len(report["queue"]) == 40 - len(done)
    assert not daemon_state(workspace)["running"]


def _drop_many(workspace, count: int) -> None:
    staging = workspace.root / "drop"
    staging.mkdir()
    for i in range(count):
        if i % 10 == 9:
            (staging / f"bad-{i:04d}.csv").write_text("nothing,we,know\n1,2,3\n", encoding="utf-8")
        else:
            items_csv(staging / f"items-{i:04d}.csv", count=1, start=i + 1, tag=f"{i}-")
    for path in staging.iterdir():  # "at once": renames, not slow copies
        os.rename(path, workspace.inbox / "books" / path.name)


SLOW = [pytest.mark.slow, pytest.mark.skipif(not os.environ.get("BACKOFFICE_SLOW_TESTS"),
                                              reason="slow: set BACKOFFICE_SLOW_TESTS=1")]


@pytest.mark.parametrize("count", [30, pytest.param(1000, marks=SLOW)])
def test_many_files_dropped_at_once_each_ends_once_and_status_agrees(workspace, count):
    daemon = DaemonProcess(workspace, *FAST).wait_started()
    try:
        _drop_many(workspace, count)
        wait_for(lambda: len(handled(workspace)) >= count, timeout=count * 1.0, interval=0.5,
                 what=f"{count} files handled")
        time.sleep(1.3)
    finally:
        assert daemon.terminate() == 0
    events = handled(workspace)
    assert len(events) == count
    assert len({e["file"] for e in events}) == count  # none twice
    archived = [p for p in workspace.archive.rglob("*") if p.is_file()]
    failed = [p for p in workspace.failed.iterdir() if not p.name.endswith((".error.txt", ".error.json"))]
    assert len(archived) + len(failed) == count
    assert len(failed) == count // 10
    assert not list((workspace.inbox / "books").iterdir())
    report = status_json(workspace)
    assert report["jobs"].get("done", 0) == len(archived)
    assert report["jobs"].get("refused", 0) == len(failed)
    assert report["queue"] == []
    assert report["mail"]["pending"] >= len(failed)  # a refusal notice for each refused file


def test_broken_rules_at_start_exit_2_naming_file_line_col(workspace):
    from backoffice_auto.watch.status import rules_state

    settings = workspace.rules_dir / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nlanguag: cs\n", encoding="utf-8")
    state = rules_state(workspace)
    assert state["state"] == "invalid" and state["source"] == "check"
    assert any(p.startswith("rules/settings.yaml:") and "languag" in p for p in state["problems"])
    daemon = DaemonProcess(workspace, *FAST)
    assert daemon.proc.wait(60) == 2
    err = daemon.stderr()
    daemon.log_file.close()
    assert "rules/settings.yaml:" in err and "languag" in err
    assert not daemon_state(workspace)["running"]
