"""`process` named the workspace itself (`process .`) takes only the inbox's files.

What a careless operator saw: `backoffice-auto process .` in the workspace walked every folder
below it. The books export in outbox/books/ was imported again as master data, each pending
mail and error report became a refused job (each queueing one more mail), archived originals
were claimed again as duplicates; in the demo workspace the company's own sales invoices and
payslips were entered as supplier bills and the reconciliation workbooks applied as the
clerk's decisions. Real subprocesses on a real workspace.
"""

from __future__ import annotations

import sqlite3

from conftest import write_workbook
from test_pipeline import items_rows
from test_pipeline_inbox_safety import process, tree


def _czech(ws):
    settings = ws.rules_dir / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: cs"),
                        encoding="utf-8")
    return ws


def _jobs(ws) -> list[str]:
    with sqlite3.connect(ws.db_path) as conn:
        return [row[0] for row in conn.execute("SELECT inbox_path FROM jobs ORDER BY job_id")]


def test_the_workspace_named_as_a_folder_gives_only_its_inbox_files(workspace):
    ws = _czech(workspace)
    first = write_workbook(ws.inbox / "books" / "items.xlsx", {"Items": items_rows(3)})
    code, results, err = process(ws, str(first))
    assert code == 0, err
    (ws.inbox / "orders" / "broken.xlsx").write_bytes(b"not a workbook")
    assert process(ws)[0] == 1  # failed/ holds a refused original and its reports now
    assert any(ws.outbox.rglob("*.xlsx")) and any(ws.archive.rglob("*")) and any(ws.failed.iterdir())
    jobs_before = _jobs(ws)
    kept = {name: tree(ws.root / name) for name in ("outbox", "archive", "failed")}
    new = write_workbook(ws.inbox / "books" / "more.xlsx", {"Items": items_rows(5)})

    code, results, stderr = process(ws, str(ws.root))

    assert code == 0, (results, stderr)
    assert [r["file"] for r in results] == ["inbox/books/more.xlsx"] and results[0]["status"] == "done"
    assert _jobs(ws)[len(jobs_before):] == ["inbox/books/more.xlsx"]
    assert not new.exists()
    for name in ("archive", "failed"):  # nothing taken from them, nothing added but the new original
        assert set(kept[name]) <= set(tree(ws.root / name))
    assert [p for p in tree(ws.archive) if p not in kept["archive"]] == [
        p for p in tree(ws.archive) if p.endswith("more.xlsx")]


def test_a_file_named_inside_outbox_or_state_is_refused_unread_naming_the_folder(workspace):
    ws = _czech(workspace)
    first = write_workbook(ws.inbox / "books" / "items.xlsx", {"Items": items_rows(3)})
    assert process(ws, str(first))[0] == 0
    export = next(ws.books_out.glob("*.xlsx"))
    jobs_before = _jobs(ws)
    named = [str(export), str(ws.root / "inbox" / ".." / "outbox"), str(ws.db_path), str(ws.rules_dir)]

    code, results, stderr = process(ws, *named)

    assert code == 1, stderr
    assert [r["file"] for r in results] == named
    assert all(r["status"] == "refused" and r["job"] is None and r["outputs"] == [] for r in results)
    texts = [r["messages"][0]["text"] for r in results]
    assert texts[0].startswith(f"{export}: složka outbox/ pracovního prostoru")
    assert "složka outbox/" in texts[1] and "složka .backoffice/" in texts[2] and "složka rules/" in texts[3]
    assert all("inbox/" in text for text in texts)
    assert _jobs(ws) == jobs_before and export.is_file() and ws.db_path.is_file()
