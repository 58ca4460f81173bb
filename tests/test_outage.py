"""A full disk (or any write the machine refuses) is never the clerk's file's fault.

Real `process` and `watch` subprocesses whose writes fail for real: their file-size limit
(RLIMIT_FSIZE; Python ignores SIGXFSZ, so a write past it fails with EFBIG and SQLite's with
"disk I/O error") set from the start, lowered at a named step (BACKOFFICE_WRITES_FAIL_AT,
beside BACKOFFICE_CRASH_AT), or changed from outside while the daemon runs (prlimit); and,
where the tests run as root and may mount, a real tmpfs filled up with a filler file
(ENOSPC). After each failure the file is still to do (never in failed/), nothing is half
done, and once writing works the run does every file exactly once.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import REPO, run_cli, write_workbook
from test_orders_support import order_sheet, row, seed_books
from test_pipeline import items_rows

pytestmark = pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs POSIX resource limits")

TRACEBACK = "Traceback (most recent call last)"


def _env(extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKOFFICE_")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra or {})
    return env


def process(ws, limit: int | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """`backoffice-auto process` in its own process; `limit`: its file-size limit in bytes."""
    def lower() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))

    return subprocess.run([sys.executable, "-m", "backoffice_auto", "process", "-w", str(ws.root), "--stable", "0",
                           "--json"], capture_output=True, text=True, env=_env(env), preexec_fn=lower, timeout=300)


def drop_files(ws, seed: bool = True) -> dict[str, Path]:
    """A master-data workbook (mailed to the admin), an order sheet for two customers (invoice
    PDFs cut apart by pdfium, mail), and a file no handler takes (refused with a report)."""
    if seed:
        seed_books(ws)
    items = write_workbook(ws.inbox / "books" / "items.xlsx", {"Items": items_rows(40)})
    orders = order_sheet(ws.inbox / "orders" / "orders.xlsx", [row("O-1", "C001", "SKU-A", 2),
                                                                row("O-2", "C002", "SKU-B", 1)])
    note = ws.inbox / "orders" / "readme.txt"
    note.write_text("not an order sheet, only words\n", encoding="utf-8")
    return {"items": items, "orders": orders, "note": note}


def places(ws) -> dict[str, list[str]]:
    def files(folder: Path) -> list[str]:
        return sorted(str(p.relative_to(ws.root)) for p in folder.rglob("*") if p.is_file())

    return {"inbox": files(ws.inbox), "archive": files(ws.archive), "failed": files(ws.failed),
            "jobs": sorted(str(p.relative_to(ws.outbox)) for p in ws.outbox.glob("20*/*")),
            "mail": sorted(p.name for p in ws.mail_pending.glob("*.eml"))}


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """What one run with room to write gives: the reference every recovered run must equal."""
    from backoffice_auto.workspace import Workspace

    ws = Workspace.at(tmp_path_factory.mktemp("clean") / "ws")
    ws.init()
    drop_files(ws)
    result = process(ws)
    assert result.returncode == 1, result.stderr  # the note is refused
    return summary(ws)


def summary(ws) -> dict:
    found = places(ws)
    _, books = _books(ws)
    return {"archive": [Path(p).name.split("-", 1)[1] for p in found["archive"]],
            "failed": [Path(p).name for p in found["failed"]],
            "jobs": len(found["jobs"]), "mail": len(found["mail"]), "inbox": found["inbox"], "books": books}


def _books(ws):
    result = run_cli("books", "export", "-w", str(ws.root), "--json")
    return result.returncode, json.loads(result.stdout)


def assert_left_to_do(ws, result: subprocess.CompletedProcess, names: dict[str, Path]) -> list[dict]:
    """The run stopped cleanly: exit 3, one JSON list, no traceback, no good file in failed/."""
    assert result.returncode == 3, result.stdout + result.stderr
    assert TRACEBACK not in result.stderr, result.stderr
    results = json.loads(result.stdout)  # stopped before any file too: a --json caller always reads JSON
    postponed = [r for r in results if r["status"] == "postponed"]
    assert postponed and all(r["status"] in ("done", "refused", "postponed") for r in results), results
    found = places(ws)
    for key in ("items", "orders"):
        assert not any(names[key].name in p for p in found["failed"]), found
    assert not any(p.endswith(".tmp") for p in found["inbox"] + found["failed"]), found
    return postponed


def assert_done_once(ws, clean) -> None:
    result = process(ws)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    assert TRACEBACK not in result.stderr
    assert summary(ws) == clean
    status = json.loads(run_cli("status", "-w", str(ws.root), "--json").stdout)
    assert "running" not in status["jobs"], status["jobs"]


def test_disk_full_at_start_up_touches_nothing_and_says_what_to_do(workspace, clean):
    names = drop_files(workspace, seed=False)
    assert not workspace.db_path.exists()  # a new workspace: the books are made at the first start
    result = process(workspace, limit=0)
    assert result.returncode == 3, result.stderr
    assert TRACEBACK not in result.stderr and "cannot rollback" not in result.stderr
    assert ".backoffice/state.db" in result.stderr and "backoffice-auto process" in result.stderr
    assert places(workspace)["inbox"] == sorted(str(p.relative_to(workspace.root)) for p in names.values())
    results = json.loads(result.stdout)  # a --json caller reads what happened to each file
    assert sorted(r["file"] for r in results) == places(workspace)["inbox"], results
    assert {r["status"] for r in results} == {"postponed"} and all(r["job"] is None for r in results)
    assert all(".backoffice/state.db" in r["messages"][0]["text"] for r in results), results
    seed_books(workspace)
    assert_done_once(workspace, clean)


def test_json_callers_read_a_document_saying_what_stopped_the_command_at_start_up(workspace):
    """Regression: `process --json` stopped at start-up printed nothing on stdout (exit 3), so
    a script could not tell "stopped" from "nothing to do". Every --json command stopped by
    the machine prints one JSON document in the workspace language, and the exit code stays 3."""
    settings = workspace.rules_dir / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: cs"),
                        encoding="utf-8")
    result = process(workspace, limit=0)  # nothing in the inbox: one entry with no file says it
    assert result.returncode == 3 and TRACEBACK not in result.stderr, result.stderr
    [stopped] = json.loads(result.stdout)
    assert stopped["file"] is None and stopped["status"] == "postponed", stopped
    assert "Běh se zastavil" in stopped["messages"][0]["text"], stopped
    assert stopped["messages"][0]["where"] == ".backoffice/state.db"
    note = workspace.inbox / "orders" / "poznámka.txt"
    note.write_text("not an order sheet\n", encoding="utf-8")
    named = subprocess.run([sys.executable, "-m", "backoffice_auto", "process", str(note), "-w", str(workspace.root),
                            "--json", "--stable", "0"], capture_output=True, text=True, env=_env(),
                           preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.RLIM_INFINITY)),
                           timeout=300)
    assert named.returncode == 3, named.stderr
    assert [(r["file"], r["status"]) for r in json.loads(named.stdout)] == [("inbox/orders/poznámka.txt", "postponed")]
    for command in (["status"], ["books", "export"], ["retry", "1"]):
        shown = subprocess.run([sys.executable, "-m", "backoffice_auto", *command, "-w", str(workspace.root),
                                "--json"], capture_output=True, text=True, env=_env(), timeout=300,
                               preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE,
                                                                     (0, resource.RLIM_INFINITY)))
        assert shown.returncode == 3 and TRACEBACK not in shown.stderr, (command, shown.stderr)
        document = json.loads(shown.stdout)
        assert document["status"] == "postponed" and document["outage"]["where"] == ".backoffice/state.db", document
        assert document["messages"][0]["text"] in shown.stderr
    assert note.exists()


@pytest.mark.parametrize("damage", ["cut short", "overwritten"])
def test_damaged_books_stop_every_command_saying_what_to_do_and_leave_the_files_to_do(workspace, damage):
    """A state.db cut short by a failed copy or restore, or overwritten, gave every command a
    traceback (`sqlite3.DatabaseError: database disk image is malformed`). It is now the
    machine's failure, said in the workspace language (exit 3), and the inbox is left alone."""
    settings = workspace.rules_dir / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: cs"),
                        encoding="utf-8")
    first = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": items_rows(40)})
    assert process(workspace).returncode == 0
    for extra in ("-wal", "-shm"):
        Path(str(workspace.db_path) + extra).unlink(missing_ok=True)
    data = workspace.db_path.read_bytes()
    workspace.db_path.write_bytes(data[:len(data) // 3] if damage == "cut short" else b"not a database" * 1000)
    waiting = write_workbook(workspace.inbox / "books" / "more.xlsx", {"Items": items_rows(5)})
    result = process(workspace)
    assert result.returncode == 3 and TRACEBACK not in result.stderr, result.stderr
    assert [(r["file"], r["status"]) for r in json.loads(result.stdout)] == [("inbox/books/more.xlsx", "postponed")]
    said = ("účetní data (.backoffice/state.db) jsou poškozená: soubor už není celá databáze. Žádný soubor se "
            "neztratil")
    assert said in result.stderr and "obnovte .backoffice/state.db z poslední zálohy" in result.stderr
    for command in (["status"], ["books", "export"], ["retry", "1"]):
        shown = subprocess.run([sys.executable, "-m", "backoffice_auto", *command, "-w", str(workspace.root)],
                               capture_output=True, text=True, env=_env(), timeout=300)
        assert shown.returncode == 3 and TRACEBACK not in shown.stderr and said in shown.stderr, (command, shown.stderr)
    assert waiting.exists() and not first.exists()


@pytest.mark.parametrize("step", ["claimed", "processing", "committing"])
def test_writes_failing_during_a_job_postpone_it_and_the_next_run_does_each_file_once(workspace, clean, step):
    """claimed: the job's own outputs fail; processing: its mail into the spool; committing:
    the books' COMMIT. Each time the file is the first one, which stays in the inbox."""
    names = drop_files(workspace)
    result = process(workspace, env={"BACKOFFICE_WRITES_FAIL_AT": step})
    postponed = assert_left_to_do(workspace, result, names)
    first = postponed[0]
    assert first["job"] is None and "the file itself is not at fault" in first["messages"][0]["text"]
    assert places(workspace)["failed"] == [] and places(workspace)["jobs"] == [] and places(workspace)["mail"] == []
    assert_done_once(workspace, clean)


def test_the_report_of_a_refused_file_that_cannot_be_written_leaves_it_to_do(workspace, clean):
    for path in drop_files(workspace).values():
        if path.suffix != ".txt":
            path.rename(path.with_name(path.name + ".later"))  # only the note this time
    result = process(workspace, env={"BACKOFFICE_WRITES_FAIL_AT": "claimed"})
    assert result.returncode == 3 and TRACEBACK not in result.stderr, result.stderr
    assert places(workspace)["failed"] == []
    assert "inbox/orders/readme.txt" in places(workspace)["inbox"]
    shown = run_cli("status", "-w", str(workspace.root)).stderr
    assert "to be redone" in shown and "running" not in shown.replace("Daemon: not running", ""), shown
    for path in workspace.inbox.rglob("*.later"):
        path.rename(path.with_name(path.name[: -len(".later")]))
    assert_done_once(workspace, clean)


def test_a_job_whose_delivery_stopped_after_its_commit_is_finished_not_redone(workspace, clean):
    names = drop_files(workspace)
    result = process(workspace, env={"BACKOFFICE_WRITES_FAIL_AT": "committed"})
    postponed = assert_left_to_do(workspace, result, names)
    assert postponed[0]["job"] is not None and "Nothing is lost" in postponed[0]["messages"][0]["text"]
    assert_done_once(workspace, clean)


def test_any_write_limit_leaves_each_file_done_or_to_do_never_refused(workspace, clean):
    """Fuzz-like: the file-size limit at many sizes, from nothing to more than a job needs;
    the outcome is always done or still to do, never failed/ for a good file, never a traceback."""
    names = drop_files(workspace)
    biggest = max(p.stat().st_size for p in workspace.root.rglob("*") if p.is_file())
    limits = sorted({0, 4096, 65536, biggest // 2, biggest, biggest + 65536, biggest * 2, biggest * 4})
    for limit in limits:
        result = process(workspace, limit=limit)
        assert TRACEBACK not in result.stderr, (limit, result.stderr)
        assert result.returncode in (0, 1, 3), (limit, result.stdout, result.stderr)
        found = places(workspace)
        for key in ("items", "orders"):
            assert not any(names[key].name in p for p in found["failed"]), (limit, found)
    assert_done_once(workspace, clean)


# --- the watcher ------------------------------------------------------------------------

class Watcher:
    """`backoffice-auto watch` with its console read from a pipe (a pipe takes writes whatever
    the file-size limit)."""

    def __init__(self, ws):
        self.proc = subprocess.Popen([sys.executable, "-m", "backoffice_auto", "watch", "-w", str(ws.root),
                                      "--stable", "0.2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, env=_env({"BACKOFFICE_CLOCK": "off"}))
        self.lines: list[str] = []
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            with self.changed:
                self.lines.append(line.rstrip("\n"))
                self.changed.notify_all()

    def wait_line(self, words: str, timeout: float = 120) -> str:
        with self.changed:
            found = self.changed.wait_for(lambda: any(words in line for line in self.lines)
                                          or self.proc.poll() is not None, timeout)
            assert found and self.proc.poll() is None, "\n".join(self.lines)
            return next(line for line in self.lines if words in line)

    def limit_writes(self, limit: int) -> None:
        resource.prlimit(self.proc.pid, resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))

    def stop(self) -> int:
        self.proc.terminate()
        return self.proc.wait(60)


@pytest.mark.skipif(not hasattr(resource, "prlimit"), reason="prlimit is Linux's")
def test_the_watcher_waits_out_a_full_disk_says_so_once_and_carries_on(workspace):
    watcher = Watcher(workspace)
    try:
        watcher.wait_line("Watching")
        watcher.limit_writes(0)  # the disk fills up under the running daemon
        items = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": items_rows(10)})
        watcher.wait_line("Files wait in the inbox meanwhile")
        assert items.exists() and not any(workspace.failed.iterdir())
        watcher.limit_writes(resource.getrlimit(resource.RLIMIT_FSIZE)[1])  # space is back
        watcher.wait_line("Writing works again")
        watcher.wait_line("items.xlsx: done")
    finally:
        code = watcher.stop()
    assert code == 0, "\n".join(watcher.lines)
    assert not items.exists() and len(list(workspace.archive.rglob("*items.xlsx"))) == 1
    text = "\n".join(watcher.lines)
    assert text.count("Files wait in the inbox meanwhile") == 1 and TRACEBACK not in text, text


# --- a real full disk (root only) -------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A 16 MB tmpfs, when the tests run as root and may mount; skipped elsewhere."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root and a tmpfs mount")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


@pytest.mark.parametrize("free_kb", [0, 64, 512, 2048])
def test_a_real_full_disk_postpones_and_space_freed_finishes_each_file_once(small_disk, clean, free_kb):
    from backoffice_auto.workspace import Workspace

    ws = Workspace.at(small_disk / "ws")
    ws.init()
    names = drop_files(ws)
    stats = os.statvfs(small_disk)
    filler = small_disk / "filler"
    with open(filler, "wb") as out:
        room = stats.f_bavail * stats.f_frsize - free_kb * 1024
        while room > 0:
            try:
                room -= out.write(b"\0" * min(room, 1 << 20))
            except OSError:
                break
    result = process(ws)
    assert TRACEBACK not in result.stderr, result.stderr
    if result.returncode == 3:
        assert_left_to_do(ws, result, names)
    filler.unlink()
    assert_done_once(ws, clean)
