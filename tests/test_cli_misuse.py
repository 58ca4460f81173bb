"""The command line misused as an operator would: every mistake is a usage error (exit 2)
in the workspace language, never a traceback, and no file is touched."""

from __future__ import annotations

import os

import pytest

from conftest import run_cli_process
from test_watch_support import items_csv


@pytest.mark.parametrize("command", [
    ["process", "--stable", "inf"], ["process", "--stable", "nan"], ["process", "--stable", "1e400"],
    ["watch", "--stable", "nan"], ["watch", "--poll", "inf"], ["watch", "--poll", "nan"],
])
def test_seconds_that_are_not_finite_are_a_usage_error_and_the_inbox_is_left_alone(workspace, command):
    # `process --stable inf` passed click's range check and overflowed a sleep with a traceback;
    # `watch --stable nan` passed too and started a watcher no file could satisfy
    waiting = items_csv(workspace.inbox / "books" / "items.csv")
    result = run_cli_process(*command, "-w", str(workspace.root), timeout=60)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"Invalid value for '{command[1]}'" in result.stderr and "is not in the range" in result.stderr
    assert waiting.exists()


def test_the_range_error_is_in_the_workspace_language(workspace):
    settings = workspace.root / "rules" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: cs"), encoding="utf-8")
    result = run_cli_process("process", "--stable", "nan", "-w", str(workspace.root), timeout=60)
    assert result.returncode == 2
    assert "Neplatná hodnota pro '--stable': nan není v rozsahu 0<=x<=86400.0." in result.stderr


def test_a_date_that_is_not_a_date_is_refused_in_the_workspace_language(workspace):
    # click's own words for a date not in the form (and a choice not among the choices) stayed English
    settings = workspace.root / "rules" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: pl"), encoding="utf-8")
    result = run_cli_process("payables", "run", "--date", "2026-13-01", "-w", str(workspace.root), timeout=60)
    assert result.returncode == 2, result.stderr
    assert "Nieprawidłowa wartość dla '--date': '2026-13-01' nie pasuje do formatu '%Y-%m-%d'." in result.stderr


@pytest.mark.parametrize("command", [("payables", "run"), ("tasks", "run", "payables-run")],
                         ids=["payables", "tasks"])
def test_a_run_day_years_away_is_refused_as_a_mistyped_year_and_nothing_runs(workspace, command):
    # `payables run --date 2062-01-07` (for 2026) proposed every bill due until 2062, with a bank date no bank takes
    import json
    from datetime import date, timedelta

    settings = workspace.root / "rules" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: es"), encoding="utf-8")
    # a year from today in the workspace's time zone, which may be a day off the test's own clock
    latest = {(date.today() + timedelta(days=366 + shift)).isoformat() for shift in (-1, 0, 1)}
    for day in ("2062-01-07", "1999-12-31"):
        result = run_cli_process(*command, "--date", day, "-w", str(workspace.root), timeout=60)
        assert result.returncode == 2, result.stderr
        assert any(result.stderr.strip() == f"--date {day}: una tarea se ejecuta para un día del 2000-01-01 al "
                   f"{last} (como mucho un año desde hoy); ¿está mal escrito el año?" for last in latest), result.stderr
    assert not list((workspace.root / "outbox").rglob("*.xlsx"))
    status = json.loads(run_cli_process("status", "-w", str(workspace.root), "--json", timeout=60).stdout)
    assert status["jobs"] == {} and status["recent"] == []


@pytest.mark.parametrize("command", ["init", "demo"])
def test_a_workspace_that_cannot_be_made_is_a_usage_error_saying_why(tmp_path, command):
    # `init /proc/x` (and `demo` there) ended in a FileNotFoundError traceback
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    result = run_cli_process(command, str(a_file / "ws"), timeout=60)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"cannot make a workspace at {a_file / 'ws'}: a part of its path is a file, not a folder" in result.stderr
    assert a_file.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("subcommand", ["extract", "explain"])
def test_reading_an_invoice_from_a_device_a_pipe_or_a_huge_file_is_refused_unread(workspace, tmp_path, subcommand):
    # `invoices explain /dev/zero` read for ever and a pipe blocked the open: the command hung;
    # a file of gigabytes was read whole into memory before the PDF reader's bounds (its size is said
    # in the workspace's number form)
    settings = workspace.root / "rules" / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: cs").replace(
        "max_file_mb: 50", "max_file_mb: 1"), encoding="utf-8")
    pipe = tmp_path / "faktura.pdf"
    os.mkfifo(pipe)
    big = tmp_path / "velka.pdf"
    with open(big, "wb") as handle:
        handle.truncate(3 * 1024 * 1024)
    for path, said in (("/dev/zero", "zero: odmítnuto: toto není běžný soubor; nebyl čten."),
                       (str(pipe), "faktura.pdf: odmítnuto: toto není běžný soubor; nebyl čten."),
                       (str(big), "velka.pdf: odmítnuto: soubor má 3,0 MB, víc než limit 1 MB")):
        result = run_cli_process("invoices", subcommand, path, "-w", str(workspace.root), timeout=60)
        assert result.returncode == 1 and result.stderr.strip() == said, (path, result.stderr)


def test_invoices_extract_json_still_prints_one_json_document_when_it_refuses(workspace, tmp_path):
    """DESIGN: `--json` output is one JSON document on stdout; a refusal printed nothing there."""
    import json

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot a pdf at all")
    for path, where in ((str(broken), "broken.pdf"), ("/dev/zero", "zero")):
        result = run_cli_process("invoices", "extract", path, "--json", "-w", str(workspace.root), timeout=60)
        assert result.returncode == 1, result.stderr
        document = json.loads(result.stdout)
        assert document["file"] == where and document["status"] == "refused"
        assert [m["level"] for m in document["messages"]] == ["error"] * len(document["messages"]) != []
        assert all(m["where"].startswith(where) and m["text"] for m in document["messages"]), document
        assert result.stderr.strip().startswith(f"{where}: refused: ")
