"""The operator's console of `watch`: one line per file, in the workspace language, one at stop.

The daemon runs as a real subprocess on a Czech workspace; its stderr is read back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backoffice_auto.eventlog import read_events
from backoffice_auto.watch import console
from backoffice_auto.workspace import Workspace
from test_watch_support import DaemonProcess, handled, items_csv, no_daemon_left_behind, wait_for


@pytest.fixture(autouse=True)
def _reap_daemons():
    with no_daemon_left_behind():
        yield


def _czech_workspace(tmp_path) -> Workspace:
    ws = Workspace.at(tmp_path / "ws")
    ws.init()
    settings = ws.rules_dir / "settings.yaml"
    settings.write_text(re.sub(r"(?m)^language: en$", "language: cs", settings.read_text(encoding="utf-8")),
                        encoding="utf-8")
    return ws


def test_watch_console_says_one_line_per_file_in_the_workspace_language(tmp_path):
    ws = _czech_workspace(tmp_path)
    daemon = DaemonProcess(ws, "--stable", "0.3", "--rescan", "1").wait_started()
    items_csv(ws.inbox / "books" / "polozky.csv", count=2)
    (ws.inbox / "orders").mkdir(parents=True, exist_ok=True)
    (ws.inbox / "orders" / "spatna.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    wait_for(lambda: handled(ws, "polozky.csv") and handled(ws, "spatna.csv"), timeout=60, what="both files handled")
    assert daemon.terminate() == 0
    lines = Path(daemon.log_file.name).read_text(encoding="utf-8").splitlines()
    good = [line for line in lines if "polozky.csv" in line]
    bad = [line for line in lines if "spatna.csv" in line]
    assert len(good) == 1 and len(bad) == 1, lines
    assert re.match(r"\d\d:\d\d:\d\d books/polozky\.csv: hotovo, úloha \d{6} \(kmenová data\): ", good[0]), good[0]
    assert good[0].endswith(": Zboží: přidáno 2, změněno 0, beze změny 0"), good[0]  # the job's summary
    assert re.match(r"\d\d:\d\d:\d\d orders/spatna\.csv: odmítnuto, úloha \d{6} \(objednávky\): \S", bad[0]), bad[0]
    assert "order header" not in bad[0]  # the reason is in Czech too
    assert lines[-1] == "Zastaveno: zpracované soubory: 2, z toho odmítnuté: 1.", lines


def test_console_lines_for_each_outcome_and_the_start():
    refused = {"status": "refused", "job": "000007", "kind": "orders",
               "messages": [{"level": "error", "text": "first"}, {"level": "error", "text": "second"}]}
    assert console.file_line(refused, "en", "orders/a.xlsx", time="10:00:00") == \
        "10:00:00 orders/a.xlsx: refused, job 000007 (orders): first (and 1 more problem)"
    done = {"status": "done", "job": "000008", "kind": "masterdata", "outputs": ["outbox/x.xlsx"],
            "messages": [{"level": "info", "text": "skipped row 3"}, {"level": "info", "text": "items: 1 added"}]}
    assert console.file_line(done, "pl", "books/b.csv", time="10:00:01") == \
        "10:00:01 books/b.csv: gotowe, zadanie 000008 (dane podstawowe): items: 1 added"
    duplicate = {"status": "duplicate", "job": "000009", "kind": "orders",
                 "messages": [{"level": "info", "text": "same content as job 000001"}]}
    assert console.file_line(duplicate, "es", "orders/c.xlsx", time="10:00:02") == \
        "10:00:02 orders/c.xlsx: duplicado: same content as job 000001"
    assert console.file_line({"status": "done", "job": "1", "kind": None, "outputs": ["a", "outbox/mail/x"]},
                             "en", "f", time="t") == "t f: done, job 1 (-): 1 file written"
    assert console.start_lines({"delivered": 0, "interrupted": 0}, "fr") == []
    assert console.start_lines({"delivered": 1, "interrupted": 2}, "fr") == [
        "Au démarrage : 1 tâches terminées dont une interruption avait coupé la livraison ont été livrées.",
        "Au démarrage : 2 tâches coupées par une interruption n’ont rien laissé et sont refaites depuis le début."]


def test_watch_says_in_words_what_it_recovered_at_start(tmp_path):
    from conftest import run_cli_process

    ws = _czech_workspace(tmp_path)
    path = items_csv(ws.inbox / "books" / "polozky.csv", count=2)
    crashed = run_cli_process("process", str(path), "-w", str(ws.root), env={"BACKOFFICE_CRASH_AT": "processing"})
    assert crashed.returncode != 0  # killed in the middle of the job
    daemon = DaemonProcess(ws, "--stable", "0.3", "--rescan", "1").wait_started()
    wait_for(lambda: handled(ws, "polozky.csv"), timeout=60, what="the interrupted file done again")
    assert daemon.terminate() == 0
    lines = Path(daemon.log_file.name).read_text(encoding="utf-8").splitlines()
    assert ("Při startu: úlohy přerušené výpadkem nic nezanechaly a provedou se znovu od začátku (počet: 1)."
            in lines), lines
    assert any(re.match(r"\d\d:\d\d:\d\d books/polozky\.csv: hotovo, úloha \d{6} \(kmenová data\): ", line)
               for line in lines), lines
    assert not any("interrupted" in line or "recovered" in line for line in lines), lines


@pytest.mark.parametrize("language, one, two", [
    ("en", "1 file written", "2 files written"), ("es", "archivos escritos: 1", "archivos escritos: 2"),
    ("fr", "fichiers écrits : 1", "fichiers écrits : 2"), ("cs", "zapsané soubory: 1", "zapsané soubory: 2")])
def test_counts_read_right_for_one_and_for_more(language, one, two):
    """`1 files written`, `1 mails wait`, `1 facturas`: a count of one took the plural in English, Spanish and
    French; the plural forms (ngettext, Czech and Polish three) now choose."""
    from backoffice_auto.mail.status import mail_hint

    def line(n):
        return console.file_line({"status": "done", "job": "1", "kind": None, "outputs": [f"o{i}" for i in range(n)]},
                                 language, "f", time="t")

    assert line(1).endswith(f": {one}") and line(2).endswith(f": {two}"), (line(1), line(2))
    waiting = {"en": ("1 mail waits in", "2 mails wait in"), "es": ("1 correo espera en", "2 correos esperan en"),
               "fr": ("1 message attend dans", "2 messages attendent dans"),
               "cs": ("V outbox/mail/pending/ čeká zpráv: 1", "V outbox/mail/pending/ čeká zpráv: 2")}[language]
    for n, start in zip((1, 2), waiting):
        [hint] = mail_hint({"pending": n}, {"configured": False}, language)
        assert hint.startswith(start), hint


def test_a_workspace_moved_while_watched_stops_the_daemon_saying_so_and_writes_nothing_where_it_was(tmp_path):
    """The daemon watched on after its workspace folder was moved: a file dropped into the new place
    waited in the inbox for ever, and the console said nothing."""
    import shutil

    ws = _czech_workspace(tmp_path)
    daemon = DaemonProcess(ws, "--stable", "0.3", "--rescan", "1").wait_started()
    # its first round done (the day's tasks looked at): a move in the middle of a round may still
    # see that round's last writes land where the workspace was
    wait_for(lambda: read_events(ws, "watch.tasks_today"), timeout=30, what="the first round")
    moved = tmp_path / "elsewhere"
    shutil.move(str(ws.root), str(moved))
    assert daemon.proc.wait(30) == 1  # stopped by itself, as a failure a supervisor sees
    lines = Path(daemon.log_file.name).read_text(encoding="utf-8").splitlines()
    assert any(line.startswith(f"Pracovní složka {ws.root} už tam není") for line in lines), lines
    assert not ws.root.exists()  # no new, empty workspace made where it was (a log line, the books)
    # in its new place it works again
    again = DaemonProcess(Workspace.at(moved), "--stable", "0.3", "--rescan", "1").wait_started()
    items_csv(moved / "inbox" / "books" / "polozky.csv", count=1)
    wait_for(lambda: handled(Workspace.at(moved), "polozky.csv"), timeout=60, what="the file handled in the new place")
    assert again.terminate() == 0
