"""Demo step: the demo's bills are scheduled, a run is proposed, a generated approval
workbook approves it, and a pain.001 is written, all through the pipeline.

Two jobs, one after the other: the run request (today's date), then the approval made
from the proposal it produced (signed by the rules' approvers: the first, and the second
when a transfer is over the first one's limit).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from backoffice_auto.workspace import Workspace


def drop_demo_files(workspace: Workspace, seed: int = 0, day=None) -> list[Path]:
    """The `payables-run` task's request for `day` (default today), dropped into the inbox:
    the same (task, date) key as `payables run` and the daemon, so the day's run happens once.
    The approval needs its proposal first, so the spec's demo step processes this itself."""
    from datetime import date

    from backoffice_auto.pipeline.tasks import SUFFIX, request_bytes

    day = day or date.today()
    path = workspace.inbox / f"payables-run-{day.isoformat()}{SUFFIX}"
    path.write_bytes(request_bytes("payables-run", day))
    return [path]


def fill_approval(proposal: Path, target: Path, approvers) -> Path:
    """Sign the proposal as the rules' approvers would and approve every line."""
    from openpyxl import load_workbook

    from backoffice_auto.payables.workbook import APPROVER_CELL, HEADER_ROW, SECOND_CELL, SHEET

    wb = load_workbook(proposal)
    ws = wb[SHEET]
    largest = Decimal(0)
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        if ws.cell(row, 6).value:
            ws.cell(row, 12).value = "yes"
            largest = max(largest, Decimal(str(ws.cell(row, 11).value or 0)))
    if approvers:
        ws[APPROVER_CELL] = approvers[0].name
        if largest > approvers[0].limit and len(approvers) > 1:
            ws[SECOND_CELL] = approvers[1].name
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def demo(workspace: Workspace, seed: int = 0) -> list[Path]:
    """The spec's demo step: the run request is processed here (the approval needs the
    proposal it makes), and the approval workbook made from that proposal is returned for
    the demo to process like any dropped file."""
    from backoffice_auto.pipeline.runner import Pipeline

    pipeline = Pipeline(workspace)
    try:
        results = pipeline.process_paths(drop_demo_files(workspace, seed, pipeline.now().date()))
        proposals = [workspace.root / p for r in results for p in r["outputs"] if "payment-proposal-" in p]
        if not proposals:
            return []
        target = workspace.inbox / "approvals" / proposals[0].name.replace("payment-proposal-", "payment-approval-")
        return [fill_approval(proposals[0], target, pipeline.rules.payables.approvers)]
    finally:
        pipeline.close()
