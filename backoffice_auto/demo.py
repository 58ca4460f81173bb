"""`backoffice-auto demo`: a new workspace, realistic sample files of every kind, all processed.

Each job's spec names its demo step (`JobSpec.demo(workspace, seed) -> list[Path]`); the
steps run in the jobs list's order (master data first, since the other jobs need customers,
items, suppliers and employees) through the same pipeline as `process`.
"""

from __future__ import annotations

from typing import Any, Callable

from backoffice_auto.workspace import Workspace


def run_demo(workspace: Workspace, seed: int = 0, report: Callable[[str], None] = print) -> dict[str, Any]:
    from backoffice_auto.pipeline.runner import Pipeline

    if workspace.root.exists() and any(workspace.root.iterdir()) and not workspace.is_workspace():
        raise SystemExit(f"{workspace.root} exists and is not a workspace; choose an empty or new folder")
    workspace.init()
    pipeline = Pipeline(workspace)
    pipeline.recover()
    results: list[dict] = []
    for spec in pipeline.specs:
        if spec.demo is None:
            continue
        files = spec.demo(workspace, seed)
        report(f"{spec.name}: dropped {len(files)} file(s)")
        step_results = pipeline.process_paths(files)
        for result in step_results:
            report(f"  {result['status']:9} {result['file']}  job {result['job']}, {len(result['outputs'])} output(s)")
            # the first five messages, and every figure the job reports (info) after them
            shown = [m for n, m in enumerate(result["messages"]) if n < 5 or m["level"] == "info"]
            for message in shown:
                report(f"            {message['level']}: {message['text']}")
        results += step_results
    pipeline.close()
    refused = [r for r in results if r["status"] == "refused"]
    pending = sorted(workspace.mail_pending.glob("*.eml"))
    report("")
    report(f"Demo workspace: {workspace.root}")
    report(f"  {len(results) - len(refused)} file(s) done, {len(refused)} refused")
    report(f"  results:      {workspace.outbox}/<date>/<job>-<file>/")
    report(f"  the books:    {workspace.books_out}/ (or `backoffice-auto books export --json -w {workspace.root}`)")
    report(f"  mail waiting: {len(pending)} in {workspace.mail_pending}/ (set BACKOFFICE_SMTP_HOST and run "
           f"`backoffice-auto mail send -w {workspace.root}`)")
    report(f"  originals:    {workspace.archive}/   journal: `backoffice-auto status -w {workspace.root}`")
    return {"ok": not refused, "workspace": str(workspace.root), "results": results, "mail_pending": len(pending)}
