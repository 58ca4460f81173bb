"""What a long job is doing, shown beside its file while `process` runs on a terminal: the
statement being read and matched, the 40th of 200 payslips. Real workspace, real files; the
terminal is a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import time

from backoffice_auto.pipeline.runner import Pipeline
from conftest import write_workbook
from test_payroll_job import setup, timesheet_rows


def test_the_pipeline_tells_each_step_of_a_job_with_its_file(workspace):
    pipeline = setup(workspace)
    told: list[tuple[str, str | None]] = []
    pipeline.on_step = lambda file, step: told.append((file, step))
    sheet = write_workbook(workspace.inbox / "timesheets" / "march.xlsx", {"Punches": timesheet_rows()})
    [result] = pipeline.process_paths([sheet])
    assert result["status"] == "done", result["messages"]
    files = {file for file, _ in told}
    assert files == {"timesheets/march.xlsx"} or files == {"inbox/timesheets/march.xlsx"}, files
    assert told[0][1] is None  # the job starts
    assert [step for _, step in told if step and step.startswith("payslip PDF")] == [
        "payslip PDF 1 of 3", "payslip PDF 2 of 3", "payslip PDF 3 of 3"]
    pipeline.close()


def test_steps_are_said_in_the_workspace_language(workspace):
    (workspace.rules_dir / "settings.yaml").write_text("language: cs\n", encoding="utf-8")
    pipeline = setup(workspace)
    told: list[str | None] = []
    pipeline.on_step = lambda _file, step: told.append(step)
    sheet = write_workbook(workspace.inbox / "timesheets" / "march.xlsx", {"Punches": timesheet_rows()})
    pipeline.process_paths([sheet])
    assert "výplatní páska PDF 2 z 3" in told
    pipeline.close()


def test_process_on_a_terminal_shows_the_file_and_its_step(workspace):
    setup(workspace).close()
    write_workbook(workspace.inbox / "timesheets" / "march.xlsx", {"Punches": timesheet_rows()})
    main, child = pty.openpty()
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
    process = subprocess.Popen([sys.executable, "-m", "backoffice_auto", "process", "-w", str(workspace.root)],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=child, env=env)
    os.close(child)
    seen = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=60)
    os.close(main)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.decode("utf-8", "replace"))
    assert process.returncode == 0, text
    assert "Processing march.xlsx" in text, text
    assert "payslip PDF" in text, text  # rendered while the payslips were drawn
    assert "Traceback" not in text
