"""The daemon's pure parts: what is ignored, when a file counts as stable, the pid lock."""

from __future__ import annotations

import os

import pytest

from backoffice_auto.eventlog import format_event, log_event, read_events
from backoffice_auto.pipeline.ignore import LeftAlone, classify, ignored
from backoffice_auto.pidlock import LockHeld, PidLock, holder
from backoffice_auto.watch.stability import StabilityTracker


@pytest.mark.parametrize("name", ["orders/~$week.xlsx", "orders/.~lock.week.xlsx#", "books/a.tmp", "books/a.part",
                                  "books/a.crdownload", "books/Thumbs.db", "books/desktop.ini", "books/.DS_Store",
                                  "books/DESKTOP.INI", "books/5D3E8A00", "books/.git/x.csv", "books/a.xlsx~",
                                  "invoices/._inv.pdf", "books/.items.xlsx.Ab12Cd", "books/a.filepart",
                                  "books/@eaDir/items.xlsx@SynoEAStream", "books/.nfs0000000001234abcd"])
def test_ignored(name):
    assert ignored(name)


@pytest.mark.parametrize("name", ["orders/week.xlsx", "books/items.csv", "books/sub/deep/items.xlsx",
                                  "books/5D3E8A00.xlsx", "invoices/INV-2026.pdf",
                                  "orders/.orders.xlsx", "books/.hidden.csv", "orders/.week 48.xlsx"])
def test_not_ignored(name):
    assert not ignored(name)


def test_configured_patterns():
    assert ignored("books/draft-1.xlsx", ["draft-*"])
    assert not ignored("books/final.xlsx", ["draft-*"])
    assert classify("books/old.part", ["*.part"]) == LeftAlone("admin", pattern="*.part")  # never refused as stale


def test_stable_only_after_the_delay_and_again_only_after_a_change(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"x")
    tracker = StabilityTracker(2.0)
    tracker.add(path, 0.0)
    assert tracker.ready(0.0) == []  # first look records size and mtime
    assert tracker.ready(1.9) == []
    with open(path, "ab") as fh:  # still being written
        fh.write(b"more")
    assert tracker.ready(2.5) == []
    assert tracker.ready(4.4) == []
    assert tracker.ready(4.6) == [path]
    assert len(tracker) == 0
    tracker.mark_handled(path)  # the pipeline left it where it was
    tracker.add(path, 5.0)
    assert tracker.ready(5.0) == [] and tracker.ready(8.0) == []
    with open(path, "ab") as fh:
        fh.write(b"changed")
    tracker.add(path, 9.0)
    tracker.ready(9.0)
    assert tracker.ready(11.5) == [path]


def test_a_file_that_cannot_be_opened_waits(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"x")
    state = {"open": False}
    tracker = StabilityTracker(1.0, opener=lambda p: state["open"])
    tracker.add(path, 0.0)
    tracker.ready(0.0)
    assert tracker.ready(5.0) == []
    state["open"] = True
    assert tracker.ready(5.5) == []  # a full delay again after the lock went away
    assert tracker.ready(6.1) == [path]


def test_vanished_file_is_forgotten(tmp_path):
    path = tmp_path / "gone.csv"
    path.write_bytes(b"x")
    tracker = StabilityTracker(0.5)
    tracker.add(path, 0.0)
    path.unlink()
    assert tracker.ready(1.0) == [] and len(tracker) == 0


def test_pid_lock_names_the_holder(tmp_path):
    lock_file = tmp_path / "watch.lock"
    with PidLock(lock_file):
        assert holder(lock_file) == os.getpid()
        with pytest.raises(LockHeld) as held:
            PidLock(lock_file).acquire()
        assert held.value.pid == os.getpid()
    assert holder(lock_file) is None
    PidLock(lock_file).acquire().release()


def test_event_log_lines(tmp_path):
    log = tmp_path / "log.jsonl"
    log_event(log, "job.done", job="000001", amount=__import__("decimal").Decimal("1.10"))
    log_event(log, "odd", file=os.fsdecode(b"caf\xe9.csv"))
    with open(log, "a") as fh:
        fh.write('{"torn')
    events = read_events(log)
    assert [e["event"] for e in events] == ["job.done", "odd"]
    assert events[0]["amount"] == "1.10" and events[0]["ts"].endswith("Z")
    assert format_event("x", {}).endswith("\n")


def test_rules_are_validated_only_when_the_folder_looks_the_same_twice(workspace):
    """The race behind a flaky reload test: a check between an editor's truncate and its
    write saw an empty mail.yaml (valid: all defaults) and put it in force in place of the
    last good rules. The daemon now validates only when nothing changed since its last look."""
    from backoffice_auto.rules.loader import load_rules
    from backoffice_auto.watch.rulestate import RulesQuiet, RulesWatch

    good = load_rules(workspace.rules_dir).rules
    watch, quiet = RulesWatch(workspace, good), RulesQuiet(workspace.rules_dir)
    assert quiet.changed() is False  # nothing written since the daemon loaded its rules
    mail_yaml = workspace.rules_dir / "mail.yaml"
    text = mail_yaml.read_text(encoding="utf-8")
    with open(mail_yaml, "w", encoding="utf-8") as half_saved:  # truncated, the rest not written yet
        half_saved.flush()
        assert quiet.changed() is True  # the daemon waits instead of validating the empty file
        half_saved.write(text + "subject_prefx: x\n")
    assert quiet.changed() is True  # the write landed: wait once more
    assert quiet.changed() is False  # quiet now: validate
    outcome = watch.check()
    assert not outcome.changed and watch.state["in_force_hash"] == good.hash
    assert any("subject_prefx" in line for line in outcome.problems)
    nested = workspace.rules_dir / "invoices" / "templates"
    nested.mkdir(parents=True, exist_ok=True)
    (nested / "new.yaml").write_text("", encoding="utf-8")
    assert quiet.changed() is True  # files in subfolders count, and a new file does


def test_a_save_that_begins_while_the_rules_are_read_is_not_taken_and_an_emptied_file_settles(workspace, monkeypatch):
    """The same race, later: the folder looked the same twice, then the editor truncated a
    file while `load_rules` read it (a full read takes long enough on a busy machine). Nothing
    read then is taken; and a file found emptied is waited for a while before it is read."""
    from backoffice_auto.rules.loader import load_rules
    from backoffice_auto.watch.rulestate import RulesQuiet, RulesWatch

    good = load_rules(workspace.rules_dir).rules
    watch, quiet = RulesWatch(workspace, good), RulesQuiet(workspace.rules_dir)
    mail_yaml = workspace.rules_dir / "mail.yaml"
    mail_yaml.write_text("", encoding="utf-8")  # truncated while the rules were being read
    outcome = watch.check(lambda: not quiet.changed())
    assert outcome.again and not outcome.changed and watch.state["in_force_hash"] == good.hash
    assert quiet.settling()  # emptied: not read until it has stayed so
    monkeypatch.setattr(RulesQuiet, "EMPTIED_WAIT", 0.0)
    assert not quiet.settling()
    outcome = watch.check(lambda: not quiet.changed())
    assert not outcome.again and outcome.changed  # an admin who empties a file on purpose is obeyed


def test_the_stop_signal_handler_takes_no_lock(tmp_path):
    """The handler runs in the main thread wherever it happens to be, perhaps inside the
    event log's lock: it only notes the signal (logging from it once hung a stop)."""
    import signal as _signal
    import threading as _threading

    from backoffice_auto import eventlog
    from backoffice_auto.watch.daemon import Daemon, WatchOptions

    daemon = Daemon(tmp_path, WatchOptions())
    finished = _threading.Event()
    with eventlog._lock:  # as if the signal came while an event was being written
        worker = _threading.Thread(target=lambda: (daemon._on_signal(_signal.SIGTERM, None), finished.set()))
        worker.start()
        assert finished.wait(5), "the handler waited for a lock"
    worker.join()
    assert daemon._stopping() and daemon.stop_signal == _signal.SIGTERM
