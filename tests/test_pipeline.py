"""The exactly-once pipeline, end to end through the real command line and real SQLite."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import cli_json, run_cli, run_cli_process, write_workbook

ITEM_HEADERS = ["sku", "name", "unit", "unit_price", "currency", "tax_rate", "on_hand", "location"]


def items_rows(count: int = 30) -> list[list]:
    rows = [ITEM_HEADERS]
    for i in range(1, count + 1):
        rows.append([f"SKU-{i:04d}", f"Šroub M{i} žlutý", "pcs", Decimal(f"{i}.{i % 100:02d}"), "EUR", 21, i * 3,
                     f"A-{i % 9:02d}"])
    return rows


def all_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_same_content_under_two_names_is_applied_once(workspace):
    first = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": items_rows()})
    second = workspace.inbox / "books" / "items-copy.xlsx"
    shutil.copyfile(first, second)
    code, results = cli_json("process", str(first), str(second), "-w", str(workspace.root))
    assert code == 0, results
    assert [r["status"] for r in results] == ["done", "duplicate"]
    assert results[1]["duplicate_of"] == results[0]["job"]
    assert f"job {results[0]['job']}" in results[1]["messages"][0]["text"]
    code, books = cli_json("books", "export", "-w", str(workspace.root))
    assert len(books["items"]) == 30
    assert not any(workspace.inbox.rglob("*.xlsx"))
    archived = sorted(p.name for p in workspace.archive.rglob("*.xlsx"))
    assert len(archived) == 2 and archived[0].endswith("items.xlsx") and archived[1].endswith("items-copy.xlsx")


def test_books_export_json_returns_imported_items_exactly(workspace):
    rows = items_rows(5)
    rows[1][3] = Decimal("1234.5600")
    path = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": rows})
    run_cli("process", str(path), "-w", str(workspace.root), check=True)
    code, books = cli_json("books", "export", "-w", str(workspace.root))
    assert code == 0
    first = books["items"][0]
    assert first["sku"] == "SKU-0001" and first["name"] == "Šroub M1 žlutý"
    assert Decimal(first["unit_price"]) == Decimal("1234.56")
    assert [item["unit_price"] for item in books["items"][1:]] == ["2.02", "3.03", "4.04", "5.05"]
    assert [item["on_hand"] for item in books["items"]] == ["3", "6", "9", "12", "15"]
    assert first["tax_rate"] == "21"


def test_dry_run_commits_and_moves_nothing(workspace):
    path = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": items_rows(3)})

    def visible_files():  # everything but the state folder (the database and its lock)
        return [f for f in all_files(workspace.root) if not f.startswith(".backoffice/")]

    before = visible_files()
    code, results = cli_json("process", str(path), "--dry-run", "-w", str(workspace.root))
    assert code == 0 and results[0]["status"] == "done" and results[0]["dry_run"]
    assert visible_files() == before
    _, status = cli_json("status", "-w", str(workspace.root))
    assert status["jobs"] == {}
    _, books = cli_json("books", "export", "-w", str(workspace.root))
    assert books["items"] == []
    assert path.exists()


def test_refused_file_goes_to_failed_with_reasons(workspace):
    bad = workspace.inbox / "books" / "items.xlsx"
    bad.write_text("this is not a workbook\n")
    code, results = cli_json("process", str(bad), "-w", str(workspace.root))
    assert code == 1
    assert results[0]["status"] == "refused"
    assert (workspace.failed / "items.xlsx").exists()
    text = (workspace.failed / "items.xlsx.error.txt").read_text()
    assert "items.xlsx" in text
    detail = json.loads((workspace.failed / "items.xlsx.error.json").read_text())
    assert detail["problems"]
    assert not bad.exists()


def test_retry_runs_a_refused_job_again(workspace):
    rows = items_rows(3)
    rows[2][3] = "twelve"
    path = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": rows})
    code, results = cli_json("process", str(path), "-w", str(workspace.root))
    assert code == 1
    job = results[0]["job"]
    assert "D3" in results[0]["messages"][0]["where"]
    # The admin fixes the rules so the bad row is skipped, then retries the job.
    (workspace.rules_dir / "masterdata.yaml").write_text("on_bad_row: skip\n")
    code, result = cli_json("retry", job, "-w", str(workspace.root))
    assert code == 0, result
    assert result["status"] == "done" and result["job"] == job
    _, books = cli_json("books", "export", "-w", str(workspace.root))
    assert [i["sku"] for i in books["items"]] == ["SKU-0001", "SKU-0003"]


@pytest.mark.parametrize("named", ["items.xlsx", "failed/items.xlsx", "inbox/books/items.xlsx"])
def test_retry_takes_the_refused_file_by_the_name_the_clerk_knows(workspace, named):
    """The clerk knows the file, not the job's number: its latest refused job is run again."""
    rows = items_rows(3)
    rows[2][3] = "twelve"
    path = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": rows})
    _, results = cli_json("process", str(path), "-w", str(workspace.root))
    (workspace.rules_dir / "masterdata.yaml").write_text("on_bad_row: skip\n")
    code, result = cli_json("retry", named, "-w", str(workspace.root))
    assert code == 0, result
    assert result["status"] == "done" and result["job"] == results[0]["job"]
    unknown = run_cli("retry", "other.xlsx", "-w", str(workspace.root))
    assert unknown.returncode == 2 and "no refused file of that name" in unknown.stderr


def test_missing_file_is_reported_not_crashed(workspace):
    code, results = cli_json("process", str(workspace.inbox / "books" / "gone.xlsx"), "-w", str(workspace.root))
    assert code == 1
    assert results[0]["status"] == "refused"


def test_file_deleted_between_detection_and_claim(workspace):
    from backoffice_auto.pipeline.runner import Pipeline

    path = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": items_rows(2)})
    pipeline = Pipeline(workspace)
    waiting = pipeline.waiting_files()
    path.unlink()
    results = pipeline.process_paths(waiting)
    assert results[0]["status"] == "refused"
    assert "disappeared" in results[0]["messages"][0]["text"]
    assert all_files(workspace.failed) == []
    pipeline.close()


def test_formula_text_in_input_stays_text_in_outputs(workspace):
    from openpyxl import load_workbook

    path = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": items_rows(2)})
    book = load_workbook(path)
    for row, text in ((2, "=HYPERLINK(\"http://evil\",\"x\")"), (3, "@SUM(A1:A2)")):
        cell = book.active.cell(row=row, column=2)
        cell.value = text
        cell.data_type = "s"  # text typed by a clerk, stored as a string, not a formula
    book.save(path)
    run_cli("process", str(path), "-w", str(workspace.root), check=True)
    book = load_workbook(workspace.books_out / "items.xlsx")
    sheet = book.active
    names = [sheet.cell(row=r, column=2) for r in (2, 3)]
    assert [c.value for c in names] == ["=HYPERLINK(\"http://evil\",\"x\")", "@SUM(A1:A2)"]
    assert all(c.data_type == "s" for c in names)


def test_invalid_rules_stop_process_with_exit_2(workspace):
    (workspace.rules_dir / "settings.yaml").write_text("language: en\nlocale: [unclosed\n")
    result = run_cli("process", "-w", str(workspace.root))
    assert result.returncode == 2
    assert "rules/settings.yaml:" in result.stderr and "YAML" in result.stderr


CRASH_POINTS = ["claimed", "processing", "committed", "outputs", "mail", "archived"]


def _books_and_places(workspace) -> tuple[dict, list[str]]:
    _, books = cli_json("books", "export", "-w", str(workspace.root))
    places = [p for p in all_files(workspace.root)
              if p.endswith(".xlsx") and (p.startswith("inbox/") or p.startswith("archive/") or p.startswith("failed/"))]
    return books, places


@pytest.fixture(scope="module")
def clean_books(tmp_path_factory):
    from backoffice_auto.workspace import Workspace

    ws = Workspace.at(tmp_path_factory.mktemp("clean") / "ws")
    ws.init()
    path = write_workbook(ws.inbox / "books" / "items.xlsx", {"Items": items_rows(200)})
    run_cli("process", str(path), "-w", str(ws.root), check=True)
    books, _ = _books_and_places(ws)
    return {"books": books, "mail": _mail_ids(ws)}


def _mail_ids(workspace) -> list[str]:
    """Message-IDs of every spooled message (pending or sent), duplicates kept."""
    from email import message_from_bytes

    ids = []
    for folder in (workspace.mail_pending, workspace.mail_sent):
        for path in folder.glob("*.eml"):
            ids.append(message_from_bytes(path.read_bytes())["Message-ID"].split("@")[0].split(".")[-1:][0])
    return sorted(ids)


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_sigkill_at_each_step_then_rerun_equals_one_clean_run(workspace, clean_books, point):
    path = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": items_rows(200)})
    crashed = run_cli_process("process", str(path), "-w", str(workspace.root), env={"BACKOFFICE_CRASH_AT": point})
    assert crashed.returncode == -signal.SIGKILL
    rerun = run_cli_process("process", "-w", str(workspace.root))
    assert rerun.returncode == 0, rerun.stderr
    books, places = _books_and_places(workspace)
    assert books == clean_books["books"]
    assert len(places) == 1 and places[0].startswith("archive/"), places
    outputs = [p for p in all_files(workspace.outbox) if "changes-items" in p]
    assert len(outputs) == 1, outputs
    assert len(_mail_ids(workspace)) == len(clean_books["mail"])
    _, status = cli_json("status", "-w", str(workspace.root))
    assert status["jobs"] == {"done": 1}
    assert status["queue"] == []


def test_sigkill_at_random_moments_never_loses_or_doubles(workspace, clean_books):
    """A real `process` subprocess killed with SIGKILL after a random delay, several times."""
    import random

    path = write_workbook(workspace.inbox / "books" / "items.xlsx", {"Items": items_rows(200)})
    rng = random.Random(7)
    for _ in range(4):
        proc = subprocess.Popen([sys.executable, "-m", "backoffice_auto", "process", "-w", str(workspace.root)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    run_cli("process", "-w", str(workspace.root), check=True)
    books, places = _books_and_places(workspace)
    assert books == clean_books["books"]
    assert len(places) == 1 and places[0].startswith("archive/")
    assert len(_mail_ids(workspace)) == len(clean_books["mail"])
