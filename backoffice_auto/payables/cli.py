"""`backoffice-auto payables run [--date D]`: make a payment proposal now.

The command starts the job's scheduled task `payables-run` for the date through the
engine's task machinery (`pipeline/tasks.py`), exactly as the daemon does on run days: the
run is journaled like a file under the key (task, date), its outputs land in the outbox and
its mail in the spool; the same date asked twice, or by the command and the daemon at the
same moment, runs once.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click


RUN_TASK = "payables-run"  # the spec's scheduled task (spec.py)


@click.group("payables")
def payables_group() -> None:
    """Payment runs: schedule bills, propose a run, approve it into bank files."""


@payables_group.command("run")
@click.option("--date", "run_date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The run's date (default: today in the settings' time zone).")
@click.option("-w", "--workspace", "workspace_dir", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The workspace folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
def run_command(run_date, workspace_dir: Path, as_json: bool) -> None:
    """Make a payment proposal now."""
    from backoffice_auto.cli import EXIT_OK, EXIT_REFUSED, _print_result, emit_json, open_pipeline, task_day
    from backoffice_auto.pipeline.tasks import run_task

    pipeline = open_pipeline(workspace_dir)
    try:
        pipeline.recover()
        day: date = task_day(pipeline, run_date)  # exit 2 for a day no run is meant for (2062 for 2026)
        result = run_task(pipeline, RUN_TASK, day)
        pipeline.flush_books()
    finally:
        pipeline.close()
    if as_json:
        emit_json([result])
    else:
        _print_result(result)
    sys.exit(EXIT_REFUSED if result["status"] == "refused" else EXIT_OK)
