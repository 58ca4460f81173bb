"""`backoffice-auto payables run [--date D]`: make a payment proposal now.

The command writes a run request into the workspace's inbox and processes it through the
pipeline (see `handler.py`): the run is journaled like a file, its outputs land in the
outbox and its mail in the spool; the same date asked twice runs once.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click


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
    from backoffice_auto.cli import EXIT_OK, EXIT_REFUSED, _print_result, emit_json, open_pipeline
    from backoffice_auto.payables.handler import run_request

    pipeline = open_pipeline(workspace_dir)
    try:
        pipeline.recover()
        day: date = run_date.date() if run_date else pipeline.now().date()
        request = pipeline.workspace.inbox / f"payables-run-{day.isoformat()}.txt"
        request.write_bytes(run_request(day))
        result = pipeline.process_path(request)
        pipeline.flush_books()
    finally:
        pipeline.close()
    if as_json:
        emit_json([result])
    else:
        _print_result(result)
    sys.exit(EXIT_REFUSED if result["status"] == "refused" else EXIT_OK)
