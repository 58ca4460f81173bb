"""Regression tests for issue 12, items 2, 3, 9: links and special files in the inbox, file
names that once stopped the service, and `failed/` never overwriting.

Each test reproduces the report as written, with a real `process` subprocess (or the real
daemon) on a real workspace, and checks that it now holds.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from email import message_from_bytes
from pathlib import Path

import pytest

from backoffice_auto.eventlog import read_events
from conftest import cli_json, run_cli, run_cli_process, write_workbook
from test_pipeline import items_rows
from test_watch_support import DaemonProcess, handled, items_csv, no_daemon_left_behind, wait_for


def process(ws, *paths: str, env: dict | None = None, timeout: float = 120, inproc: bool = False):
    """`backoffice-auto process --json` as a real subprocess (or, for steps that only look
    again, in this process): (exit code, results, stderr)."""
    if inproc:
        result = run_cli("process", *paths, "-w", str(ws.root), "--json", env=env)
    else:
        result = run_cli_process("process", *paths, "-w", str(ws.root), "--json", env=env, timeout=timeout)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout or "null"), result.stderr


def tree(path: Path) -> dict[str, str]:
    """Every file below `path` with the sha256 of its content (links not followed)."""
    out = {}
    for item in sorted(path.rglob("*")):
        if item.is_file() and not item.is_symlink():
            out[str(item.relative_to(path))] = hashlib.sha256(item.read_bytes()).hexdigest()
    return out


def books_items(ws) -> list[str]:
    _, books = cli_json("books", "export", "-w", str(ws.root))
    return [item["sku"] for item in books["items"]]


def failed_files(ws) -> list[str]:
    return sorted(p.name for p in ws.failed.iterdir()) if ws.failed.exists() else []


@pytest.fixture
def stocked(workspace):
    """A workspace whose books already hold three items (what a link to state.db would steal)."""
    path = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": items_rows(3)})
    code, results, _ = process(workspace, str(path))
    assert code == 0, results
    return workspace


# --- item 2: links and special files are never followed --------------------------------------

LINK_TARGETS = {
    "state.db": lambda ws: Path("../../.backoffice/state.db"),
    "rules": lambda ws: Path("../../rules"),
    "mail-pending": lambda ws: Path("../../outbox/mail/pending"),
    "etc-passwd": lambda ws: Path("/etc/passwd"),
}


@pytest.mark.parametrize("target", sorted(LINK_TARGETS))
def test_link_in_inbox_is_refused_and_its_target_never_touched(stocked, target):
    ws = stocked
    (ws.mail_pending / "waiting.eml").parent.mkdir(parents=True, exist_ok=True)
    (ws.mail_pending / "waiting.eml").write_bytes(b"Subject: kept\n\nbody\n")
    link = ws.inbox / "books" / "items.xlsx"
    os.symlink(LINK_TARGETS[target](ws), link)
    resolved = Path(os.path.realpath(link))
    before = tree(resolved) if resolved.is_dir() else {"": hashlib.sha256(resolved.read_bytes()).hexdigest()}

    code, results, _ = process(ws)

    assert code == 1
    [result] = results
    assert result["status"] == "refused" and result["file"] == "inbox/books/items.xlsx"
    assert "link" in result["messages"][0]["text"]
    after = tree(resolved) if resolved.is_dir() else {"": hashlib.sha256(resolved.read_bytes()).hexdigest()}
    if target != "state.db":  # the database itself changes: it journaled the refusal
        assert before.items() <= after.items()  # nothing there moved or changed
        assert all(name.startswith(result["job"]) for name in after.keys() - before.keys())  # the notice
    assert ws.db_path.is_file() and not ws.db_path.is_symlink()
    assert not os.path.lexists(link)  # the link itself is taken out of the inbox, nothing else
    assert failed_files(ws) == ["items.xlsx.error.json", "items.xlsx.error.txt"]
    assert books_items(ws) == ["SKU-0001", "SKU-0002", "SKU-0003"]
    assert (ws.mail_pending / "waiting.eml").read_bytes() == b"Subject: kept\n\nbody\n"


def test_link_to_state_db_under_watch_loses_neither_the_books_nor_a_later_file(stocked):
    ws = stocked
    with no_daemon_left_behind():
        daemon = DaemonProcess(ws, "--stable", "0.3", "--rescan", "1").wait_started()
        os.symlink("../../.backoffice/state.db", ws.inbox / "books" / "prices.xlsx")
        wait_for(lambda: handled(ws, "prices.xlsx"), what="the link to be handled")
        write_workbook(ws.inbox / "books" / "more.xlsx", {"Items": items_rows(5)})
        wait_for(lambda: handled(ws, "more.xlsx"), what="the next file")
        assert daemon.terminate() == 0, daemon.stderr()
    assert [e["status"] for e in handled(ws, "prices.xlsx")] == ["refused"]
    assert [e["status"] for e in handled(ws, "more.xlsx")] == ["done"]
    assert books_items(ws) == [f"SKU-{i:04d}" for i in range(1, 6)]
    assert "prices.xlsx" not in failed_files(ws)


def test_hard_link_to_state_db_is_refused_unread_and_only_its_inbox_name_removed(stocked):
    ws = stocked
    name = ws.inbox / "books" / "salaries.xlsx"
    os.link(ws.db_path, name)
    inode = os.stat(ws.db_path).st_ino

    code, results, _ = process(ws, str(name))

    assert code == 1 and results[0]["status"] == "refused"
    assert "hard link" in results[0]["messages"][0]["text"]
    assert not name.exists()
    assert os.stat(ws.db_path).st_ino == inode and os.stat(ws.db_path).st_nlink == 1
    assert failed_files(ws) == ["salaries.xlsx.error.json", "salaries.xlsx.error.txt"]
    assert all(os.stat(p).st_ino != inode for p in ws.root.rglob("*") if p.is_file() and p != ws.db_path)
    assert books_items(ws) == ["SKU-0001", "SKU-0002", "SKU-0003"]


def test_fifo_named_on_the_command_line_is_refused_not_waited_on(workspace):
    fifo = workspace.inbox / "books" / "items.csv"
    os.mkfifo(fifo)
    code, results, _ = process(workspace, str(fifo), timeout=60)  # it used to hang here for ever
    assert code == 1
    assert results[0]["status"] == "refused" and "pipe" in results[0]["messages"][0]["text"]
    assert not os.path.lexists(fifo)
    assert failed_files(workspace) == ["items.csv.error.json", "items.csv.error.txt"]


def test_fifo_and_link_dropped_under_watch_are_refused_and_the_daemon_goes_on(workspace):
    with no_daemon_left_behind():
        daemon = DaemonProcess(workspace, "--stable", "0.3", "--rescan", "1").wait_started()
        os.mkfifo(workspace.inbox / "timesheets" / "week48.csv")
        os.symlink("../../rules", workspace.inbox / "books" / "rules")
        wait_for(lambda: handled(workspace, "week48.csv") and handled(workspace, "rules"), what="both handled")
        items_csv(workspace.inbox / "books" / "after.csv")
        wait_for(lambda: handled(workspace, "after.csv"), what="the next file")
        assert daemon.proc.poll() is None
        assert daemon.terminate() == 0, daemon.stderr()
    assert handled(workspace, "week48.csv")[0]["status"] == "refused"
    assert handled(workspace, "rules")[0]["status"] == "refused"
    assert handled(workspace, "after.csv")[0]["status"] == "done"
    assert (workspace.rules_dir / "settings.yaml").is_file()
    assert "week48.csv.error.txt" in failed_files(workspace)
    assert not read_events(workspace, "watch.job_failed")


def test_file_below_a_linked_folder_is_never_reached(stocked):
    """`process inbox/books/state/state.db` where `state` links to `.backoffice`: the link is
    what is refused (and removed), the database stays where it is."""
    ws = stocked
    os.symlink("../../.backoffice", ws.inbox / "books" / "state")
    code, results, _ = process(ws, str(ws.inbox / "books" / "state" / "state.db"))
    assert code == 1 and results[0]["status"] == "refused"
    assert results[0]["file"] == "inbox/books/state"
    assert ws.db_path.is_file() and not os.path.lexists(ws.inbox / "books" / "state")
    assert books_items(ws) == ["SKU-0001", "SKU-0002", "SKU-0003"]


def test_database_named_on_the_command_line_is_never_moved(stocked):
    ws = stocked
    code, results, _ = process(ws, str(ws.db_path))
    assert code == 1 and results[0]["status"] == "refused"
    assert ws.db_path.is_file() and not any(p.name.startswith("state.db") and p.suffix == ".db"
                                             for p in ws.failed.iterdir())
    assert books_items(ws) == ["SKU-0001", "SKU-0002", "SKU-0003"]


# --- item 3: no file name can stop the service -------------------------------------------------

def test_250_character_name_is_archived_under_a_bounded_name_and_restarts_stay_clean(workspace):
    name = "objednavka-" + "x" * 235 + ".csv"
    assert len(name) == 250
    path = items_csv(workspace.inbox / "books" / name)
    code, results, _ = process(workspace, str(path))
    assert code == 0, results
    job = results[0]["job"]
    [archived] = [p for p in workspace.archive.rglob("*") if p.is_file()]
    assert archived.name.startswith(f"{job}-objednavka-xxx") and archived.name.endswith(f"~{job}.csv")
    assert len(archived.name.encode()) <= 143
    assert all(len(p.name.encode()) <= 143 for p in workspace.outbox.rglob("*"))
    code, results, _ = process(workspace, inproc=True)  # recover() at start: nothing left to deliver
    assert code == 0 and results == []


def _two_committed_undelivered_jobs(workspace, tamper) -> None:
    """Job 1 commits and the process dies; `tamper(conn)` spoils its delivery; job 2 commits
    and the process dies too (its start tried job 1's delivery already)."""
    first = items_csv(workspace.inbox / "books" / "first.csv")
    second = items_csv(workspace.inbox / "books" / "second.csv", start=10)
    env = {"BACKOFFICE_CRASH_AT": "committed"}
    assert run_cli_process("process", str(first), "-w", str(workspace.root), env=env).returncode == -9
    with sqlite3.connect(workspace.db_path) as conn:
        tamper(conn)
    assert run_cli_process("process", str(second), "-w", str(workspace.root), env=env).returncode == -9


def test_too_long_archive_name_left_by_an_earlier_version_no_longer_stops_recovery(workspace):
    """The state the report left: a committed job whose archive name is too long for the file
    system (written by an earlier version); every start then raised in recover()."""
    _two_committed_undelivered_jobs(workspace, lambda conn: conn.execute(
        "UPDATE jobs SET archived_as = ? WHERE file_name = 'first.csv'",
        ("archive/2026/11/000001-" + "y" * 300 + ".csv",)))
    code, results, stderr = process(workspace)
    assert code == 0 and results == [], stderr
    archived = sorted(p.name for p in workspace.archive.rglob("*.csv"))
    assert len(archived) == 2 and all(len(name.encode()) <= 143 for name in archived), archived
    assert not any(workspace.inbox.rglob("*.csv"))
    _, status = cli_json("status", "-w", str(workspace.root))
    assert status["jobs"] == {"done": 2}
    assert not read_events(workspace, "job.delivery_failed")


def test_a_delivery_that_fails_is_reported_and_the_others_still_delivered(workspace):
    (workspace.archive / "blocked").parent.mkdir(parents=True, exist_ok=True)
    (workspace.archive / "blocked").write_text("a file where a folder should be")
    _two_committed_undelivered_jobs(workspace, lambda conn: conn.execute(
        "UPDATE jobs SET archived_as = 'archive/blocked/000001-first.csv' WHERE file_name = 'first.csv'"))
    assert [e["job"] for e in read_events(workspace, "job.delivery_failed")] == ["000001"]  # reported, went on
    code, results, stderr = process(workspace)
    assert code == 0, stderr
    failures = read_events(workspace, "job.delivery_failed")
    assert [e["job"] for e in failures] == ["000001", "000001"] and failures[-1]["level"] == "error"
    assert [p.name for p in workspace.archive.rglob("*-second.csv")] == ["000002-second.csv"]
    # first.csv, still in the inbox, is seen as the same content as job 1: never applied twice
    assert [r["status"] for r in results] == ["duplicate"]
    assert books_items(workspace) == ["SKU-00001", "SKU-00002", "SKU-00010", "SKU-00011"]


def test_line_break_in_a_name_is_refused_cleanly_and_never_reaches_a_mail_header(workspace):
    bad = workspace.inbox / "books" / "week\n48\r.csv"
    bad.write_text("not,a,table\n\x00\x01", encoding="utf-8")
    good = items_csv(workspace.inbox / "books" / "ceník\nlistopad.csv")
    code, results, stderr = process(workspace)
    assert code == 1, stderr
    assert sorted(r["status"] for r in results) == ["done", "refused"]
    _, status = cli_json("status", "-w", str(workspace.root))
    assert status["jobs"] == {"done": 1, "refused": 1}  # none left "running"
    assert all("\n" not in p.name and "\r" not in p.name for p in workspace.root.rglob("*"))
    assert not good.exists() and not bad.exists()
    mails = [message_from_bytes(p.read_bytes()) for p in workspace.mail_pending.glob("*.eml")]
    assert mails, "the refusal notice is spooled"
    for mail in mails:
        for header, value in mail.items():
            assert "\n" not in str(value).replace("\r\n ", "").replace("\n ", ""), (header, value)
        for part in mail.walk():
            if part.get_filename():
                assert "\n" not in part.get_filename() and "\r" not in part.get_filename()


# --- item 9: failed/ never overwrites ------------------------------------------------------------

def test_failed_never_overwrites_a_report_named_like_another_original(workspace):
    first = workspace.inbox / "timesheets" / "week48.csv.error.txt"
    first.write_text("first original, refused\n\x00", encoding="utf-8")
    code, _, _ = process(workspace, str(first), inproc=True)
    assert code == 1
    second = workspace.inbox / "timesheets" / "week48.csv"
    second.write_text("second original, refused\n\x00", encoding="utf-8")
    code, results, _ = process(workspace, str(second))
    assert code == 1
    contents = sorted(p.read_text(encoding="utf-8") for p in workspace.failed.iterdir()
                      if "original, refused" in p.read_text(encoding="utf-8"))
    assert contents == ["first original, refused\n\x00", "second original, refused\n\x00"]
    assert len(failed_files(workspace)) == 6  # two originals, two reports each
    for output in results[0]["outputs"][:2]:
        assert "second original" not in (workspace.root / output).read_text(encoding="utf-8")
        assert "week48.csv" in (workspace.root / output).read_text(encoding="utf-8")


def test_failed_names_differ_only_in_case_are_kept_apart(workspace):
    for name in ("Week48.csv", "week48.CSV"):
        path = workspace.inbox / "timesheets" / name
        path.write_text(f"{name}\n\x00", encoding="utf-8")
        assert process(workspace, str(path), inproc=True)[0] == 1
    names = {n.casefold() for n in failed_files(workspace)}
    assert len(names) == 6


def test_retry_never_overwrites_a_new_file_of_the_same_name_in_the_inbox(workspace):
    old = workspace.inbox / "timesheets" / "week48.csv"
    old.write_text("the refused one\n\x00", encoding="utf-8")
    code, results, _ = process(workspace, str(old), inproc=True)
    assert code == 1
    old.write_text("the corrected one, just dropped\n", encoding="utf-8")
    result = run_cli("retry", results[0]["job"], "-w", str(workspace.root))
    assert result.returncode == 2 and "is in the inbox again" in result.stderr
    assert old.read_text(encoding="utf-8") == "the corrected one, just dropped\n"
    assert (workspace.failed / "week48.csv").read_text(encoding="utf-8") == "the refused one\n\x00"
