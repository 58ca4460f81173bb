"""What `watch` prints on its console: one line per file, one at start, one at stop.

The operator watching the terminal should not need `log.jsonl` to know what happened:
each file handed to the pipeline gets one line (the file, what became of it, the job and
its kind, and the one figure or reason that matters), in the workspace language. The
log keeps the details; these lines are built only from the job's result, so they say
nothing the clerk's own reply would not.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from backoffice_auto.i18n import N_, NP_, ntranslate, translate
from backoffice_auto.textline import shown

LINE_DONE = N_("{time} {file}: done, job {job} ({kind}): {detail}")
LINE_REFUSED = N_("{time} {file}: refused, job {job} ({kind}): {detail}")
LINE_DUPLICATE = N_("{time} {file}: duplicate: {detail}")
LINE_OTHER = N_("{time} {file}: {detail}")
LINE_CRASHED = N_("{time} {file}: could not be processed ({error}); it is left where it is, details in .backoffice/log.jsonl")
MORE = NP_("{detail} (and {n} more problem)", "{detail} (and {n} more problems)")
GONE = N_("The workspace {root} is no longer there (moved, renamed or deleted while it was watched): stopped "
           "watching. Start the service again in the workspace's new place; files dropped meanwhile are taken then.")
STARTED_DELIVERED = N_("At start: {n} finished jobs whose delivery an interruption had cut short were delivered.")
STARTED_REDONE = NP_("At start: {n} job an interruption had cut short left nothing behind and is done again from the start.",
                     "At start: {n} jobs an interruption had cut short left nothing behind and are done again from the start.")
STOPPED = NP_("Stopped: {jobs} file handled, {refused} refused.", "Stopped: {jobs} files handled, {refused} refused.", "jobs")

#: The job kinds as an operator calls them (the handler's `kind` is an internal name).
KIND_LABELS = {
    "orders": N_("orders"),
    "masterdata": N_("master data"),
    "invoices": N_("supplier invoice"),
    "invoice-approval": N_("invoice review"),
    "timesheets": N_("timesheets"),
    "payment_approval": N_("payment approval"),
    "bank": N_("bank statement"),
    "payments-approval": N_("payment matching review"),
    "tasks": N_("scheduled task"),
}


def _t(msgid: str, language: str, **params: Any) -> str:
    return translate(msgid, language, **params)


def _now() -> str:
    return datetime.now().strftime("%H:%M:%S")


def kind_label(kind: str | None, language: str) -> str:
    if not kind:
        return "-"
    label = KIND_LABELS.get(kind)
    return translate(label, language) if label else kind


def _detail(result: Mapping[str, Any], language: str) -> str:
    """The short reason of a refusal (its first error), or the job's summary (its last info line)."""
    messages = list(result.get("messages") or [])
    if result.get("status") == "refused":
        errors = [m for m in messages if m.get("level") == "error"] or messages
        if not errors:
            return ""
        first = errors[0]["text"]
        return _t(MORE, language, detail=first, n=len(errors) - 1) if len(errors) > 1 else first
    infos = [m for m in messages if m.get("level") == "info"] or messages
    if infos:
        return infos[-1]["text"]
    outputs = [o for o in result.get("outputs") or [] if "/mail/" not in o]
    return ntranslate("{n} file written", "{n} files written", len(outputs), language)


def file_line(result: Mapping[str, Any], language: str, file: str, time: str | None = None) -> str:
    """One line for one file's result (`done`, `refused`, `duplicate`, or what else the pipeline said)."""
    status = result.get("status")
    template = {"done": LINE_DONE, "refused": LINE_REFUSED, "duplicate": LINE_DUPLICATE}.get(status, LINE_OTHER)
    return _t(template, language, time=time or _now(), file=shown(file), job=result.get("job") or "-",
              kind=kind_label(result.get("kind"), language), detail=_detail(result, language))


def crash_line(file: str, error: str, language: str, time: str | None = None) -> str:
    return _t(LINE_CRASHED, language, time=time or _now(), file=shown(file), error=error)


def start_lines(recovered: Mapping[str, int] | None, language: str) -> list[str]:
    """What recovery did at start, in words (nothing when there was nothing to recover)."""
    recovered = recovered or {}
    lines = []
    if recovered.get("delivered"):
        lines.append(_t(STARTED_DELIVERED, language, n=recovered["delivered"]))
    if recovered.get("interrupted"):
        lines.append(_t(STARTED_REDONE, language, n=recovered["interrupted"]))
    return lines


def gone_line(root: str, language: str) -> str:
    return _t(GONE, language, root=root)


def stop_line(jobs: int, refused: int, language: str) -> str:
    return _t(STOPPED, language, jobs=jobs, refused=refused)
