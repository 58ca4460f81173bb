"""A workbook open in Excel or LibreOffice waits in the inbox until it is closed.

Found in a trial: a clerk saved the week's orders into the inbox and kept the workbook open.
The file was taken at once; the clerk fixed a quantity and saved again, and Excel put a
second copy into the inbox: the same orders twice. An editor's lock file beside a document
now holds it back (`pipeline.ignore.lock_beside`); `process` and `status` say who has it
open; the watcher takes it when the lock file goes.
"""

from __future__ import annotations

import json

import pytest

from backoffice_auto.pipeline.ignore import lock_beside, lock_holder
from conftest import cli_json, run_cli_process, xlsx_bytes
from test_watch_support import DaemonProcess, handled, items_rows, no_daemon_left_behind, wait_for


def office_owner_file(name: str) -> bytes:
    """An Office owner file as Word and Excel write it: the length of the user's name, the name
    in the Windows code page padded to 54 bytes, then its length and the name in UTF-16."""
    narrow = name.encode("cp1252", "replace")
    wide = name.encode("utf-16-le")
    return bytes([len(name)]) + narrow.ljust(53, b" ") + bytes([len(name), 0]) + wide.ljust(106, b" ")


def process(ws, *args: str):
    result = run_cli_process("process", *args, "-w", str(ws.root), "--json")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout or "null")


def test_a_workbook_open_in_an_editor_waits_and_is_taken_once_closed(workspace):
    books = workspace.inbox / "books"
    (books / "stock.xlsx").write_bytes(xlsx_bytes({"Items": items_rows(2)}))
    (books / "~$stock.xlsx").write_bytes(office_owner_file("Jiří Novák"))
    long_name = books / "items-week-48.xlsx"  # Office cuts a long name's first two letters
    long_name.write_bytes(xlsx_bytes({"Items": items_rows(3, start=10)}))
    (books / "~$ems-week-48.xlsx").write_bytes(office_owner_file("Ewa"))
    (books / "prices.xlsx").write_bytes(xlsx_bytes({"Items": items_rows(2, start=20)}))
    (books / ".~lock.prices.xlsx#").write_text("Jana Dvořáková,jana,PC-12,01.12.2026 08:14,file:///S:/inbox;",
                                              encoding="utf-8")
    (books / "closed.xlsx").write_bytes(xlsx_bytes({"Items": items_rows(1, start=30)}))

    code, results = process(workspace)

    assert code == 0
    by_file = {r["file"]: r for r in results}
    assert by_file["inbox/books/closed.xlsx"]["status"] == "done"
    waiting = {f: r["messages"][0]["text"] for f, r in by_file.items() if r["status"] == "waiting"}
    assert waiting == {
        "inbox/books/stock.xlsx": "open in an editor by Jiří Novák (lock file ~$stock.xlsx): taken once it is "
                                  "closed; if nobody has it open any more, delete the lock file",
        "inbox/books/items-week-48.xlsx": "open in an editor by Ewa (lock file ~$ems-week-48.xlsx): taken once it "
                                          "is closed; if nobody has it open any more, delete the lock file",
        "inbox/books/prices.xlsx": "open in an editor by Jana Dvořáková (lock file .~lock.prices.xlsx#): taken "
                                   "once it is closed; if nobody has it open any more, delete the lock file"}
    assert (books / "stock.xlsx").exists() and not any(workspace.failed.iterdir())

    _, status = cli_json("status", "-w", str(workspace.root))
    assert "inbox/books/stock.xlsx" not in status["queue"]
    held = {e["file"]: (e["why"], e["who"]) for e in status["left_alone"] if e["why"].startswith("open")}
    assert held == {"inbox/books/stock.xlsx": ("open-by", "Jiří Novák"),
                    "inbox/books/items-week-48.xlsx": ("open-by", "Ewa"),
                    "inbox/books/prices.xlsx": ("open-by", "Jana Dvořáková")}
    settings = workspace.root / "rules" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: cs"), encoding="utf-8")
    shown = run_cli_process("status", "-w", str(workspace.root)).stderr
    assert "Otevřeno v editoru, převezme se po zavření: 3" in shown
    assert "inbox/books/stock.xlsx: otevřeno v editoru (Jiří Novák; zamykací soubor ~$stock.xlsx)" in shown

    for lock in ("~$stock.xlsx", "~$ems-week-48.xlsx", ".~lock.prices.xlsx#"):
        (books / lock).unlink()
    code, results = process(workspace)
    assert code == 0
    assert sorted((r["file"], r["status"]) for r in results) == [
        ("inbox/books/items-week-48.xlsx", "done"), ("inbox/books/prices.xlsx", "done"),
        ("inbox/books/stock.xlsx", "done")]
    _, exported = cli_json("books", "export", "-w", str(workspace.root))
    assert len(exported["items"]) == 8


def test_a_file_named_on_the_command_line_is_taken_even_while_open(workspace):
    path = workspace.inbox / "books" / "stock.xlsx"
    path.write_bytes(xlsx_bytes({"Items": items_rows(2)}))
    (path.parent / ".~lock.stock.xlsx#").write_text(",jana,PC-12,01.12.2026 08:14,file:///S:/inbox;")
    assert lock_holder(path.parent / ".~lock.stock.xlsx#") == "jana"  # no full name: the login
    code, [result] = process(workspace, str(path), "--stable", "0")
    assert code == 0 and result["status"] == "done"


@pytest.mark.parametrize("lock, data", [
    ("~$stock.xlsx", b""),  # empty owner file
    ("~$stock.xlsx", b"\xff" + b"\x00" * 10),  # a length no name has
    ("~$stock.xlsx", b"\x05\x1b[31m" + b"\x00" * 200),  # control characters only
    (".~lock.stock.xlsx#", b"\xff\xfe\x00,,,"),  # not text
    ("stock.xlsx.lock", b"{who} %s \x00"),
])
def test_a_lock_file_that_does_not_say_who_still_holds_the_document(tmp_path, lock, data):
    doc = tmp_path / "stock.xlsx"
    doc.write_bytes(b"PK")
    (tmp_path / lock).write_bytes(data)
    assert lock_beside(doc) == lock
    who = lock_holder(tmp_path / lock)
    assert who is None or (who.isprintable() and len(who) <= 60)


def test_short_names_are_not_matched_by_a_cut_lock_name(tmp_path):
    doc = tmp_path / "a.xlsx"
    doc.write_bytes(b"PK")
    (tmp_path / "~$xlsx").write_bytes(b"\x01a")  # would be "~$" + name[2:] for a long name
    (tmp_path / "~$.xlsx").write_bytes(b"\x01a")  # would be "~$" + name[1:]
    assert lock_beside(doc) is None
    (tmp_path / "~$a.xlsx").mkdir()  # a folder is not a lock file
    assert lock_beside(doc) is None


def test_the_watcher_takes_an_open_workbook_when_its_lock_file_goes(workspace):
    with no_daemon_left_behind():
        daemon = DaemonProcess(workspace, "--stable", "0.3", "--rescan", "600").wait_started()
        try:
            books = workspace.inbox / "books"
            (books / "~$stock.xlsx").write_bytes(office_owner_file("Jana"))
            (books / "stock.xlsx").write_bytes(xlsx_bytes({"Items": items_rows(2)}))
            (books / "other.xlsx").write_bytes(xlsx_bytes({"Items": items_rows(1, start=5)}))
            wait_for(lambda: handled(workspace, "other.xlsx"), timeout=60, what="other.xlsx handled")
            assert not handled(workspace, "stock.xlsx") and (books / "stock.xlsx").exists()
            (books / "~$stock.xlsx").unlink()  # closed in Excel
            wait_for(lambda: handled(workspace, "stock.xlsx"), timeout=60, what="stock.xlsx handled once closed")
        finally:
            assert daemon.terminate() == 0, daemon.stderr()
    assert len(handled(workspace, "stock.xlsx")) == 1
