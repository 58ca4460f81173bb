"""What a careless or hostile office drops into the inbox, through the real `process`.

Each test is one drop that once broke the rule "every dropped file ends in exactly one of
archive/, failed/ (with its reason) or the inbox, never a traceback": the input as found,
then what must hold now.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import cli_json, run_cli_process, xlsx_bytes
from test_pipeline import items_rows


def process(ws, *paths: str, env: dict | None = None):
    """`backoffice-auto process --json` as a real subprocess: (exit code, results, stderr)."""
    result = run_cli_process("process", *paths, "-w", str(ws.root), "--json", env=env)
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stdout + result.stderr
    return result.returncode, json.loads(result.stdout or "null"), result.stderr


def names_below(folder: Path) -> list[bytes]:
    return sorted(os.fsencode(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())


def test_names_in_an_old_code_page_are_taken_under_their_text_name_not_a_traceback(workspace):
    inbox = os.fsencode(workspace.inbox)
    good = os.path.join(inbox, b"books", b"cen\xedk-\xe8erven.xlsx")  # cp1250 "ceník-červen" from an old share
    Path(os.fsdecode(good)).write_bytes(xlsx_bytes({"Items": items_rows(2)}))
    os.mkdir(os.path.join(inbox, b"orders", b"p\xf8\xedjem"))
    Path(os.fsdecode(os.path.join(inbox, b"orders", b"p\xf8\xedjem", b"objedn\xe1vka.xlsx"))).write_text("not a sheet")
    os.symlink("/etc/passwd", os.path.join(inbox, b"timesheets", b"odkaz\xff.csv"))

    code, results, stderr = process(workspace)

    assert code == 1, stderr
    assert sorted((r["file"], r["status"]) for r in results) == [
        ("inbox/books/cen\ufffdk-\ufffderven.xlsx", "done"),
        ("inbox/orders/p\ufffd\ufffdjem/objedn\ufffdvka.xlsx", "refused"),
        ("inbox/timesheets/odkaz\ufffd.csv", "refused")]
    assert [p.name for p in workspace.inbox.rglob("*") if not p.is_dir()] == []
    assert [p.name for p in workspace.archive.rglob("*") if p.is_file()] == ["000001-cen\ufffdk-\ufffderven.xlsx"]
    assert sorted(p.name for p in workspace.failed.iterdir()) == [
        "objedn\ufffdvka.xlsx", "objedn\ufffdvka.xlsx.error.json", "objedn\ufffdvka.xlsx.error.txt",
        "odkaz\ufffd.csv.error.json", "odkaz\ufffd.csv.error.txt"]
    assert "objedn\ufffdvka.xlsx" in (workspace.failed / "objedn\ufffdvka.xlsx.error.txt").read_text(encoding="utf-8")
    _, books = cli_json("books", "export", "-w", str(workspace.root))
    assert len(books["items"]) == 2
    _, status = cli_json("status", "-w", str(workspace.root))
    assert status["jobs"] == {"done": 1, "refused": 2}


def test_two_old_code_page_names_with_one_text_name_are_both_kept(workspace):
    for raw, content in ((b"a\xe8.csv", "first\n\x00"), (b"a\xf8.csv", "second\n\x00")):
        Path(os.fsdecode(os.path.join(os.fsencode(workspace.inbox), b"timesheets", raw))).write_text(content)
    code, results, _ = process(workspace)
    assert code == 1 and [r["status"] for r in results] == ["refused", "refused"]
    originals = sorted(p.read_text() for p in workspace.failed.iterdir() if not p.name.endswith((".txt", ".json")))
    assert originals == ["first\n\x00", "second\n\x00"]


def test_a_sheet_of_a_thousand_bad_rows_is_refused_with_a_bounded_report_in_the_clerks_language(workspace):
    settings = workspace.root / "rules" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: cs"), encoding="utf-8")
    rows = [["order_id", "order_date", "customer_id", "sku", "quantity"]]
    rows += [[f"O-{i}", "2026-11-20", "NOBODY", "SKU-0001", 1] for i in range(1, 1001)]
    path = workspace.inbox / "orders" / "week48.xlsx"
    path.write_bytes(xlsx_bytes({"Orders": rows}))

    code, [result], _ = process(workspace)

    assert code == 1 and result["status"] == "refused"
    errors = [m for m in result["messages"] if m["level"] == "error"]
    assert len(errors) == 501
    assert errors[0]["where"] == "week48.xlsx:Orders!C2"
    *_, last = errors
    assert last["where"] == "week48.xlsx" and "zde není uvedeno" in last["text"]
    assert int(last["text"].split()[1]) >= 500  # "Dalších 1500 problémů ..."
    report = (workspace.failed / "week48.xlsx.error.txt").read_text(encoding="utf-8")
    assert report.count("\n- ") == 501 and len(report) < 100_000 and last["text"] in report
    assert len(json.loads((workspace.failed / "week48.xlsx.error.json").read_text())["problems"]) == 501
    assert all(p.stat().st_size < 300_000 for p in workspace.mail_pending.glob("*.eml"))


def test_a_bill_naming_a_supplier_nobody_knows_is_refused_at_its_cell(workspace):
    # a payment proposal dropped into books/ by mistake set three bills' supplier to the
    # supplier's name: its "Supplier" column was read as the supplier number
    suppliers = [["Supplier number", "Name"], ["S01", "Kovohutě Příbram a.s."]]
    bills = [["Bill", "Supplier number", "Invoice number", "Total", "Currency"],
             ["B-1", "S01", "INV-1", 100, "EUR"], ["B-2", "Kovohutě Příbram a.s.", "INV-2", 200, "EUR"]]
    path = workspace.inbox / "books" / "opening.xlsx"
    path.write_bytes(xlsx_bytes({"Suppliers": suppliers, "Bills": bills}))

    code, [result], _ = process(workspace)

    assert code == 1 and result["status"] == "refused", result
    assert [(m["where"], m["text"]) for m in result["messages"] if m["level"] == "error"] == [
        ("opening.xlsx:Bills!B3", "Supplier number 'Kovohutě Příbram a.s.' is in neither the books nor this file "
                                  "(Suppliers); add it there first, or correct the cell.")]
    _, books = cli_json("books", "export", "-w", str(workspace.root))
    assert books["bills"] == [] and books["suppliers"] == []

    path.write_bytes(xlsx_bytes({"Suppliers": suppliers, "Bills": bills[:2]}))  # the same supplier by its number
    code, [result], _ = process(workspace)
    assert code == 0, result
    _, books = cli_json("books", "export", "-w", str(workspace.root))
    assert [b["supplier_id"] for b in books["bills"]] == ["S01"]


APPLEDOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00" + b"Mac OS X        " + b"\x00" * 40


def _aged(path: Path, minutes: float) -> Path:
    """Set the file's modification time `minutes` ago, as a copy that stopped that long ago."""
    then = os.stat(path).st_mtime - minutes * 60
    os.utime(path, (then, then))
    return path


def test_dot_names_are_taken_by_what_they_are_and_what_is_left_alone_is_listed_by_status(workspace):
    # Regression: every name starting with a dot was skipped unseen, so `.items.xlsx` (a real workbook) lay in
    # the inbox for ever, in neither archive/ nor failed/, and `status` did not show it; a stale `x.part`
    # (a copy that never finished) lay there for ever too.
    books = workspace.inbox / "books"
    (books / ".items.xlsx").write_bytes(xlsx_bytes({"Items": items_rows(2)}))
    (books / "._notes.xlsx").write_bytes(xlsx_bytes({"Items": items_rows(3)}))  # a `._` name, not Mac metadata
    (books / "._prices.xlsx").write_bytes(APPLEDOUBLE)  # a Mac's AppleDouble companion, its owner absent
    (books / "stock.xlsx").write_bytes(xlsx_bytes({"Items": items_rows(4)}))
    (books / ".~lock.gone.xlsx#").write_text("Jana,PC-12/jana,PC-12,01.12.2026 08:14,file:///C:/Users/jana;")
    (books / "~$gone.xlsx").write_bytes(b"\x04Jana" + b"\x00" * 157)  # their documents are not here
    (books / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + b"\x00" * 20)
    (books / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    (books / ".snapshot").mkdir()
    (books / ".snapshot" / "items.xlsx").write_bytes(xlsx_bytes({"Items": items_rows(1)}))
    (books / "more.xlsx.crdownload").write_bytes(b"PK\x03\x04 half a download")
    _aged(books / "more.xlsx.crdownload", 5)  # a download still coming in: waits
    (books / "old.xlsx.part").write_bytes(b"PK\x03\x04 half a copy")
    _aged(books / "old.xlsx.part", 120)  # untouched for two hours (stale_after_minutes: 60): refused

    _, before = cli_json("status", "-w", str(workspace.root))
    assert {e["file"]: e["why"] for e in before["left_alone"]}["inbox/books/.~lock.gone.xlsx#"] == "lock-orphan"

    code, results, stderr = process(workspace)

    assert code == 1, stderr
    assert sorted((r["file"], r["status"]) for r in results) == [
        ("inbox/books/._notes.xlsx", "done"), ("inbox/books/.items.xlsx", "done"),
        ("inbox/books/old.xlsx.part", "refused"), ("inbox/books/stock.xlsx", "done")]
    refused = next(r for r in results if r["status"] == "refused")
    assert refused["messages"][0]["where"] == "old.xlsx.part"
    assert refused["messages"][0]["text"].startswith(
        "the name says this is an unfinished copy or download (it ends in .part), and nothing has written to it "
        "for 120 minutes")
    assert sorted(p.name for p in workspace.failed.iterdir()) == [
        "old.xlsx.part", "old.xlsx.part.error.json", "old.xlsx.part.error.txt"]
    archived = sorted(p.name.split("-", 1)[1] for p in workspace.archive.rglob("*") if p.is_file())
    assert archived == ["_notes.xlsx", "items.xlsx", "stock.xlsx"]  # no hidden names in archive/
    _, exported = cli_json("books", "export", "-w", str(workspace.root))
    assert len(exported["items"]) == 4

    settings = workspace.root / "rules" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: cs"), encoding="utf-8")
    _, status = cli_json("status", "-w", str(workspace.root))
    assert status["queue"] == []
    assert {e["file"]: e["why"] for e in status["left_alone"]} == {
        "inbox/books/.snapshot": "folder", "inbox/books/.DS_Store": "system",
        "inbox/books/.~lock.gone.xlsx#": "lock-orphan", "inbox/books/._prices.xlsx": "mac-orphan",
        "inbox/books/Thumbs.db": "system", "inbox/books/more.xlsx.crdownload": "unfinished",
        "inbox/books/~$gone.xlsx": "lock-orphan"}
    shown = run_cli_process("status", "-w", str(workspace.root)).stderr
    assert "Ponecháno ve schránce, nejde o práci: 7" in shown
    assert "inbox/books/.~lock.gone.xlsx#: zamykací soubor k gone.xlsx, který už ve schránce není" in shown


def test_an_unfinished_copy_named_on_the_command_line_waits_while_it_is_fresh(workspace):
    path = workspace.inbox / "orders" / "week48.xlsx.tmp"
    path.write_bytes(b"PK\x03\x04 being written")
    code, [result], _ = process(workspace, str(path), "--stable", "0")
    assert code == 0 and result["status"] == "waiting"
    assert "left in the inbox while it is written" in result["messages"][0]["text"]
    assert path.exists() and not any(workspace.failed.iterdir())


def test_the_daemon_takes_a_dot_named_document_and_refuses_a_stale_copy_but_leaves_a_lock_file(workspace):
    from test_watch_support import DaemonProcess, handled, no_daemon_left_behind, wait_for

    books = workspace.inbox / "books"
    (books / ".~lock.items.xlsx#").write_text("Jana,PC-12;")
    (books / "._items.xlsx").write_bytes(APPLEDOUBLE)
    _aged(_write(books / "prices.xlsx.filepart", b"PK\x03\x04 half an upload"), 90)
    with no_daemon_left_behind():
        daemon = DaemonProcess(workspace, "--stable", "0.3", "--rescan", "1").wait_started()
        (books / ".items.xlsx").write_bytes(xlsx_bytes({"Items": items_rows(2)}))
        wait_for(lambda: handled(workspace, ".items.xlsx") and handled(workspace, "prices.xlsx.filepart"),
                 what="both handled")
        assert daemon.terminate() == 0
    assert sorted((Path(e["file"]).name, e["status"]) for e in handled(workspace)) == [
        (".items.xlsx", "done"), ("prices.xlsx.filepart", "refused")]
    assert sorted(p.name for p in books.iterdir()) == ["._items.xlsx", ".~lock.items.xlsx#"]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
