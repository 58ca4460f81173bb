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
