"""The watcher daemon with real files, real watchdog events (and polling) and real subprocesses."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from backoffice_auto.eventlog import read_events
from backoffice_auto.watch.status import daemon_state
from conftest import write_workbook
from test_watch_support import DaemonProcess, handled, items_csv, items_rows, status_json, wait_for

FAST = ("--stable", "0.5", "--rescan", "2")


def test_renamed_in_and_subfolder_files_are_processed_once(workspace):
    daemon = DaemonProcess(workspace, *FAST).wait_started()
    try:
        outside = write_workbook(workspace.root / "elsewhere" / "items.xlsx", {"Items": items_rows(3)})
        os.rename(outside, workspace.inbox / "books" / "items.xlsx")
        folder = workspace.root / "elsewhere" / "batch"
        items_csv(folder / "more.csv", start=100)
        os.rename(folder, workspace.inbox / "books" / "batch")  # a whole folder moved in
        wait_for(lambda: len(handled(workspace)) >= 2, what="two files handled")
        time.sleep(1.0)
        assert sorted(Path(e["file"]).name for e in handled(workspace)) == ["items.xlsx", "more.csv"]
        assert all(e["status"] == "done" for e in handled(workspace))
        assert daemon_state(workspace)["pid"] == daemon.proc.pid
    finally:
        assert daemon.terminate() == 0
    assert not daemon_state(workspace)["running"]


def test_files_waiting_at_start_are_processed(workspace):
    for i in range(3):
        items_csv(workspace.inbox / "books" / f"waiting-{i}.csv", start=10 * i + 1)
    daemon = DaemonProcess(workspace, *FAST).wait_started()
    try:
        wait_for(lambda: len(handled(workspace)) == 3, what="three waiting files")
    finally:
        daemon.terminate()


def _slow_copy(src: Path, dest: Path, chunk: int, pause: float) -> None:
    with open(src, "rb") as fin, open(dest, "wb") as fout:
        while True:
            block = fin.read(chunk)
            if not block:
                break
            fout.write(block)
            fout.flush()
            time.sleep(pause)


def _big_workbook(path: Path, megabytes: float) -> Path:
    """A real master-data workbook padded with incompressible notes to the wanted size."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Items"
    rows = items_rows(50)
    rows[0].append("notes")
    for row in rows[1:]:
        row.append("")
    for row in rows:
        sheet.append(row)
    img = book.create_sheet("Attachments")
    import base64

    cells = int(megabytes * 1024 * 1024 / 2300) + 1
    for i in range(cells):
        img.append([base64.b64encode(os.urandom(2400)).decode()])
    book.save(path)
    return path


@pytest.mark.parametrize("mode", ["events", "poll"])
def test_big_workbook_copied_in_slow_chunks_is_processed_once_after_the_copy(workspace, tmp_path, mode):
    src = _big_workbook(tmp_path / "big.xlsx", 5)
    assert src.stat().st_size >= 5 * 1024 * 1024
    poll = ("--poll", "0.2") if mode == "poll" else ()
    daemon = DaemonProcess(workspace, *FAST, *poll).wait_started()
    try:
        target = workspace.inbox / "books" / "big.xlsx"
        _slow_copy(src, target, chunk=512 * 1024, pause=0.2)  # ~2 s of copying, pauses under --stable
        wait_for(lambda: handled(workspace, "big.xlsx"), timeout=60, what="big.xlsx handled")
        time.sleep(1.5)
        events = handled(workspace, "big.xlsx")
        assert len(events) == 1, events
        archived = list(workspace.archive.rglob("*big.xlsx"))
        assert len(archived) == 1
        assert hashlib.sha256(archived[0].read_bytes()).digest() == hashlib.sha256(src.read_bytes()).digest()
    finally:
        daemon.terminate()


@pytest.mark.parametrize("mode", ["events", "poll"])
def test_excel_style_save_is_processed_once_and_lock_and_temp_never(workspace, tmp_path, mode):
    poll = ("--poll", "0.2") if mode == "poll" else ()
    daemon = DaemonProcess(workspace, *FAST, *poll).wait_started()
    books = workspace.inbox / "books"
    try:
        lock = books / "~$prices.xlsx"
        lock.write_bytes(b"\x0cJane Clerk" + b" " * 150)  # Excel's owner file while open
        libre = books / ".~lock.prices.xlsx#"
        libre.write_text("Jane,host,/home/jane,22.11.2026 10:00;", encoding="utf-8")
        write_workbook(tmp_path / "v1.xlsx", {"Items": items_rows(4)})
        temp = books / "5D3E8A00"  # Excel writes the new content under a temp name ...
        shutil.copyfile(tmp_path / "v1.xlsx", temp)
        backup = books / "prices.xlsx.tmp"
        backup.write_bytes(b"old")
        time.sleep(1.2)  # ... long enough that an unignored temp file would be stable
        os.replace(temp, books / "prices.xlsx")  # ... and renames it over the target
        backup.unlink()
        wait_for(lambda: handled(workspace, "prices.xlsx"), what="prices.xlsx handled")
        time.sleep(2.5)  # past a rescan
        assert lock.exists() and libre.exists()  # never touched
        names = [Path(e["file"]).name for e in handled(workspace)]
        assert names == ["prices.xlsx"]
        assert not list(workspace.failed.iterdir())
        lock.unlink()
        libre.unlink()
    finally:
        daemon.terminate()


def test_second_daemon_says_which_pid_holds_the_workspace(workspace):
    first = DaemonProcess(workspace, *FAST).wait_started()
    try:
        second = DaemonProcess(workspace, *FAST)
        code = second.proc.wait(60)
        assert code == 2
        assert f"pid {first.proc.pid}" in second.stderr()
        second.log_file.close()
    finally:
        first.terminate()


def test_sigterm_finishes_the_current_job_then_stops(workspace):
    for i in range(30):
        items_csv(workspace.inbox / "books" / f"f{i:02d}.csv", start=i * 10 + 1, tag=f"{i}-")
    daemon = DaemonProcess(workspace, *FAST).wait_started()
    wait_for(lambda: len(handled(workspace)) >= 2, what="jobs running")
    assert daemon.terminate() == 0
    done = handled(workspace)
    assert 2 <= len(done) < 30
    assert read_events(workspace, "watch.stopped")
    report = status_json(workspace)
    assert report["jobs"].get("running", 0) == 0
    assert report["jobs"].get("done", 0) == len(done)
    assert len(report["queue"]) == 30 - len(done)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a file name that is not UTF-8")
def test_a_failing_job_never_stops_the_daemon(workspace):
    daemon = DaemonProcess(workspace, *FAST).wait_started()
    try:
        # a Latin-1 name from an old share: not valid UTF-8, the journal cannot store it
        bad = os.fsdecode(os.fsencode(str(workspace.inbox / "books")) + b"/ceny-\xe9t\xe9.csv")
        items_csv(Path(bad))
        wait_for(lambda: read_events(workspace, "watch.job_failed"), what="the failing job")
        items_csv(workspace.inbox / "books" / "after.csv")
        wait_for(lambda: handled(workspace, "after.csv"), what="the next file")
        assert daemon.proc.poll() is None
        time.sleep(2.5)  # a rescan does not hand the unchanged failing file over again
        assert len(read_events(workspace, "watch.job_failed")) == 1
    finally:
        assert daemon.terminate() == 0


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


@pytest.mark.parametrize("count", [150, pytest.param(1000, marks=SLOW)])
def test_many_files_dropped_at_once_each_ends_once_and_status_agrees(workspace, count):
    daemon = DaemonProcess(workspace, *FAST).wait_started()
    try:
        _drop_many(workspace, count)
        wait_for(lambda: len(handled(workspace)) >= count, timeout=count * 1.0, interval=0.5,
                 what=f"{count} files handled")
        time.sleep(2.5)
    finally:
        assert daemon.terminate() == 0
    events = handled(workspace)
    assert len(events) == count
    assert len({e["file"] for e in events}) == count  # none twice
    archived = [p for p in workspace.archive.rglob("*") if p.is_file()]
    failed = [p for p in workspace.failed.iterdir() if not p.name.endswith((".error.txt", ".error.json"))]
    assert len(archived) + len(failed) == count
    assert len(failed) == count // 10
    assert not [p for p in (workspace.inbox / "books").iterdir()]
    report = status_json(workspace)
    assert report["jobs"].get("done", 0) == len(archived)
    assert report["jobs"].get("refused", 0) == len(failed)
    assert report["queue"] == []
    # one refusal notice per refused file, routed to the admin (books/ -> role:admin)
    assert report["mail"]["pending"] >= len(failed)
