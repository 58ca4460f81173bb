"""`backoffice-auto demo`: a new workspace, realistic sample files of every kind, all processed.

Each job's spec names its demo step (`JobSpec.demo(workspace, seed) -> list[Path]`); the
steps run in the jobs list's order (master data first, since the other jobs need customers,
items, suppliers and employees) through the same pipeline as `process`.
"""

from __future__ import annotations

from typing import Any, Callable

from backoffice_auto.i18n import N_, translate
from backoffice_auto.workspace import Workspace

# The demo's own words, in the system locale's language (`init` gives the workspace that one too).
DROPPED = N_("{job}: files dropped: {count}")
RESULT = N_("{status} {file}  job {job}, outputs: {outputs}")
WORKSPACE = N_("Demo workspace: {root}")
TOTALS = N_("files done: {done}, refused: {refused}")
RESULTS = N_("results:      {folder}/<date>/<job>-<file>/")
BOOKS = N_("the books:    {folder}/ (or `backoffice-auto books export --json -w {root}`)")
MAIL = N_("mail waiting: {count} in {folder}/ (set BACKOFFICE_SMTP_HOST and run `backoffice-auto mail send -w {root}`)")
ORIGINALS = N_("originals:    {folder}/   journal: `backoffice-auto status -w {root}`")


def run_demo(workspace: Workspace, seed: int = 0, report: Callable[[str], None] = print) -> dict[str, Any]:
    from backoffice_auto.i18n.languages import system_language, system_locale
    from backoffice_auto.pipeline.result import status_word
    from backoffice_auto.pipeline.runner import Pipeline

    if workspace.root.exists() and any(workspace.root.iterdir()) and not workspace.is_workspace():
        raise SystemExit(f"{workspace.root} exists and is not a workspace; choose an empty or new folder")
    language = system_language()
    workspace.init(language, system_locale())
    pipeline = Pipeline(workspace)
    language = pipeline.language  # an existing demo workspace keeps its own
    say = lambda msgid, **params: translate(msgid, language, **params)  # noqa: E731
    pipeline.recover()
    results: list[dict] = []
    for spec in pipeline.specs:
        if spec.demo is None:
            continue
        files = spec.demo(workspace, seed)
        report(say(DROPPED, job=spec.name, count=len(files)))
        step_results = pipeline.process_paths(files)
        for result in step_results:
            report("  " + say(RESULT, status=f"{status_word(result['status'], language):9}", file=result["file"],
                              job=result["job"], outputs=len(result["outputs"])))
            # the first five messages, and every figure the job reports (info) after them
            shown = [m for n, m in enumerate(result["messages"]) if n < 5 or m["level"] == "info"]
            for message in shown:
                report(f"            {status_word(message['level'], language, _LEVELS)}: {message['text']}")
        results += step_results
    pipeline.close()
    refused = [r for r in results if r["status"] == "refused"]
    pending = sorted(workspace.mail_pending.glob("*.eml"))
    root = workspace.root
    report("")
    report(say(WORKSPACE, root=root))
    report("  " + say(TOTALS, done=len(results) - len(refused), refused=len(refused)))
    report("  " + say(RESULTS, folder=workspace.outbox))
    report("  " + say(BOOKS, folder=workspace.books_out, root=root))
    report("  " + say(MAIL, count=len(pending), folder=workspace.mail_pending, root=root))
    report("  " + say(ORIGINALS, folder=workspace.archive, root=root))
    return {"ok": not refused, "workspace": str(workspace.root), "results": results, "mail_pending": len(pending)}


_LEVELS = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}
