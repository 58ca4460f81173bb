"""What a `--json` caller reads when a command is stopped by a failure of the machine.

Why: a disk that was full (or a file-size limit, an I/O error, the books locked) before
`process --json` had handled its first file stopped it with exit 3 and one line on stderr,
and nothing on stdout: a script reading the JSON got an empty document and could not tell
"nothing to do" from "stopped". Now every `--json` command stopped so prints one JSON
document on stdout all the same, in its usual shape where it has one:

- `process`: its list, one object per file it would have handled, each `postponed` with the
  message saying what failed, where and what to do (nothing was tried: every file stays in
  the inbox); with no file to name, one object whose `file` is null carries the message;
- any other command: `{"status": "postponed", "outage": {kind, where}, "messages": [...]}`.

The exit code stays 3 and the message is still said on stderr (`cli._Commands`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from backoffice_auto.pipeline.outage import Outage, shown
from backoffice_auto.pipeline.result import JobResult
from backoffice_auto.workspace import Workspace


def stopped_document(command: click.Command | None, argv: list[str], workspace: Workspace, outage: Outage,
                     language: str) -> Any:
    """The JSON document for `command` (run with `argv`, its own name first) stopped by `outage`."""
    message = {"level": "error", "text": outage.render(language), "where": outage.where}
    if command is None or command.name != "process":
        return {"status": "postponed", "outage": {"kind": outage.kind, "where": outage.where},
                "messages": [message]}
    files = _files_of(command, argv[1:], workspace)
    if not files:
        return [JobResult(file=None, kind=None, status="postponed", job=None, messages=(message,))]  # type: ignore[arg-type]
    return [JobResult(file=shown(path, workspace), kind=None, status="postponed", job=None,
                      messages=({**message, "where": path.name},)) for path in files]


def _files_of(command: click.Command, args: list[str], workspace: Workspace) -> list[Path]:
    """The files `process` would have handled: the paths it was given, else the inbox's waiting
    files; read only, and best-effort (an empty list when even that cannot be read)."""
    from backoffice_auto.pipeline.ignore import named_work, work_in
    from backoffice_auto.rules.loader import load_rules

    try:
        with command.make_context(command.name or "process", list(args), resilient_parsing=True) as ctx:
            paths = [Path(p) for p in ctx.params.get("paths") or ()]
        watch = getattr(load_rules(workspace.rules_dir).rules, "watch", None)
        if paths:
            return named_work(paths, watch)
        return sorted(work_in(workspace.inbox, watch), key=str) if workspace.inbox.is_dir() else []
    except Exception:  # noqa: BLE001 - the JSON must be printed whatever the listing meets
        return []
